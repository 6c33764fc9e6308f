import LessonRecords

/// Gradient-check tables and plain text tables.
enum CheckTableView {
    static func render(_ check: GradientCheckTable) -> String {
        // Ten columns: wider than a phone, so the box is focusable and named for the keyboard.
        var html = "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"\(esc(check.name)), scrolls sideways\">"
            + "<table class=\"numbers check\"><caption>\(esc(check.name)): largest differences per parameter "
            + "(h = \(esc(Num.format(check.h))), tolerance \(esc(Num.format(check.tolerance))))</caption>"
        html += "<thead><tr><th scope=\"col\" rowspan=\"2\" class=\"corner\">parameter</th><th scope=\"colgroup\" colspan=\"2\">manual vs autograd</th>"
            + "<th scope=\"colgroup\" colspan=\"2\">manual vs numeric</th><th scope=\"colgroup\" colspan=\"2\">autograd vs numeric</th>"
            + "<th scope=\"col\" rowspan=\"2\">worst element</th><th scope=\"col\" rowspan=\"2\">kinks</th><th scope=\"col\" rowspan=\"2\">result</th></tr>"
            + "<tr><th scope=\"col\">abs</th><th scope=\"col\">rel</th><th scope=\"col\">abs</th><th scope=\"col\">rel</th><th scope=\"col\">abs</th><th scope=\"col\">rel</th></tr></thead><tbody>"
        for row in check.rows {
            html += "<tr class=\"\(row.passed ? "pass" : "fail")\"><th scope=\"row\"><code>\(esc(row.parameter))</code> <span class=\"shape\">(\(esc(Num.shape(row.shape))))</span></th>"
            for value in [row.manualVsAutogradAbs, row.manualVsAutogradRel, row.manualVsNumericAbs, row.manualVsNumericRel,
                          row.autogradVsNumericAbs, row.autogradVsNumericRel] {
                html += "<td>\(esc(Num.format(value, significant: 3)))</td>"
            }
            html += "<td>\(row.worstIndex)</td><td>\(row.kinks)</td>"
            html += row.passed ? "<td class=\"result\">✓ pass</td>" : "<td class=\"result\">✗ fail</td>"
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func render(_ table: TableRecord, linkTutorials: Bool = false) -> String {
        let text = { (cell: String) in TutorialLinks.escaped(cell, linked: linkTutorials) }
        var html = "<div class=\"table-wrap\"><table class=\"text-table\"><caption>\(text(table.title))</caption><thead><tr>"
        for cell in table.header { html += "<th scope=\"col\">\(text(cell))</th>" }
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(text($0))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table></div>"
    }
}
