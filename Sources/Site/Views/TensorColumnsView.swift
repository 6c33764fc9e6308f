import LessonRecords

/// Column vectors read against each other (`TensorGrouping`): one table, a column per tensor and
/// a row per index, tinted on one scale (the widest of the members' lesson scales) so that equal
/// values look equal across columns, with its legend.
enum TensorColumnsView {
    static func render(_ tensors: [TensorRecord], scales: [String: Double]) -> String {
        let limit = tensors.map { scales[$0.name] ?? 0 }.max() ?? 0
        let rows = tensors.compactMap(TensorGrouping.columnLength).min() ?? 0
        let labels = tensors.lazy.compactMap(\.rowLabels).first
        var html = "<figure class=\"tensor tensor-columns\"><figcaption>"
        html += tensors.map { "<span class=\"tensor-member\">\(TensorView.caption($0))</span>" }.joined(separator: " ")
        html += "</figcaption><div class=\"table-wrap\"><table class=\"numbers tensor-values\"><thead><tr><td class=\"corner\"></td>"
        for tensor in tensors { html += "<th scope=\"col\"><code>\(esc(tensor.name))</code></th>" }
        html += "</tr></thead><tbody>"
        for r in 0..<rows {
            let label = labels.flatMap { r < $0.count ? $0[r] : nil } ?? String(r)
            html += "<tr><th scope=\"row\">\(esc(label))</th>"
            for tensor in tensors {
                let value = tensor.values?[r] ?? .nan
                let tint = value.isFinite ? Palette.diverging(value, limit: limit, strength: TensorView.tintStrength) : TensorView.nonFiniteCell
                html += "<td style=\"background:\(tint)\">\(esc(Num.format(value)))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        return html + ScaleLegendSVG.table(names: tensors.map(\.name), limit: limit) + "</figure>"
    }
}
