import Foundation
import LessonRecords

/// Matrices too big for a table of numbers, drawn as SVG heatmaps on the diverging scale, with a
/// legend; and confusion matrices, drawn as a labelled grid of counts.
enum HeatmapSVG {
    /// Cells get a tooltip with their value up to this many cells; beyond, the file would balloon.
    static let maxTitledCells = 400

    /// A `rows` x `columns` grid of `values` (row-major) coloured on `-limit...limit`.
    static func render(title: String, desc: String, rows: Int, columns: Int, values: [Double], limit: Double,
                       cellLabel: String = "") -> String {
        let cell = max(2, min(24, floor(min(560 / Double(columns), 420 / Double(rows)))))
        let gridWidth = cell * Double(columns), gridHeight = cell * Double(rows)
        let legendWidth = 220.0
        let width = max(gridWidth, legendWidth + 20) + 2
        let height = gridHeight + 58
        var svg = SVG.open(width: width, height: height, className: "heatmap", title: title, desc: desc)
        svg += "<g shape-rendering=\"crispEdges\">"
        let titled = rows * columns <= maxTitledCells
        for r in 0..<rows {
            var c = 0
            while c < columns {
                let value = values[r * columns + c]
                let colour = Palette.diverging(quantised(value, limit: limit, titled: titled), limit: limit)
                var run = 1
                // Neighbours of the same (quantised) colour become one wider rectangle.
                if !titled {
                    while c + run < columns,
                          Palette.diverging(quantised(values[r * columns + c + run], limit: limit, titled: false), limit: limit) == colour {
                        run += 1
                    }
                }
                let rect = "<rect x=\"\(SVG.n(1 + Double(c) * cell))\" y=\"\(SVG.n(1 + Double(r) * cell))\" width=\"\(SVG.n(Double(run) * cell))\" height=\"\(SVG.n(cell))\" fill=\"\(colour)\""
                svg += titled ? rect + "><title>\(esc(cellLabel))[\(r), \(c)] = \(esc(Num.format(value, significant: 6)))</title></rect>" : rect + "/>"
                c += run
            }
        }
        svg += "</g><rect x=\"1\" y=\"1\" width=\"\(SVG.n(gridWidth))\" height=\"\(SVG.n(gridHeight))\" fill=\"none\" stroke=\"#9aa3ad\"/>"
        svg += legend(x: 1, y: gridHeight + 14, width: legendWidth, limit: limit)
        return svg + "</svg>"
    }

    /// Large matrices snap to 41 colour levels, which lets runs merge without a visible change.
    private static func quantised(_ value: Double, limit: Double, titled: Bool) -> Double {
        guard !titled, limit > 0, value.isFinite else { return value }
        return (max(-1, min(1, value / limit)) * 20).rounded() / 20 * limit
    }

