import LessonRecords

/// An autograd tape on a page: its entries as a table in the order they were recorded, the
/// backward sweep as recorded frames to step through (a labelled range input and Previous/Next
/// buttons, shown by the script, as for the training scrubber), and the whole sweep as a table.
/// Without JavaScript the two tables and the first frame are shown.
enum TapeView {
    static func render(_ tape: TapeRecord, step: String) -> String {
        entriesTable(tape) + sweep(tape, step: step) + sweepTable(tape)
    }

    /// `#7 add → l1`, `#0 variable w1`, `#4 constant x`: how the page names an entry.
    static func title(_ entry: TapeRecord.Entry) -> String {
        "#\(entry.position) " + operationAndName(entry)
    }

    /// `#4 x`, `#6 matmul`: an entry named briefly, by its name if it has one.
    static func short(_ entry: TapeRecord.Entry) -> String {
        "#\(entry.position) \(entry.name ?? entry.operation)"
    }

    /// The entry's operation and, after an arrow, the name given to its value.
    static func operationAndName(_ entry: TapeRecord.Entry) -> String {
        guard let name = entry.name else { return entry.operation }
        return entry.inputs.isEmpty ? "\(entry.operation) \(name)" : "\(entry.operation) → \(name)"
    }

    /// A tensor in brief: `(25×5) 0.1234, 0, −0.5678, …`, or just the number for a scalar.
    static func excerpt(_ values: TapeRecord.Excerpt) -> String {
        let numbers = values.first.map { Num.format($0) }.joined(separator: ", ")
        if values.shape.isEmpty { return numbers }
        return "(\(Num.shape(values.shape))) " + numbers + (values.count > values.first.count ? ", …" : "")
    }

    private static func entriesTable(_ tape: TapeRecord) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"text-table tape-entries\"><caption>\(esc(tape.name)): the tape, "
            + "in the order the forward pass recorded it (values: shape, then the first elements)</caption><thead><tr>"
            + ["#", "operation", "inputs", "name", "value"].map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for entry in tape.entries {
            let inputs = entry.inputs.compactMap { tape.entry($0) }.map(short).joined(separator: ", ")
            html += "<tr><th scope=\"row\">\(entry.position)</th><td>\(esc(entry.operation))</td><td>\(esc(inputs))</td>"
                + "<td>\(entry.name.map { "<code>\(esc($0))</code>" } ?? "")</td><td class=\"tape-value\">\(esc(excerpt(entry.value)))</td></tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// The frames: one per entry the sweep visits, the tape drawn with that entry in hand beside
    /// what its pullback added.
    private static func sweep(_ tape: TapeRecord, step: String) -> String {
        guard !tape.visits.isEmpty else { return "" }
        let id = "tape-\(HTML.slug(step))"
        let last = tape.visits.count - 1
        var html = "<figure class=\"scrubber tape-sweep\" data-scrubber=\"\" data-start=\"0\">"
            + "<figcaption>The backward sweep, one entry at a time, from the loss back to the first entry</figcaption>"
            + "<div class=\"scrubber-controls\" hidden=\"hidden\">"
            + "<label for=\"\(id)\">Entry in hand</label>"
            + "<button type=\"button\" data-scrub=\"-1\">Previous entry</button>"
            + "<input type=\"range\" id=\"\(id)\" min=\"0\" max=\"\(last)\" step=\"1\" value=\"0\" aria-valuetext=\"\(esc(frameLabel(tape, 0)))\"/>"
            + "<button type=\"button\" data-scrub=\"1\">Next entry</button>"
            + "<output for=\"\(id)\" class=\"scrubber-value\">\(esc(frameLabel(tape, 0)))</output></div>"
            + "<p class=\"scrubber-strip-note\">Without JavaScript: the first of the \(tape.visits.count) frames; "
            + "the table below lists every entry of the sweep.</p><div class=\"frames\">"
        for index in tape.visits.indices {
            html += "<div class=\"frame\" data-frame=\"\(index)\" data-label=\"\(esc(frameLabel(tape, index)))\"\(index == 0 ? "" : " hidden=\"hidden\"")>"
                + "<p class=\"frame-label\">\(esc(frameLabel(tape, index)))</p><div class=\"tape-frame\">"
                + "<div class=\"figure-scroll\">\(TapeSVG.render(tape, frame: index))</div>"
                + frameText(tape, index) + "</div></div>"
        }
        return html + "</div></figure>"
    }

