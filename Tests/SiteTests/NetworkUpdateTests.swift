import XCTest
import LessonRecords
@testable import Site

/// The update step's diagrams: before and after on one scale, the change drawn and its largest
/// values labelled, and bias badges that show each panel's own biases.
final class NetworkUpdateTests: XCTestCase {
    /// A 2-3-1 network and one step of an update, with numbers easy to check by hand.
    private func state() -> NetworkState {
        var x = NetworkState.Layer(name: "x", units: 2)
        x.values = [1, 2]
        var h = NetworkState.Layer(name: "h", units: 3)
        h.weights = [0.5, -1, 0.25, 2, 0, -0.5]
        h.weightsAfter = [0.52, -1.1, 0.25, 1.97, 0.001, -0.44]
        h.bias = [0, 0, 0]
        h.biasAfter = [-0.027, 0, 0.049]
        h.values = [0.3, -0.2, 0]
        h.valueKind = "gradient"
        var out = NetworkState.Layer(name: "out", units: 1)
        out.weights = [1, -2, 0.5]
        out.weightsAfter = [1.0555, -2, 0.5]
        out.bias = [0.1]
        return NetworkState(name: "2-3-1", sample: 0, activeLayer: 1, layers: [x, h, out])
    }

    /// The change labels are the four largest |after - before|, largest first, signed.
    func testTheLargestChangesAreLabelled() {
        let s = state()
        var changes: [(Double, String)] = []
        for layer in s.layers {
            guard let before = layer.weights, let after = layer.weightsAfter else { continue }
            for i in before.indices { changes.append((after[i] - before[i], "\(layer.name)[\(i)]")) }
        }
        let largest = changes.filter { $0.0 != 0 }.sorted { abs($0.0) > abs($1.0) }.prefix(4).map(\.0)
        XCTAssertEqual(largest.map { ($0 * 1e4).rounded() / 1e4 }, [-0.1, 0.06, 0.0555, -0.03])
        let svg = NetworkSVG.render(s, phase: .update, edges: .change, caption: "the change")
        let labels = svg.components(separatedBy: "<g class=\"change-labels\">")[1].components(separatedBy: "</g>")[0]
        let texts = labels.components(separatedBy: "font-weight=\"600\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
        XCTAssertEqual(texts, ["−0.1", "+0.06", "+0.0555", "−0.03"])
        XCTAssertTrue(svg.contains("<title>Δw x[0] → h[1] = −0.1 (from −1 to −1.1)</title>"), svg)
        // a weight that did not move is drawn grey, neither sign
        XCTAssertTrue(svg.contains("stroke=\"\(NetworkEdges.zero)\" stroke-width=\"0.60\" stroke-opacity=\"0.8\"><title>Δw x[0] → h[2] = 0"))
        XCTAssertTrue(svg.contains(">unchanged</text>") && svg.contains(">labelled: the 4 largest changes</text>"))
    }

    /// Before shows the biases before, after the biases after, and the change their difference.
    func testBadgesShowEachPanelsBiases() {
        let s = state()
        let before = NetworkSVG.render(s, phase: .update, edges: .weights, caption: "before")
        let after = NetworkSVG.render(s, phase: .update, edges: .weightsAfter, caption: "after")
        let change = NetworkSVG.render(s, phase: .update, edges: .change, caption: "change")
        XCTAssertEqual(before.components(separatedBy: ">b 0</text>").count - 1, 3)
        XCTAssertTrue(before.contains(">b 0.1</text>"))
        XCTAssertTrue(after.contains(">b −0.027</text>") && after.contains(">b 0.049</text>") && after.contains(">b 0</text>"))
        // the output layer's bias after the step was not recorded: no badge rather than a stale one
        XCTAssertFalse(after.contains(">b 0.1</text>"))
        XCTAssertTrue(change.contains(">Δb −0.027</text>") && change.contains(">Δb +0.049</text>"))
        XCTAssertTrue(after.contains("<title>h[2], bias after = 0.049</title>"), "node values are the network's before the step")
    }

    /// Before and after are drawn to one scale: the widest edge is the largest weight of both.
    func testBeforeAndAfterShareOneWidthScale() {
        let s = state()
        let before = NetworkSVG.render(s, phase: .update, edges: .weights, caption: "before")
        let after = NetworkSVG.render(s, phase: .update, edges: .weightsAfter, caption: "after")
        // |-2| is the largest of both, full width in both; 2 -> 1.97 is a little narrower after
        XCTAssertTrue(before.contains("stroke-width=\"5.00\" stroke-opacity=\"0.8\" stroke-dasharray=\"5 3\"><title>w h[1] → out[0] = −2</title>"))
        XCTAssertTrue(after.contains("stroke-width=\"5.00\" stroke-opacity=\"0.8\" stroke-dasharray=\"5 3\"><title>w h[1] → out[0] = −2</title>"))
        XCTAssertTrue(before.contains("stroke-width=\"5.00\" stroke-opacity=\"0.8\"><title>w x[1] → h[0] = 2</title>"))
        XCTAssertTrue(after.contains("stroke-width=\"4.93\" stroke-opacity=\"0.8\"><title>w x[1] → h[0] = 1.97</title>"))
    }

    /// The active layer is marked in grey with a dashed outline and a dark ring: orange is for
    /// negative numbers only.
    func testTheActiveLayerIsNotOrange() {
        let svg = NetworkSVG.render(state(), phase: .update, edges: .weights, caption: "before")
        XCTAssertTrue(svg.contains("fill=\"#eef1f5\" stroke=\"\(Palette.muted)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"))
        XCTAssertTrue(svg.contains("stroke=\"\(Palette.ink)\" stroke-width=\"2.5\"/>"))
        for orange in ["#fff3d6", "#e0a526", "#b07800"] { XCTAssertFalse(svg.contains(orange), orange) }
    }

    /// The update step shows the three panels, the change on its own row.
    func testTheUpdateStepShowsBeforeAfterAndChange() throws {
        var step = StepRecord(id: "update", title: "Update", phase: .update)
        step.networks = [state()]
        let html = try StepView.render(step, lesson: Fixture.record(), scales: [:]).html
        let labels = html.components(separatedBy: "<p class=\"panel-label\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
        XCTAssertEqual(labels, ["Before the update", "After the update", "The change: after − before"])
        XCTAssertTrue(html.contains("<div class=\"figure-scroll panel-change\">"))
    }
}
