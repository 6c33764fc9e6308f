import LessonRecords

/// A recorded training run to scrub through: a labelled range input (shown by the script) picks
/// the frame; each frame holds the network at that point, the predictions against the targets and
/// the loss curve with a marker. Without JavaScript a strip of a few evenly spaced frames is shown.
enum ScrubberView {
    static func render(_ scrubber: ScrubberRecord, step: String) -> String {
        let id = "scrub-\(HTML.slug(step))-\(HTML.slug(scrubber.name))"
        let last = scrubber.frames.count - 1
        let start = scrubber.strip.last ?? last
        var html = "<figure class=\"scrubber\" data-scrubber=\"\" data-start=\"\(start)\">"
        html += "<figcaption>\(esc(scrubber.title))</figcaption>"
        html += "<div class=\"scrubber-controls\" hidden=\"hidden\">"
            + "<label for=\"\(id)\">\(esc(capitalised(scrubber.label)))</label>"
            + "<input type=\"range\" id=\"\(id)\" min=\"0\" max=\"\(last)\" step=\"1\" value=\"\(start)\" aria-valuetext=\"\(esc(frameLabel(scrubber, start)))\"/>"
            + "<output for=\"\(id)\" class=\"scrubber-value\">\(esc(frameLabel(scrubber, start)))</output></div>"
        html += "<p class=\"scrubber-strip-note\">Without JavaScript: \(scrubber.strip.count) of the \(scrubber.frames.count) recorded frames, evenly spaced.</p>"
        html += "<div class=\"frames\">"
        for (index, frame) in scrubber.frames.enumerated() {
            let hidden = scrubber.strip.contains(index) ? "" : " hidden=\"hidden\""
            html += "<div class=\"frame\" data-frame=\"\(index)\" data-label=\"\(esc(frameLabel(scrubber, index)))\"\(hidden)>"
            html += "<p class=\"frame-label\">\(esc(frameLabel(scrubber, index)))</p><div class=\"frame-panels\">"
            html += "<div class=\"figure-scroll\">\(NetworkSVG.render(frame.network, phase: .update, edges: .weights, caption: "weights at \(frameLabel(scrubber, index))"))</div>"
            html += "<div class=\"figure-scroll\">\(ChartSVG.render(predictions(scrubber, frame, index)))</div>"
            html += "<div class=\"figure-scroll\">\(ChartSVG.render(lossCurve(scrubber, frame)))</div>"
            html += "</div></div>"
        }
        return html + "</div></figure>"
    }

    static func frameLabel(_ scrubber: ScrubberRecord, _ index: Int) -> String {
        let frame = scrubber.frames[index]
        let loss = scrubber.layout?.lossName ?? "loss"
        return "\(scrubber.label) \(Num.format(frame.value)) of \(Num.format(scrubber.frames.last!.value)): \(loss) \(Num.format(frame.loss))"
    }

    /// Targets and predictions, examples ordered by target (or placed at the layout's positions),
    /// so the targets rise and the predictions show how far off each one is.
    static func predictions(_ scrubber: ScrubberRecord, _ frame: ScrubberRecord.Frame, _ index: Int) -> ChartRecord {
        let layout = scrubber.layout
        let key = layout?.examplePositions ?? scrubber.targets
        let order = key.indices.sorted { (key[$0], $0) < (key[$1], $1) }
        let xs = layout?.examplePositions.map { positions in order.map { positions[$0] } } ?? order.indices.map { Double($0 + 1) }
        let others = (frame.otherPredictions ?? []).map { series in ChartRecord.Series(name: series.name, x: xs, y: order.map { i in series.y[i] }) }
        return ChartRecord(
            name: "predictions-\(index)", title: "Predictions against targets, \(scrubber.label) \(Num.format(frame.value))",
            xLabel: layout?.exampleLabel ?? "example, ordered by target", yLabel: "value",
            series: [.init(name: layout?.targetName ?? "target", x: xs, y: order.map { scrubber.targets[$0] }),
                     .init(name: layout?.predictionName ?? "prediction", x: xs, y: order.map { frame.predictions[$0] })] + others)
    }

    static func lossCurve(_ scrubber: ScrubberRecord, _ frame: ScrubberRecord.Frame) -> ChartRecord {
        ChartRecord(name: "loss-\(Num.format(frame.value))", title: "Loss, and where \(scrubber.label) \(Num.format(frame.value)) is",
                    xLabel: scrubber.label, yLabel: scrubber.layout?.lossLabel ?? "loss", logScale: scrubber.layout?.logScale ?? true,
                    series: [scrubber.losses] + (scrubber.layout?.otherLosses ?? []), marker: frame.value)
    }

    private static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
