import Foundation
import LessonRecords

/// A lesson card's picture and a caption that says what it shows, so the picture means
/// something before the lesson is opened: the lesson's last chart (with a key to its lines),
/// else its gradient check (digits of agreement per parameter), else its first network or graph,
/// else a heatmap of its largest tensor.
enum Thumbnail {
    /// The card's `<figure class="thumb">`.
    static func render(_ lesson: LessonRecord) -> String {
        let (picture, caption) = pictureAndCaption(lesson)
        return "<figure class=\"thumb\"><div class=\"thumb-picture\">\(picture)</div>"
            + "<figcaption class=\"thumb-caption\">\(caption)</figcaption></figure>"
    }

    private static func pictureAndCaption(_ lesson: LessonRecord) -> (String, String) {
        if let chart = lesson.steps.flatMap(\.charts).last {
            return (ChartSVG.thumbnail(chart), esc(chart.title) + key(chart))
        }
        // Only a check against central differences (a table without them has h = NaN) has digits to draw.
        if let table = lesson.steps.flatMap(\.checks).first(where: { $0.h.isFinite && !$0.rows.isEmpty
                                                                        && $0.rows.allSatisfy { $0.manualVsNumericRel.isFinite } }) {
            return (checkBars(table), "Digits of agreement between the hand-written gradient and central differences, per parameter")
        }
        if let network = lesson.steps.flatMap(\.networks).first {
            return (NetworkSVG.render(network, phase: .none, edges: .weights, caption: "the network"),
                    "The network: each line a weight, blue positive, orange negative, wider for larger")
        }
        if let graph = lesson.steps.flatMap(\.graphs).first {
            return (GraphSVG.render(graph), "The computation graph, from inputs to loss")
        }
        let tensors = lesson.steps.flatMap(\.tensors).filter { ($0.values?.count ?? 0) > 1 || $0.preview != nil }
        if let tensor = tensors.max(by: { $0.stats.count < $1.stats.count }), let svg = heatmap(tensor) {
            let shape = tensor.shape.map(String.init).joined(separator: " × ")
            return (svg, "\(esc(tensor.name)) (\(esc(shape))): blue positive, orange negative")
        }
        return ("<svg class=\"thumb-blank\" viewBox=\"0 0 240 130\" width=\"240\" height=\"130\" role=\"img\"><title>\(esc(lesson.title))</title><desc>No figure</desc>"
                + "<rect x=\"0\" y=\"0\" width=\"240\" height=\"130\" fill=\"#eef2f6\"/></svg>", "No figure")
    }

    /// A key to a chart's lines: a short swatch in each series' colour and dash, and its name.
    private static func key(_ chart: ChartRecord) -> String {
        guard chart.series.count > 1 else { return "" }
        var html = "<span class=\"thumb-key\">"
        for (index, series) in chart.series.enumerated() {
            let (colour, dashAttribute) = Palette.seriesStroke(index)
            html += "<span class=\"thumb-key-item\"><svg class=\"swatch\" viewBox=\"0 0 22 6\" width=\"22\" height=\"6\" aria-hidden=\"true\">"
                + "<line x1=\"0\" y1=\"3\" x2=\"22\" y2=\"3\" stroke=\"\(colour)\" stroke-width=\"2\"\(dashAttribute)/></svg>\(esc(series.name))</span>"
        }
        return html + "</span>"
    }

    /// One bar per parameter: how many leading digits the hand-written gradient shares with
    /// central differences, -log10 of their largest relative difference (16 for an exact match).
    static func checkBars(_ table: GradientCheckTable) -> String {
        let width = 240.0, rowHeight = min(22.0, 114.0 / Double(table.rows.count)), left = 44.0, right = 40.0
        let height = 16 + rowHeight * Double(table.rows.count)
        let digits = table.rows.map { agreementDigits($0.manualVsNumericRel) }
        let desc = zip(table.rows, digits).map { "\($0.parameter): \(Num.format($1, significant: 3)) digits" }.joined(separator: "; ")
        var svg = SVG.open(width: width, height: height, className: "chart chart-thumb", title: "Gradient check of \(table.name)",
                           desc: "Bars of -log10 of the largest relative difference, manual against numeric. \(desc).")
        for (row, (record, value)) in zip(table.rows, digits).enumerated() {
            let y = 8 + Double(row) * rowHeight
            let length = (width - left - right) * value / 16
            svg += SVG.text(left - 4, y + rowHeight * 0.65, record.parameter, size: 10, anchor: "end")
            svg += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(y + 2))\" width=\"\(SVG.n(length))\" height=\"\(SVG.n(rowHeight - 4))\" fill=\"\(Palette.positive)\"/>"
            svg += SVG.text(left + length + 3, y + rowHeight * 0.65, Num.format(value, significant: 3), size: 10)
        }
        return svg + "</svg>"
    }

    /// -log10 of a relative difference, clamped to 0...16 (a double has about 16 digits).
    static func agreementDigits(_ relative: Double) -> Double {
        guard relative.isFinite else { return 0 }
        guard relative > 1e-16 else { return 16 }
        return min(16, max(0, -log10(relative)))
    }

    private static func heatmap(_ tensor: TensorRecord) -> String? {
        let (rows, columns) = TensorView.matrixShape(tensor.shape)
        if let values = tensor.values, values.count == rows * columns {
            let limit = values.filter(\.isFinite).map(abs).max() ?? 0
            return HeatmapSVG.render(title: tensor.name, desc: "Heatmap of \(tensor.name)", rows: rows, columns: columns,
                                     values: values, limit: limit, cellLabel: tensor.name)
        }
        if let preview = tensor.preview, preview.values.count == preview.rows * preview.columns {
            let limit = preview.values.filter(\.isFinite).map(abs).max() ?? 0
            return HeatmapSVG.render(title: tensor.name, desc: "Heatmap of \(tensor.name)", rows: preview.rows,
                                     columns: preview.columns, values: preview.values, limit: limit, cellLabel: tensor.name)
        }
        return nil
    }
}
