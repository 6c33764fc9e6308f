import Foundation
import LessonRecords

/// A tensor on a page: its name, shape and role, summary statistics where they help, and its
/// values as a table with a colour legend (small tensors, tall ones behind a summary) or a
/// heatmap (large ones).
enum TensorView {
    /// Tables of numbers up to this many elements, or matrices up to `maxTableRows` x `maxTableColumns`.
    static let maxTableElements = 64
    static let maxTableRows = 32
    static let maxTableColumns = 8

    /// The largest finite |value| of each tensor name across a lesson, so a tensor drawn at two
    /// steps uses the same colours both times and changes are visible.
    static func scales(for record: LessonRecord) -> [String: Double] {
        var limits: [String: Double] = [:]
        for step in record.steps {
            for tensor in step.tensors {
                let values = tensor.values ?? tensor.preview?.values ?? []
                let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
                limits[tensor.name] = max(limits[tensor.name] ?? 0, largest)
            }
        }
        return limits
    }

    static func isConfusionMatrix(_ tensor: TensorRecord) -> Bool {
        tensor.role == .metric && tensor.shape.count == 2 && tensor.shape[0] == tensor.shape[1]
            && tensor.shape[0] <= 20 && tensor.values != nil && (tensor.rowLabels != nil || tensor.columnLabels != nil)
    }

    /// A tensor's figure: its caption; a scalar as `name = value`; a table of values (behind a
    /// summary when it is taller than `maxOpenLines`) with its colour legend; or a heatmap.
    static func render(_ tensor: TensorRecord, limit: Double) -> String {
        var html = "<figure class=\"tensor\"><figcaption>\(caption(tensor))</figcaption>"
        let (rows, columns) = matrixShape(tensor.shape)
        if let values = tensor.values, values.count == rows * columns, values.count > 0 {
            if isConfusionMatrix(tensor) {
                html += "<div class=\"figure-scroll\">\(HeatmapSVG.confusion(tensor, values: values))</div>"
            } else if values.count == 1 {
                html += "<p class=\"scalar-value\"><code>\(esc(tensor.name)) = \(esc(Num.format(values[0], significant: 6)))</code></p>"
            } else if values.count <= maxTableElements || (rows <= maxTableRows && columns <= maxTableColumns) {
                let body = table(tensor, values: values, rows: rows, columns: columns, limit: limit)
                    + ScaleLegendSVG.table(names: [tensor.name], limit: limit)
                let lines = (columns + bandColumns - 1) / bandColumns * (rows + 1)
                html += lines > maxOpenLines ? collapsed(tensor, body) : stats(tensor) + body
            } else {
                html += stats(tensor) + heatmap(tensor, rows: rows, columns: columns, values: values, limit: limit, preview: false)
            }
        } else if let preview = tensor.preview, preview.values.count == preview.rows * preview.columns, !preview.values.isEmpty {
            html += stats(tensor) + heatmap(tensor, rows: preview.rows, columns: preview.columns, values: preview.values, limit: limit, preview: true)
        } else {
            html += stats(tensor)
        }
        return html + "</figure>"
    }

    /// Tables taller than this many lines (header lines included, over all bands) start closed,
    /// behind a summary with the statistics.
    static let maxOpenLines = 16

    /// Statistics are shown for tensors with more values than this: a few values are read at once.
    static let maxValuesWithoutStats = 8

    /// Name, shape and role: the role as a word, since colour means sign alone.
    static func caption(_ tensor: TensorRecord) -> String {
        "<code class=\"tensor-name\">\(esc(tensor.name))</code> "
            + "<span class=\"shape\">(\(esc(Num.shape(tensor.shape))))</span> "
            + "<span class=\"role\">\(esc(tensor.role.rawValue))</span>"
    }

    /// A big table behind its statistics; it opens without JavaScript and prints open.
    private static func collapsed(_ tensor: TensorRecord, _ body: String) -> String {
        "<details class=\"tensor-more\"><summary><span class=\"stats\">\(esc(statsText(tensor)))</span> "
            + "<span class=\"show-values\">all \(tensor.stats.count) values</span></summary>\(body)</details>"
    }

