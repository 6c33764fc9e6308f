import Foundation
import LessonRecords

/// A network diagram's units: a circle per drawn unit with its value (tinted by sign within its
/// column), a badge with the unit's bias where the layer has one, and the column's heading.
struct NetworkNodes {
    let state: NetworkState
    let source: NetworkSVG.EdgeSource
    let layout: NetworkLayout

    /// Node values belong to the network before any update: the after and change panels leave
    /// their circles empty rather than show values that are not theirs.
    var showsValues: Bool { source == .weights || source == .gradients }

    /// The numbers a layer's badges show: its biases, the biases after the update, or the change.
    func badges(_ layer: NetworkState.Layer) -> [Double]? {
        let values: [Double]? = switch source {
        case .weights, .gradients: layer.bias
        case .weightsAfter: layer.biasAfter
        case .change: NetworkSVG.difference(layer.biasAfter, layer.bias)
        }
        return values.flatMap { $0.count == layer.units ? $0 : nil }
    }

    /// The badge's words: `b 0.012`, or `Δb +0.0027` for a change.
    func badgeText(_ value: Double) -> String {
        (source == .change ? "Δb " : "b ") + NetworkSVG.signed(value, source: source, significant: 2)
    }

    func render() -> String {
        var svg = ""
        for (index, layer) in state.layers.enumerated() {
            let isGradient = layer.valueKind == "gradient"
            let isActive = state.activeLayer == index
            let heading = isGradient && showsValues ? "grad of \(layer.name)" : layer.name
            svg += SVG.text(layout.x(index), NetworkLayout.top - 22, heading, size: 13, anchor: "middle", weight: isActive ? "700" : "600")
            svg += SVG.text(layout.x(index), NetworkLayout.top - 8, "\(layer.units) unit\(layer.units == 1 ? "" : "s")", size: 10.5, anchor: "middle", fill: Palette.muted)
            for (slotIndex, unit) in NetworkLayout.drawnUnits(layer.units).enumerated() {
                svg += node(layer, index: index, unit: unit, slot: NetworkLayout.slot(slotIndex, units: layer.units))
            }
            if layer.units > NetworkLayout.maxDrawnUnits {
                let cy = layout.y(index, NetworkLayout.shownEachEnd)
                svg += SVG.text(layout.x(index), cy + 4, "⋮ \(layer.units - 2 * NetworkLayout.shownEachEnd) more", size: 11, anchor: "middle", fill: Palette.muted)
            }
        }
        return svg
    }

    private func node(_ layer: NetworkState.Layer, index: Int, unit: Int, slot: Int) -> String {
        let values = showsValues ? layer.values.flatMap { $0.count == layer.units ? $0 : nil } : nil
        let valueLimit = values?.filter(\.isFinite).map(abs).max() ?? 0
        let isActive = state.activeLayer == index
        let cx = layout.x(index), cy = layout.y(index, slot), radius = NetworkLayout.radius
        let value = values?[unit]
        let fill = value.map { Palette.diverging($0, limit: valueLimit, strength: 0.55) } ?? "#ffffff"
        let kind = layer.valueKind == "gradient" ? "gradient" : (layer.valueKind ?? "value")
        let badge = badges(layer)?[unit]
        var tooltip = "\(layer.name)[\(unit)]"
        if let value { tooltip += " \(kind) = \(Num.format(value, significant: 6))" }
        if let badge { tooltip += ", \(badgeName) = \(NetworkSVG.signed(badge, source: source, significant: 6))" }
        var svg = "<g><title>\(esc(tooltip))</title>"
        // The layer the step is about has a thicker dark ring: colour stays for the sign alone.
        svg += "<circle cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"\(SVG.n(radius))\" fill=\"\(fill)\" stroke=\"\(isActive ? Palette.ink : Palette.muted)\" stroke-width=\"\(isActive ? 2.5 : 1.2)\"/>"
        if let value {
            svg += SVG.text(cx, cy + 3.5, Num.format(value, significant: 2), size: 10, anchor: "middle", weight: "600")
        }
        if let badge {
            // on the node's shoulder, moved left where it would leave the drawing
            let width = Self.badgeWidth(badgeText(badge))
            svg += badgeMark(badge, x: min(cx + radius - 14, layout.width - width - 2), y: cy - radius - 10)
        }
        return svg + "</g>"
    }

    private var badgeName: String {
        switch source {
        case .weights, .gradients: "bias"
        case .weightsAfter: "bias after"
        case .change: "change of the bias"
        }
    }

    /// The bias badge: its value on a white plate, outlined in the value's sign colour.
    func badgeMark(_ value: Double, x: Double, y: Double) -> String {
        let text = badgeText(value)
        let colour = value < 0 ? Palette.negative : value > 0 ? Palette.positive : "#9aa3ad"
        let width = Self.badgeWidth(text)
        return "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(width))\" height=\"14\" rx=\"3\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(value < 0 ? " stroke-dasharray=\"3 2\"" : "")/>"
            + SVG.text(x + 4, y + 10.5, text, size: 9.5, weight: "600")
    }

    /// About the width of `text` at the badge's 9.5 px, plus its padding.
    static func badgeWidth(_ text: String) -> Double { Double(text.count) * 5.6 + 8 }
}