    /// The colour bar with its ends and centre labelled; `strength` as the coloured cells use it.
    static func legend(x: Double, y: Double, width: Double, limit: Double, strength: Double = 1) -> String {
        let steps = 21
        let w = width / Double(steps)
        var svg = "<g class=\"legend\">"
        for i in 0..<steps {
            let value = (Double(i) / Double(steps - 1) * 2 - 1) * limit
            svg += "<rect x=\"\(SVG.n(x + Double(i) * w))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w + 0.5))\" height=\"12\" fill=\"\(Palette.diverging(value, limit: limit, strength: strength))\"/>"
        }
        svg += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w * Double(steps)))\" height=\"12\" fill=\"none\" stroke=\"#9aa3ad\"/>"
        svg += SVG.text(x, y + 28, Num.format(-limit, significant: 3), size: 11, fill: Palette.muted)
        svg += SVG.text(x + width / 2, y + 28, "0", size: 11, anchor: "middle", fill: Palette.muted)
        svg += SVG.text(x + width, y + 28, Num.format(limit, significant: 3), size: 11, anchor: "end", fill: Palette.muted)
        return svg + "</g>"
    }

    /// A confusion matrix: rows are true classes, columns predictions, counts in every cell.
    static func confusion(_ tensor: TensorRecord, values: [Double]) -> String {
        let rows = tensor.shape[0], columns = tensor.shape[1]
        let rowLabels = tensor.rowLabels ?? (0..<rows).map(String.init)
        let columnLabels = tensor.columnLabels ?? (0..<columns).map(String.init)
        let cell = 36.0, left = 70.0, top = 58.0
        let legendWidth = 200.0
        let width = max(left + cell * Double(columns), left + legendWidth) + 10, height = top + cell * Double(rows) + 52
        let maximum = values.filter(\.isFinite).max() ?? 1
        let total = values.filter(\.isFinite).reduce(0, +)
        let correct = (0..<min(rows, columns)).map { values[$0 * columns + $0] }.reduce(0, +)
        let desc = "Confusion matrix: rows are true labels, columns predicted labels; \(Num.format(correct)) of \(Num.format(total)) on the diagonal (correct); cells shade from white for 0 to dark blue for the largest count, \(Num.format(maximum, significant: 4))."
        var svg = SVG.open(width: width, height: height, className: "confusion", title: tensor.name, desc: desc)
        svg += SVG.text(left + cell * Double(columns) / 2, 16, "predicted", size: 12, anchor: "middle", fill: Palette.muted)
        let rowMid = top + cell * Double(rows) / 2
        svg += SVG.text(16, rowMid, "true label", size: 12, anchor: "middle", fill: Palette.muted,
                        extra: " transform=\"rotate(-90 16 \(SVG.n(rowMid)))\"")
        for c in 0..<columns {
            svg += SVG.text(left + (Double(c) + 0.5) * cell, top - 10, label(columnLabels, c), size: 12, anchor: "middle", weight: "600")
        }
        for r in 0..<rows {
            svg += SVG.text(left - 10, top + (Double(r) + 0.5) * cell + 4, label(rowLabels, r), size: 12, anchor: "end", weight: "600")
            for c in 0..<columns {
                let value = values[r * columns + c]
                let x = left + Double(c) * cell, y = top + Double(r) * cell
                let diagonal = r == c
                svg += "<g><title>true \(esc(label(rowLabels, r))), predicted \(esc(label(columnLabels, c))): \(esc(Num.format(value, significant: 6)))</title>"
                svg += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(cell))\" height=\"\(SVG.n(cell))\" fill=\"\(Palette.sequential(value, maximum: maximum))\" stroke=\"\(diagonal ? Palette.ink : "#ffffff")\" stroke-width=\"\(diagonal ? 1.5 : 1)\"/>"
                let light = Palette.sequentialNeedsLightText(value, maximum: maximum)
                svg += SVG.text(x + cell / 2, y + cell / 2 + 4, Num.format(value, significant: 4), size: value >= 1000 ? 10 : 11.5,
                                anchor: "middle", fill: light ? "#ffffff" : Palette.ink, weight: diagonal ? "700" : nil)
                svg += "</g>"
            }
        }
        svg += countLegend(x: left, y: top + cell * Double(rows) + 12, width: legendWidth, maximum: maximum)
        return svg + "</svg>"
    }

    /// The confusion matrix's colour bar: counts from 0 (white) to the largest (dark blue).
    private static func countLegend(x: Double, y: Double, width: Double, maximum: Double) -> String {
        let steps = 21
        let w = width / Double(steps)
        var svg = "<g class=\"legend\">"
        for i in 0..<steps {
            let value = Double(i) / Double(steps - 1) * maximum
            svg += "<rect x=\"\(SVG.n(x + Double(i) * w))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w + 0.5))\" height=\"12\" fill=\"\(Palette.sequential(value, maximum: maximum))\"/>"
        }
        svg += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(w * Double(steps)))\" height=\"12\" fill=\"none\" stroke=\"#9aa3ad\"/>"
        svg += SVG.text(x, y + 28, "0", size: 11, fill: Palette.muted)
        svg += SVG.text(x + width, y + 28, "\(Num.format(maximum, significant: 4)) (most in a cell)", size: 11, anchor: "end", fill: Palette.muted)
        return svg + "</g>"
    }

    private static func label(_ labels: [String], _ index: Int) -> String {
        index < labels.count ? labels[index] : String(index)
    }
}
