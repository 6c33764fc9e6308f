import Foundation
import LessonRecords

/// A layered network as one step left it: a column of nodes per layer with their values, bias
/// badges with the biases' values, and edges coloured by sign (blue positive, dashed orange
/// negative) and as wide as the weight is large. Layers too wide to draw show their first and last
/// units around an ellipsis; an input layer with an `image` is drawn as that image. The key under
/// the plot explains every mark the diagram uses.
enum NetworkSVG {
    /// Which numbers the edges (and the bias badges) show.
    enum EdgeSource {
        /// The weights and biases as recorded.
        case weights
        /// The weights' gradients; badges keep the biases.
        case gradients
        /// The weights and biases after an update.
        case weightsAfter
        /// After − before, for weights and biases, with the largest changes labelled.
        case change
    }

    /// The diagram; `edges` picks which numbers the edges and badges draw.
    static func render(_ state: NetworkState, phase: StepRecord.Phase, edges: EdgeSource, caption: String) -> String {
        let drawnEdges = NetworkEdges(state, source: edges, layout: NetworkLayout(state.layers, keyLines: 0))
        let nodes = NetworkNodes(state: state, source: edges, layout: drawnEdges.layout)
        let keyLines = NetworkKey(state: state, edges: drawnEdges, nodes: nodes).lines(width: drawnEdges.layout.width)
        let layout = NetworkLayout(state.layers, keyLines: keyLines.count)
        let title = "\(state.name): \(caption)"
        var svg = SVG.open(width: layout.width, height: layout.height, className: "network", title: title,
                           desc: description(state, edges: edges))
        svg += activeBand(state, layout: layout)
        svg += NetworkEdges(state, source: edges, layout: layout).render()
        svg += inputImage(state, layout: layout)
        svg += NetworkNodes(state: state, source: edges, layout: layout).render()
        svg += "<g class=\"key\">"
        for (line, baseline) in zip(keyLines, layout.keyBaselines) { svg += line(baseline) }
        return svg + "</g></svg>"
    }

    private static func description(_ state: NetworkState, edges: EdgeSource) -> String {
        let layers = state.layers
        let shape = layers.map { "\($0.name) (\($0.units))" }.joined(separator: " → ")
        let active = state.activeLayer.flatMap { $0 < layers.count ? layers[$0].name : nil }
        let edgeWords: String = switch edges {
        case .weights: "edges show the weights, blue solid positive, orange dashed negative"
        case .gradients: "edges show the weights' gradients, blue solid positive, orange dashed negative"
        case .weightsAfter: "edges show the weights after the update, blue solid positive, orange dashed negative"
        case .change: "edges show how much each weight changed, blue solid increased, orange dashed decreased, the \(NetworkEdges.labelledChanges) largest changes labelled"
        }
        let badges = layers.contains { NetworkNodes(state: state, source: edges, layout: NetworkLayout(layers, keyLines: 0)).badges($0) != nil }
        let badgeWords = !badges ? "" : edges == .change ? "; badges give the change of each bias" : "; badges give each unit's bias"
        return "Network \(shape) for example \(state.sample); \(edgeWords), width proportional to size\(badgeWords)"
            + (active.map { "; layer \($0) is active" } ?? "") + "."
    }

    /// The active layer's band, behind everything: grey with a dashed outline, so that orange
    /// keeps meaning "negative" alone.
    private static func activeBand(_ state: NetworkState, layout: NetworkLayout) -> String {
        guard let index = state.activeLayer, index < state.layers.count else { return "" }
        return "<rect x=\"\(SVG.n(layout.x(index) - 44))\" y=\"\(SVG.n(NetworkLayout.top - 40))\" width=\"88\" height=\"\(SVG.n(layout.plotHeight + 46))\" rx=\"10\" fill=\"#eef1f5\" stroke=\"\(Palette.muted)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
    }

    /// The input image, feeding the first column.
    private static func inputImage(_ state: NetworkState, layout: NetworkLayout) -> String {
        guard let image = state.layers.first?.image else { return "" }
        let size = NetworkLayout.imageSize, radius = NetworkLayout.radius
        let imageX = 24.0, imageY = NetworkLayout.top + (layout.plotHeight - size) / 2, midY = imageY + size / 2
        let x0 = layout.x(0)
        var svg = "<g class=\"input-image\"><title>\(esc(image.caption))</title>"
        svg += ImageRects.render(image, x: imageX, y: imageY, size: size)
        svg += "<rect x=\"\(SVG.n(imageX))\" y=\"\(SVG.n(imageY))\" width=\"\(SVG.n(size))\" height=\"\(SVG.n(size))\" fill=\"none\" stroke=\"#9aa3ad\"/>"
        svg += "<path d=\"M\(SVG.n(imageX + size + 4)) \(SVG.n(midY)) L\(SVG.n(x0 - radius - 6)) \(SVG.n(midY))\" stroke=\"#9aa3ad\" stroke-width=\"2\"/>"
        svg += "<polygon points=\"\(SVG.n(x0 - radius - 4)),\(SVG.n(midY)) \(SVG.n(x0 - radius - 12)),\(SVG.n(midY - 5)) \(SVG.n(x0 - radius - 12)),\(SVG.n(midY + 5))\" fill=\"#9aa3ad\"/>"
        svg += SVG.text(imageX + size / 2, imageY + size + 18, "\(image.width)×\(image.height) pixels", size: 11, anchor: "middle", fill: Palette.muted)
        return svg + "</g>"
    }

    /// `after - before` element by element, or nil unless both are recorded with the same size.
    static func difference(_ after: [Double]?, _ before: [Double]?) -> [Double]? {
        guard let after, let before, after.count == before.count else { return nil }
        return zip(after, before).map { $0 - $1 }
    }

    /// A number as the diagram prints it: a change always carries its sign (`+0.012`).
    static func signed(_ value: Double, source: EdgeSource, significant: Int) -> String {
        let text = Num.format(value, significant: significant)
        return source == .change && value > 0 ? "+" + text : text
    }
}
