import Foundation
import LessonRecords

/// Line charts of a lesson's series (losses, accuracies) as SVG, with round-number ticks, a
/// legend, a marker at the current step and an exact-value tooltip on every drawn point.
enum ChartSVG {
    /// Points with tooltips per series at most; a longer series gets them on an even subsample.
    static let maxTitledPoints = 200
    /// A longer series is drawn from per-bucket minima and maxima, which keeps its envelope.
    static let maxPolylinePoints = 1200

    struct Layout {
        var width = 640.0, height = 340.0
        var left = 64.0, right = 20.0, top = 44.0, bottom = 50.0
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    /// The full chart for a lesson page.
    static func render(_ chart: ChartRecord) -> String {
        draw(chart, layout: Layout(), compact: false)
    }

    /// A small version for an index card: lines, the axes' frame, no text but the title.
    static func thumbnail(_ chart: ChartRecord) -> String {
        draw(chart, layout: Layout(width: 240, height: 130, left: 8, right: 8, top: 8, bottom: 8), compact: true)
    }

    /// Where values land on the drawing: the layout and the two axes' ranges.
    private struct Plot {
        let layout: Layout
        let xAxis: (range: ClosedRange<Double>, ticks: [Double])
        let yTicks: [(Double, String)]
        let yRange: ClosedRange<Double>
        let logScale: Bool
        let usable: (Double) -> Bool

        init(_ chart: ChartRecord, layout: Layout, compact: Bool) {
            let usable: (Double) -> Bool = chart.logScale ? { $0.isFinite && $0 > 0 } : { $0.isFinite }
            let xs = chart.series.flatMap(\.x).filter(\.isFinite)
            let ys = chart.series.flatMap(\.y).filter(usable)
            let xTicks = Ticks.linear(xs.min() ?? 0, xs.max() ?? 1, target: compact ? 4 : 6)
            let yLinear = Ticks.linear(ys.min() ?? 0, ys.max() ?? 1, target: 5)
            let yLog = Ticks.logarithmic(ys.min() ?? 1, ys.max() ?? 10)
            self.layout = layout
            self.xAxis = (xTicks.range, xTicks.ticks)
            self.yRange = chart.logScale ? yLog.range : yLinear.range
            self.yTicks = chart.logScale
                ? yLog.exponents.map { (pow(10, Double($0)), Ticks.decadeLabel($0)) }
                : yLinear.ticks.map { ($0, Num.format($0)) }
            self.logScale = chart.logScale
            self.usable = usable
        }

        var bottom: Double { layout.top + layout.plotHeight }
        var right: Double { layout.left + layout.plotWidth }

        func px(_ x: Double) -> Double {
            let span = xAxis.range.upperBound - xAxis.range.lowerBound
            return layout.left + (span == 0 ? 0.5 : (x - xAxis.range.lowerBound) / span) * layout.plotWidth
        }

        func py(_ y: Double) -> Double {
            let v = logScale ? log10(y) : y
            let span = yRange.upperBound - yRange.lowerBound
            return layout.top + layout.plotHeight - (span == 0 ? 0.5 : (v - yRange.lowerBound) / span) * layout.plotHeight
        }
    }

    private static func draw(_ chart: ChartRecord, layout: Layout, compact: Bool) -> String {
        let plot = Plot(chart, layout: layout, compact: compact)
        let scaleWord = chart.logScale ? " (log scale)" : ""
        let seriesWords = chart.series.map { s in
            let last = Array(zip(s.x, s.y)).last.map { "last \(chart.xLabel) \(Num.format($0.0, significant: 6)): \(Num.format($0.1, significant: 6))" } ?? "empty"
            return "\(s.name): \(s.y.count) points, \(last)"
        }.joined(separator: "; ")
        let desc = "Line chart of \(chart.yLabel)\(scaleWord) against \(chart.xLabel). \(seriesWords)."
        var svg = SVG.open(width: layout.width, height: layout.height, className: compact ? "chart chart-thumb" : "chart",
                           title: chart.title, desc: desc)
        svg += axes(chart, plot, compact: compact, scaleWord: scaleWord)
        svg += marker(chart, plot, compact: compact)
        for (index, series) in chart.series.enumerated() {
            svg += line(series, index: index, chart: chart, plot, compact: compact)
        }
        if !compact { svg += legend(chart, layout: layout) }
        return svg + "</svg>"
    }

