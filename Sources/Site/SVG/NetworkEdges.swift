import Foundation
import LessonRecords

/// A network diagram's edges: one line per weight, blue solid where the number it draws is
/// positive and dashed orange where it is negative, as wide as the number is large; on the change
/// panel of an update the number is after − before and the largest changes carry their value.
struct NetworkEdges {
    /// The colour of an edge whose number is exactly 0 (a weight that did not move, a gradient
    /// that a dead unit blocks): neither sign.
    static let zero = "#9aa3ad"

    /// How many of the largest changes the change panel labels with their value.
    static let labelledChanges = 4

    let state: NetworkState
    let source: NetworkSVG.EdgeSource
    let layout: NetworkLayout
    /// Per layer, the numbers its incoming edges draw (previous units x units, row-major).
    let matrices: [[Double]?]
    /// The |number| drawn at full width.
    let largest: Double

    init(_ state: NetworkState, source: NetworkSVG.EdgeSource, layout: NetworkLayout) {
        self.state = state
        self.source = source
        self.layout = layout
        matrices = state.layers.map { Self.matrix($0, source) }
        // Before and after an update share one width scale, so a weight that grew is drawn wider.
        let scaled: [[Double]?] = source == .weights || source == .weightsAfter
            ? state.layers.flatMap { [$0.weights, $0.weightsAfter] } : matrices
        largest = scaled.compactMap { $0 }.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
    }

    /// What a layer's edges draw for `source`; the change is nil unless both ends are recorded.
    static func matrix(_ layer: NetworkState.Layer, _ source: NetworkSVG.EdgeSource) -> [Double]? {
        switch source {
        case .weights: layer.weights
        // a backward step draws only gradients it has computed, never weights in their place
        case .gradients: layer.weightGradients
        case .weightsAfter: layer.weightsAfter ?? layer.weights
        case .change: NetworkSVG.difference(layer.weightsAfter, layer.weights)
        }
    }

    /// The name the edges' tooltips and key give the number they draw.
    var numberName: String {
        switch source {
        case .weights, .weightsAfter: "w"
        case .gradients: "grad w"
        case .change: "Δw"
        }
    }

    /// One drawn edge: the layer it goes into, the units at its ends, and its number.
    struct Edge {
        let layer: Int, from: Int, to: Int, fromSlot: Int, toSlot: Int, value: Double
    }

    /// The edges into layer `index` drawn one by one (every drawn unit of both ends); none when
    /// the layer has no numbers to draw.
    func drawnEdges(into index: Int) -> [Edge] {
        let previous = state.layers[index - 1], layer = state.layers[index]
        guard let matrix = matrices[index], matrix.count == previous.units * layer.units, largest > 0 else { return [] }
        var edges: [Edge] = []
        for (toSlot, k) in NetworkLayout.drawnUnits(layer.units).enumerated() {
            for (fromSlot, j) in NetworkLayout.drawnUnits(previous.units).enumerated() {
                edges.append(Edge(layer: index, from: j, to: k, fromSlot: NetworkLayout.slot(fromSlot, units: previous.units),
                                  toSlot: NetworkLayout.slot(toSlot, units: layer.units), value: matrix[j * layer.units + k]))
            }
        }
        return edges
    }

    /// The edges the change panel labels: the largest |change| first, ties in drawing order.
    var labelled: [Edge] {
        guard source == .change else { return [] }
        let all = state.layers.indices.dropFirst().flatMap { drawnEdges(into: $0) }
        let candidates = all.enumerated().filter { $0.element.value.isFinite && $0.element.value != 0 }
        let ranked = candidates.sorted { (abs($0.element.value), -$0.offset) > (abs($1.element.value), -$1.offset) }
        return ranked.prefix(Self.labelledChanges).map(\.element)
    }

    func render() -> String {
        var svg = "<g class=\"edges\">"
        for index in state.layers.indices.dropFirst() {
            let edges = drawnEdges(into: index)
            svg += edges.isEmpty ? band(index) : edges.map(line).joined()
        }
        svg += "</g>"
        let labels = labelled
        if !labels.isEmpty {
            svg += "<g class=\"change-labels\">" + labels.map(label).joined() + "</g>"
        }
        return svg
    }

