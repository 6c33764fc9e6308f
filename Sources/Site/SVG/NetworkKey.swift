import Foundation
import LessonRecords

/// The key under a network diagram: what the edges' colours, dashes and widths mean, what a
/// node's tint means, and what the badges and labels are, laid out in as many lines as the
/// diagram's width needs.
struct NetworkKey {
    let state: NetworkState
    let edges: NetworkEdges
    let nodes: NetworkNodes

    /// One entry of the key: its width, and its drawing at a given left edge and baseline.
    struct Item {
        let width: Double
        let draw: (Double, Double) -> String
    }

    /// About the width of `text` in the key's 11 px type.
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.1 }

    /// The entries this diagram needs, in reading order.
    var items: [Item] {
        let change = edges.source == .change
        var items = [
            Self.edgeItem(colour: Palette.positive, dashed: false, words: change ? "increased" : "positive"),
            Self.edgeItem(colour: Palette.negative, dashed: true, words: change ? "decreased" : "negative"),
            Self.textItem("width ∝ |\(edges.numberName)|"),
        ]
        let drawn = state.layers.indices.dropFirst().flatMap { edges.drawnEdges(into: $0) }
        if drawn.contains(where: { $0.value == 0 }) {
            items.insert(Self.edgeItem(colour: NetworkEdges.zero, dashed: false, words: change ? "unchanged" : "0"), at: 2)
        }
        if nodes.showsValues && state.layers.contains(where: { $0.values?.count == $0.units }) {
            let words = "node: its \(state.layers.contains { $0.valueKind == "gradient" } ? "gradient" : "value"), tinted by sign"
            items.append(Item(width: 18 + Self.textWidth(words)) { x, y in
                "<circle cx=\"\(SVG.n(x + 6))\" cy=\"\(SVG.n(y - 4))\" r=\"6\" fill=\"\(Palette.diverging(1, limit: 1, strength: 0.55))\" stroke=\"\(Palette.muted)\"/>"
                    + SVG.text(x + 18, y, words, size: 11, fill: Palette.muted)
            })
        }
        if state.layers.contains(where: { nodes.badges($0) != nil }) {
            let sample = change ? "Δb" : "b"
            let words = change ? "change of the unit's bias" : "the unit's bias"
            let badge = NetworkNodes.badgeWidth(sample)
            items.append(Item(width: badge + 6 + Self.textWidth(words)) { x, y in
                "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y - 11))\" width=\"\(SVG.n(badge))\" height=\"14\" rx=\"3\" fill=\"#ffffff\" stroke=\"\(Palette.muted)\" stroke-width=\"1.5\"/>"
                    + SVG.text(x + 4, y - 0.5, sample, size: 9.5, weight: "600")
                    + SVG.text(x + badge + 6, y, words, size: 11, fill: Palette.muted)
            })
        }
        if !edges.labelled.isEmpty {
            items.append(Self.textItem("labelled: the \(edges.labelled.count) largest changes"))
        }
        return items
    }

    /// The key's lines, each a drawing at a baseline: items fill a line up to `width`.
    func lines(width: Double) -> [(Double) -> String] {
        var lines: [[Item]] = [[]]
        var used = 0.0
        for item in items {
            if used > 0 && used + item.width > width - 40 {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(item)
            used += item.width + 16
        }
        return lines.map { line in
            { baseline in
                var x = 20.0, svg = ""
                for item in line {
                    svg += item.draw(x, baseline)
                    x += item.width + 16
                }
                return svg
            }
        }
    }

    private static func edgeItem(colour: String, dashed: Bool, words: String) -> Item {
        Item(width: 30 + textWidth(words)) { x, y in
            "<line x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(y - 4))\" x2=\"\(SVG.n(x + 24))\" y2=\"\(SVG.n(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
                + SVG.text(x + 30, y, words, size: 11, fill: Palette.muted)
        }
    }

    private static func textItem(_ words: String) -> Item {
        Item(width: textWidth(words)) { x, y in SVG.text(x, y, words, size: 11, fill: Palette.muted) }
    }
}