    /// Grid, frame, ticks and (unless compact) their labels and the axis titles.
    private static func axes(_ chart: ChartRecord, _ plot: Plot, compact: Bool, scaleWord: String) -> String {
        let layout = plot.layout
        var svg = "<g stroke=\"\(Palette.grid)\" stroke-width=\"1\">"
        if !compact {
            for tick in plot.xAxis.ticks { svg += "<line x1=\"\(SVG.n(plot.px(tick)))\" y1=\"\(SVG.n(layout.top))\" x2=\"\(SVG.n(plot.px(tick)))\" y2=\"\(SVG.n(plot.bottom))\"/>" }
        }
        for (value, _) in plot.yTicks { svg += "<line x1=\"\(SVG.n(layout.left))\" y1=\"\(SVG.n(plot.py(value)))\" x2=\"\(SVG.n(plot.right))\" y2=\"\(SVG.n(plot.py(value)))\"/>" }
        svg += "</g>"
        svg += "<rect x=\"\(SVG.n(layout.left))\" y=\"\(SVG.n(layout.top))\" width=\"\(SVG.n(layout.plotWidth))\" height=\"\(SVG.n(layout.plotHeight))\" fill=\"none\" stroke=\"#9aa3ad\"/>"
        guard !compact else { return svg }
        for tick in plot.xAxis.ticks {
            svg += "<line x1=\"\(SVG.n(plot.px(tick)))\" y1=\"\(SVG.n(plot.bottom))\" x2=\"\(SVG.n(plot.px(tick)))\" y2=\"\(SVG.n(plot.bottom + 5))\" stroke=\"#9aa3ad\"/>"
            svg += SVG.text(plot.px(tick), plot.bottom + 18, Num.format(tick), size: 12, anchor: "middle", fill: Palette.muted)
        }
        for (value, label) in plot.yTicks {
            svg += SVG.text(layout.left - 8, plot.py(value) + 4, label, size: 12, anchor: "end", fill: Palette.muted)
        }
        svg += SVG.text(layout.left + layout.plotWidth / 2, layout.height - 10, chart.xLabel, size: 13, anchor: "middle")
        let yMid = layout.top + layout.plotHeight / 2
        svg += SVG.text(16, yMid, chart.yLabel + scaleWord, size: 13, anchor: "middle",
                        extra: " transform=\"rotate(-90 16 \(SVG.n(yMid)))\"")
        return svg
    }

    /// The step's position, as a dashed vertical line.
    private static func marker(_ chart: ChartRecord, _ plot: Plot, compact: Bool) -> String {
        guard let marker = chart.marker, marker.isFinite else { return "" }
        let layout = plot.layout
        let x = plot.px(marker)
        var svg = "<g><title>this step: \(esc(chart.xLabel)) \(esc(Num.format(marker, significant: 6)))</title>"
        svg += "<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(layout.top))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(plot.bottom))\" stroke=\"\(Palette.ink)\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>"
        if !compact {
            // The label sits on the side of the line with more room, so it never leaves the chart.
            let onRight = x < layout.left + layout.plotWidth * 0.75
            svg += SVG.text(onRight ? x + 4 : x - 4, layout.top + 14, "this step", size: 12,
                            anchor: onRight ? "start" : "end", fill: Palette.ink, weight: "600")
        }
        return svg + "</g>"
    }