    private func ends(_ edge: Edge) -> (Double, Double, Double, Double) {
        (layout.x(edge.layer - 1) + NetworkLayout.radius, layout.y(edge.layer - 1, edge.fromSlot),
         layout.x(edge.layer) - NetworkLayout.radius, layout.y(edge.layer, edge.toSlot))
    }

    private func line(_ edge: Edge) -> String {
        let w = edge.value
        let (x1, y1, x2, y2) = ends(edge)
        let widthValue = w.isFinite ? 0.6 + 4.4 * abs(w) / largest : 1
        let colour = !w.isFinite ? "#7f7f7f" : w < 0 ? Palette.negative : w > 0 ? Palette.positive : Self.zero
        let dash = w < 0 ? " stroke-dasharray=\"5 3\"" : ""
        return "<line x1=\"\(SVG.n(x1))\" y1=\"\(SVG.n(y1))\" x2=\"\(SVG.n(x2))\" y2=\"\(SVG.n(y2))\" stroke=\"\(colour)\" stroke-width=\"\(String(format: "%.2f", widthValue))\" stroke-opacity=\"0.8\"\(dash)>"
            + "<title>\(esc(tooltip(edge)))</title></line>"
    }

    private func tooltip(_ edge: Edge) -> String {
        let previous = state.layers[edge.layer - 1], layer = state.layers[edge.layer]
        var text = "\(numberName) \(previous.name)[\(edge.from)] → \(layer.name)[\(edge.to)] = \(NetworkSVG.signed(edge.value, source: source, significant: 6))"
        if source == .change, let before = layer.weights, let after = layer.weightsAfter {
            let index = edge.from * layer.units + edge.to
            text += " (from \(Num.format(before[index], significant: 6)) to \(Num.format(after[index], significant: 6)))"
        }
        return text
    }

    /// A change's value on a pale plate at the middle of its edge, so it reads across other lines.
    private func label(_ edge: Edge) -> String {
        let (x1, y1, x2, y2) = ends(edge)
        let text = NetworkSVG.signed(edge.value, source: source, significant: 3)
        let cx = x1 + (x2 - x1) * 0.5, cy = y1 + (y2 - y1) * 0.5
        let width = Double(text.count) * 6.4 + 8
        return "<rect x=\"\(SVG.n(cx - width / 2))\" y=\"\(SVG.n(cy - 8))\" width=\"\(SVG.n(width))\" height=\"15\" rx=\"3\" fill=\"#ffffff\" stroke=\"#9aa3ad\" stroke-width=\"0.8\"/>"
            + SVG.text(cx, cy + 3.5, text, size: 10.5, anchor: "middle", weight: "600")
    }

    /// Too many weights to draw, or none recorded yet: a faint band says the layers are connected.
    private func band(_ index: Int) -> String {
        let previous = state.layers[index - 1], layer = state.layers[index]
        let x1 = layout.x(index - 1) + NetworkLayout.radius, x2 = layout.x(index) - NetworkLayout.radius
        let spanFrom = (layout.y(index - 1, 0), layout.y(index - 1, layout.drawnCounts[index - 1] - 1))
        let spanTo = (layout.y(index, 0), layout.y(index, layout.drawnCounts[index] - 1))
        let why = source == .gradients && layer.weights != nil
            ? "their gradients are not computed yet at this step" : "too many to draw"
        return "<polygon points=\"\(SVG.n(x1)),\(SVG.n(spanFrom.0)) \(SVG.n(x2)),\(SVG.n(spanTo.0)) \(SVG.n(x2)),\(SVG.n(spanTo.1)) \(SVG.n(x1)),\(SVG.n(spanFrom.1))\" fill=\"#dfe5ec\" fill-opacity=\"0.6\">"
            + "<title>\(esc(previous.name)) → \(esc(layer.name)): \(previous.units * layer.units) weights, \(why)</title></polygon>"
    }
}