    static func frameLabel(_ tape: TapeRecord, _ index: Int) -> String {
        let entry = tape.entry(tape.visits[index].entry)
        return "\(index + 1) of \(tape.visits.count): \(entry.map(title) ?? "#\(tape.visits[index].entry)")"
    }

    /// What happens at one visit, in words: the gradient in hand, each `+=` with the running
    /// total, and what the entry's stored gradient holds afterwards.
    static func frameText(_ tape: TapeRecord, _ index: Int) -> String {
        let visit = tape.visits[index]
        guard let entry = tape.entry(visit.entry) else { return "" }
        var html = "<div class=\"tape-frame-text\"><p><strong>In hand: \(esc(title(entry)))</strong>. Its gradient is complete: "
            + "<code>\(esc(excerpt(visit.gradient)))</code>.</p>"
        if visit.additions.isEmpty {
            html += "<p>A leaf: there is no pullback to run.</p>"
        } else {
            html += "<p>The pullback of <code>\(esc(entry.operation))</code> runs and adds:</p><ul>"
            for addition in visit.additions {
                let input = tape.entry(addition.input).map(short) ?? "#\(addition.input)"
                let earlier = tape.visits[..<index].contains { $0.additions.contains { $0.input == addition.input } }
                html += "<li><code>\(esc(input))</code> += <code>\(esc(excerpt(addition.gradient)))</code>; "
                    + (earlier ? "its total is now" : "it held nothing yet, so its total is")
                    + " <code>\(esc(excerpt(addition.total)))</code></li>"
            }
            html += "</ul>"
        }
        html += "<p>Stored: its <code>grad</code> now holds <code>\(esc(excerpt(visit.stored)))</code>.</p>"
        return html + "</div>"
    }

    private static func sweepTable(_ tape: TapeRecord) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"text-table tape-sweep-table\"><caption>\(esc(tape.name)): the backward "
            + "sweep, entry by entry (each entry's gradient, what its pullback added to each input, and that input's total "
            + "after the addition)</caption><thead><tr>"
            + ["visit", "entry in hand", "its gradient", "adds to", "+=", "total"].map { "<th scope=\"col\">\($0)</th>" }.joined()
            + "</tr></thead><tbody>"
        for (index, visit) in tape.visits.enumerated() {
            let entry = tape.entry(visit.entry).map(title) ?? "#\(visit.entry)"
            let span = max(1, visit.additions.count)
            let rowspan = span > 1 ? " rowspan=\"\(span)\"" : ""
            html += "<tr><th scope=\"row\"\(rowspan)>\(index + 1)</th><td\(rowspan)>\(esc(entry))</td>"
                + "<td class=\"tape-value\"\(rowspan)>\(esc(excerpt(visit.gradient)))</td>"
            if visit.additions.isEmpty {
                html += "<td colspan=\"3\">a leaf: no pullback; its gradient is stored</td></tr>"
                continue
            }
            for (k, addition) in visit.additions.enumerated() {
                if k > 0 { html += "<tr>" }
                let input = tape.entry(addition.input).map(short) ?? "#\(addition.input)"
                html += "<td>\(esc(input))</td><td class=\"tape-value\">\(esc(excerpt(addition.gradient)))</td>"
                    + "<td class=\"tape-value\">\(esc(excerpt(addition.total)))</td></tr>"
            }
        }
        return html + "</tbody></table></div>"
    }
}