    /// One series: its line (broken at unusable points, decimated when long) and, unless
    /// compact, a titled dot per point (subsampled) with the exact values.
    private static func line(_ series: ChartRecord.Series, index: Int, chart: ChartRecord, _ plot: Plot, compact: Bool) -> String {
        let (colour, dashAttribute) = Palette.seriesStroke(index)
        let points = zip(series.x, series.y).enumerated().map { ($0.offset, $0.element.0, $0.element.1) }
        var svg = "<g class=\"series\"><title>\(esc(series.name))</title>"
        for run in runs(points, usable: { $0.1.isFinite && plot.usable($0.2) }) {
            let drawn = decimate(run)
            if drawn.count == 1 {
                let p = drawn[0]
                svg += "<circle cx=\"\(SVG.n(plot.px(p.1)))\" cy=\"\(SVG.n(plot.py(p.2)))\" r=\"2\" fill=\"\(colour)\"/>"
                continue
            }
            let list = drawn.map { "\(SVG.n(plot.px($0.1))),\(SVG.n(plot.py($0.2)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(compact ? 2 : 2.2)\" stroke-linejoin=\"round\"\(dashAttribute)/>"
        }
        if !compact {
            let valid = points.filter { $0.1.isFinite && plot.usable($0.2) }
            for p in subsample(valid, limit: maxTitledPoints) {
                svg += "<circle cx=\"\(SVG.n(plot.px(p.1)))\" cy=\"\(SVG.n(plot.py(p.2)))\" r=\"\(valid.count > 60 ? 2 : 3)\" fill=\"\(colour)\">"
                    + "<title>\(esc(series.name)), \(esc(chart.xLabel)) \(esc(Num.format(p.1, significant: 6))): \(esc(chart.yLabel)) \(esc(Num.format(p.2, significant: 6)))</title></circle>"
            }
        }
        return svg + "</g>"
    }

    /// The legend, above the plot. Entries that would run past the right edge are drawn
    /// smaller, so every one shows.
    private static func legend(_ chart: ChartRecord, layout: Layout) -> String {
        let widths = chart.series.map { 50 + Double($0.name.count) * 7.2 }
        let scale = Swift.min(1, (layout.width - layout.left - 8) / Swift.max(1, widths.reduce(0, +)))
        var svg = ""
        var x = layout.left
        for (index, series) in chart.series.enumerated() {
            let (colour, dashAttribute) = Palette.seriesStroke(index)
            svg += "<line x1=\"\(SVG.n(x))\" y1=\"22\" x2=\"\(SVG.n(x + 26 * scale))\" y2=\"22\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dashAttribute)/>"
            svg += SVG.text(x + 32 * scale, 26, series.name, size: 12.5 * scale)
            x += widths[index] * scale
        }
        return svg
    }

    /// Maximal runs of consecutive usable points, so a gap (NaN, or <= 0 on a log axis) breaks the line.
    private static func runs(_ points: [(Int, Double, Double)], usable: ((Int, Double, Double)) -> Bool) -> [[(Int, Double, Double)]] {
        var out: [[(Int, Double, Double)]] = []
        var current: [(Int, Double, Double)] = []
        for p in points {
            if usable(p) { current.append(p) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    private static func decimate(_ run: [(Int, Double, Double)]) -> [(Int, Double, Double)] {
        guard run.count > maxPolylinePoints else { return run }
        let bucket = Int((Double(run.count) / Double(maxPolylinePoints / 2)).rounded(.up))
        var out: [(Int, Double, Double)] = []
        var start = 0
        while start < run.count {
            let slice = run[start..<min(run.count, start + bucket)]
            let low = slice.min { $0.2 < $1.2 }!, high = slice.max { $0.2 < $1.2 }!
            out += low.0 <= high.0 ? [low, high] : [high, low]
            start += bucket
        }
        return out
    }

    /// At most `limit` elements evenly spread, always keeping the last.
    static func subsample<T>(_ items: [T], limit: Int) -> [T] {
        guard items.count > limit, limit > 1 else { return items }
        let stride = Int((Double(items.count) / Double(limit - 1)).rounded(.up))
        var out = Swift.stride(from: 0, to: items.count, by: stride).map { items[$0] }
        if (items.count - 1) % stride != 0 { out.append(items[items.count - 1]) }
        return out
    }

    /// The values behind the chart as a table in a `<details>`, for readers who cannot see it and
    /// for anyone who wants the numbers.
    static func dataTable(_ chart: ChartRecord) -> String {
        let sharedX = chart.series.dropFirst().allSatisfy { $0.x == chart.series.first?.x }
        var html = "<details class=\"chart-data\"><summary>Values behind “\(esc(chart.title))”</summary>"
        let groups: [[ChartRecord.Series]] = sharedX ? [chart.series] : chart.series.map { [$0] }
        for group in groups {
            guard let first = group.first else { continue }
            let rows = subsample(Array(first.x.indices), limit: maxTitledPoints)
            if rows.count < first.x.count {
                html += "<p class=\"note\">Every \(first.x.count / max(1, rows.count - 1))th of \(first.x.count) points; all of them are in the lesson's data file.</p>"
            }
            html += "<div class=\"table-wrap\"><table class=\"numbers\"><thead><tr><th scope=\"col\">\(esc(chart.xLabel))</th>"
            for series in group { html += "<th scope=\"col\">\(esc(series.name))</th>" }
            html += "</tr></thead><tbody>"
            for row in rows {
                html += "<tr><th scope=\"row\">\(esc(Num.format(first.x[row], significant: 6)))</th>"
                for series in group {
                    let value = row < series.y.count ? Num.format(series.y[row], significant: 6) : ""
                    html += "<td>\(esc(value))</td>"
                }
                html += "</tr>"
            }
            html += "</tbody></table></div>"
        }
        return html + "</details>"
    }
}