    /// Rows and columns of the matrix a tensor is drawn as: a vector is one row, higher ranks
    /// fold every dimension but the last into the rows (as the recorded previews do).
    static func matrixShape(_ shape: [Int]) -> (Int, Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (1, shape[0])
        default: return (shape.dropLast().reduce(1, *), shape[shape.count - 1])
        }
    }

    /// The statistics line, or nothing for a tensor whose few values are all on show.
    private static func stats(_ tensor: TensorRecord) -> String {
        if tensor.values != nil && tensor.stats.count <= maxValuesWithoutStats { return "" }
        return "<p class=\"stats\">\(esc(statsText(tensor)))</p>"
    }

    private static func statsText(_ tensor: TensorRecord) -> String {
        let s = tensor.stats
        var parts = ["min \(Num.format(s.min))", "max \(Num.format(s.max))", "mean \(Num.format(s.mean))", "std \(Num.format(s.std))"]
        if s.zeros > 0 { parts.append("\(s.zeros) of \(s.count) zero") }
        if s.nonFinite > 0 { parts.append("\(s.nonFinite) not finite") }
        return parts.joined(separator: " · ")
    }

    /// Wider tables are cut into bands of this many columns, stacked, each its own table with
    /// the row labels: a long vector then wraps instead of running off a narrow screen or the
    /// printed page.
    static let bandColumns = 8

    private static func table(_ tensor: TensorRecord, values: [Double], rows: Int, columns: Int, limit: Double) -> String {
        var html = "<div class=\"table-wrap\">"
        for start in stride(from: 0, to: columns, by: bandColumns) {
            let band = start..<min(columns, start + bandColumns)
            html += "<table class=\"numbers tensor-values\"><thead><tr><td class=\"corner\"></td>"
            for c in band {
                let label = tensor.columnLabels.flatMap { c < $0.count ? $0[c] : nil } ?? String(c)
                html += "<th scope=\"col\">\(esc(label))</th>"
            }
            html += "</tr></thead><tbody>"
            for r in 0..<rows {
                let label = tensor.rowLabels.flatMap { r < $0.count ? $0[r] : nil } ?? String(r)
                html += "<tr><th scope=\"row\">\(esc(label))</th>"
                for c in band {
                    let value = values[r * columns + c]
                    // The scale's grey for a non-finite value is too dark for the cell's text
                    // (3.9:1): a lighter grey keeps "NaN" and "inf" legible.
                    let tint = value.isFinite ? Palette.diverging(value, limit: limit, strength: tintStrength) : nonFiniteCell
                    html += "<td style=\"background:\(tint)\">\(esc(Num.format(value)))</td>"
                }
                html += "</tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</div>"
    }

    /// Cells are tinted this far along the diverging scale at most, light enough for dark text.
    static let tintStrength = 0.5

    /// A table cell's background for NaN and the infinities: light, so dark text on it has
    /// 10:1 contrast.
    static let nonFiniteCell = "#d0d0d0"

    private static func heatmap(_ tensor: TensorRecord, rows: Int, columns: Int, values: [Double], limit: Double, preview: Bool) -> String {
        let what = preview
            ? "Block-averaged picture (\(rows)×\(columns) cells) of \(tensor.name), shape \(Num.shape(tensor.shape))"
            : "Heatmap of \(tensor.name), shape \(Num.shape(tensor.shape))"
        let desc = "\(what); blue is positive, orange negative, white zero; the scale runs from \(Num.format(-limit)) to \(Num.format(limit)) and is shared by every step of this lesson that shows \(tensor.name)."
        let svg = HeatmapSVG.render(title: tensor.name, desc: desc, rows: rows, columns: columns, values: values,
                                    limit: limit, cellLabel: tensor.name)
        let note = preview ? "<p class=\"note\">Each cell averages a block of the full tensor.</p>" : ""
        return "<div class=\"figure-scroll\">\(svg)</div>\(note)"
    }
}
