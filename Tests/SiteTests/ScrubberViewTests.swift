import Foundation
import LessonRecords
import XCTest
@testable import Site

/// The scrubber's markup: a labelled range over every frame, the strip visible without JavaScript.
final class ScrubberViewTests: XCTestCase {
    func testTheStripIsVisibleAndTheRestWaitsForTheScript() {
        let layer = NetworkState.Layer(name: "x", units: 1)
        let frames = (0...4).map { e in
            ScrubberRecord.Frame(value: Double(e), loss: 1 / Double(e + 1), predictions: [0.5, Double(e)],
                                 network: NetworkState(name: "epoch \(e)", layers: [layer]))
        }
        let scrubber = ScrubberRecord(name: "training", title: "Training", label: "epoch",
                                      losses: .init(name: "loss", x: [0, 1, 2, 3, 4], y: frames.map(\.loss)),
                                      targets: [1, 2], frames: frames, strip: [0, 2, 4])
        let html = ScrubberView.render(scrubber, step: "watch")
        XCTAssertTrue(html.contains("<label for=\"scrub-watch-training\">Epoch</label>"))
        XCTAssertTrue(html.contains("<input type=\"range\" id=\"scrub-watch-training\" min=\"0\" max=\"4\" step=\"1\" value=\"4\""))
        XCTAssertTrue(html.contains("<div class=\"scrubber-controls\" hidden=\"hidden\">"), "the controls need the script")
        for index in 0...4 {
            let hidden = html.contains("data-frame=\"\(index)\" data-label=\"epoch \(index) of 4: loss \(Num.format(frames[index].loss))\" hidden=\"hidden\"")
            XCTAssertEqual(hidden, ![0, 2, 4].contains(index), "frame \(index)")
        }
        XCTAssertEqual(html.components(separatedBy: "<div class=\"frame\"").count - 1, 5)
    }

    func testALayoutPlacesTheExamplesNamesTheSeriesAndAddsCurves() {
        let layer = NetworkState.Layer(name: "x", units: 1)
        let frames = (0...2).map { e in
            ScrubberRecord.Frame(value: Double(10 * e), loss: 3 - Double(e), predictions: [Double(e), 5, 1],
                                 network: NetworkState(name: "it \(e)", layers: [layer]),
                                 otherPredictions: [.init(name: "other net", x: [0, 1, 2], y: [7, 8, 9])])
        }
        let layout = ScrubberRecord.Layout(
            exampleLabel: "x along the line", examplePositions: [0.5, 0.25, 0.75], targetName: "f", predictionName: "net",
            lossName: "held-out MSE", lossLabel: "MSE", logScale: false,
            otherLosses: [.init(name: "training", x: [0, 10, 20], y: [4, 3, 2])])
        let scrubber = ScrubberRecord(name: "run", title: "Run", label: "iteration",
                                      losses: .init(name: "held out", x: [0, 10, 20], y: [3, 2, 1]),
                                      targets: [1, 2, 3], frames: frames, strip: [0, 2], layout: layout)
        // The examples sit at their positions, in increasing order, every series with them.
        let chart = ScrubberView.predictions(scrubber, frames[1], 1)
        XCTAssertEqual(chart.xLabel, "x along the line")
        XCTAssertEqual(chart.series.map(\.name), ["f", "net", "other net"])
        XCTAssertEqual(chart.series.map(\.x), Array(repeating: [0.25, 0.5, 0.75], count: 3))
        XCTAssertEqual(chart.series.map(\.y), [[2, 1, 3], [5, 1, 1], [8, 7, 9]])
        let losses = ScrubberView.lossCurve(scrubber, frames[1])
        XCTAssertEqual(losses.series.map(\.name), ["held out", "training"])
        XCTAssertEqual(losses.yLabel, "MSE")
        XCTAssertFalse(losses.logScale)
        XCTAssertEqual(losses.marker, 10)
        XCTAssertEqual(ScrubberView.frameLabel(scrubber, 2), "iteration 20 of 20: held-out MSE 1")
        // Without a layout: examples numbered by target, one loss curve, a log axis, as sgd-step draws.
        var plain = scrubber
        plain.layout = nil
        let numbered = ScrubberView.predictions(plain, frames[1], 1)
        XCTAssertEqual(numbered.xLabel, "example, ordered by target")
        XCTAssertEqual(numbered.series.map(\.name), ["target", "prediction", "other net"])
        XCTAssertEqual(numbered.series[0].x, [1, 2, 3])
        XCTAssertEqual(ScrubberView.lossCurve(plain, frames[1]).series.map(\.name), ["held out"])
        XCTAssertTrue(ScrubberView.lossCurve(plain, frames[1]).logScale)
        XCTAssertEqual(ScrubberView.frameLabel(plain, 2), "iteration 20 of 20: loss 1")
    }
}

/// A legend too long for one row is drawn smaller rather than cut at the chart's edge.
final class ChartLegendTests: XCTestCase {
    func testEveryLegendEntryFitsInsideTheChart() throws {
        let names = ["divided (tutorial)", "Kaiming", "this seed", "tutorial's 0.004", "predict the mean", "one more long series name"]
        let chart = ChartRecord(name: "c", title: "t", xLabel: "x", yLabel: "y",
                                series: names.map { .init(name: $0, x: [0, 1], y: [1, 2]) })
        let svg = ChartSVG.render(chart)
        let pattern = try NSRegularExpression(pattern: "<text x=\"([0-9.]+)\" y=\"26\" font-size=\"([0-9.]+)\"[^>]*>([^<]*)</text>")
        let matches = pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg))
        XCTAssertEqual(matches.count, names.count)
        for match in matches {
            let x = Double(svg[Range(match.range(at: 1), in: svg)!])!, size = Double(svg[Range(match.range(at: 2), in: svg)!])!
            let text = String(svg[Range(match.range(at: 3), in: svg)!])
            XCTAssertLessThanOrEqual(x + Double(text.count) * size * 0.576, 640, "\(text) runs past the edge")
        }
    }
}
