import Foundation
import LessonRecords

/// A computation graph, left to right from inputs to the loss, each node with its value and its
/// gradient in the bar notation of the Boston tutorial (`dZ1 = ...`).
enum GraphSVG {
    private static let boxHeight = 70.0, rowGap = 22.0, margin = 16.0

    static func render(_ graph: ComputationGraph) -> String {
        let ids = graph.nodes.map(\.id)
        // An edge is [from, to] or [from, to, label]: the label is the local derivative it carries.
        let edges = graph.edges.compactMap { pair -> (Int, Int)? in
            guard pair.count == 2 || pair.count == 3, let a = ids.firstIndex(of: pair[0]),
                  let b = ids.firstIndex(of: pair[1]) else { return nil }
            return (a, b)
        }
        let edgeLabels = graph.edges.compactMap { pair -> String? in
            guard pair.count == 2 || pair.count == 3, ids.contains(pair[0]), ids.contains(pair[1]) else { return nil }
            return pair.count == 3 ? pair[2] : ""
        }
        let longestLabel = edgeLabels.map { Double($0.count) }.max() ?? 0
        let columnGap: Double = max(56, longestLabel * 6.6 + 20)
        // Column of a node: the longest path to it from an input (bounded, so a cycle cannot hang).
        var column = [Int](repeating: 0, count: graph.nodes.count)
        for _ in 0..<graph.nodes.count {
            var changed = false
            for (a, b) in edges where column[b] < column[a] + 1 && column[a] + 1 < graph.nodes.count {
                column[b] = column[a] + 1
                changed = true
            }
            if !changed { break }
        }
        // A node nothing points to (a parameter, an input) stands just left of its first consumer,
        // so that W2 sits beside the layer that uses it rather than with the data.
        for index in graph.nodes.indices where !edges.contains(where: { $0.1 == index }) {
            let consumers = edges.filter { $0.0 == index }.map { column[$0.1] }
            if let first = consumers.min(), first > 0 { column[index] = first - 1 }
        }
        let lines = graph.nodes.map(nodeLines)
        let longest: Double = lines.flatMap { $0 }.map { Double($0.count) }.max() ?? 10
        let boxWidth: Double = max(130, longest * 7 + 20)
        let columns = (column.max() ?? 0) + 1
        var slots = [Int](repeating: 0, count: graph.nodes.count)
        var perColumn = [Int](repeating: 0, count: columns)
        for (index, c) in column.enumerated() {
            slots[index] = perColumn[c]
            perColumn[c] += 1
        }
        let tallest = Double(perColumn.max() ?? 1)
        let columnCount = Double(columns)
        let width: Double = margin * 2 + columnCount * boxWidth + (columnCount - 1) * columnGap
        let height: Double = margin * 2 + tallest * boxHeight + (tallest - 1) * rowGap
        func origin(_ index: Int) -> (Double, Double) {
            let c = column[index]
            let count = Double(perColumn[c])
            let used: Double = count * boxHeight + (count - 1) * rowGap
            let offset: Double = (height - margin * 2 - used) / 2
            return (margin + Double(c) * (boxWidth + columnGap), margin + offset + Double(slots[index]) * (boxHeight + rowGap))
        }

        let edgeWords: [String] = zip(edges, edgeLabels).map { edge, label in
            "\(graph.nodes[edge.0].label) → \(graph.nodes[edge.1].label)" + (label.isEmpty ? "" : " (\(label))")
        }
        let nodeWords: [String] = graph.nodes.map { summary($0) }
        let desc = "Computation graph: \(edgeWords.joined(separator: "; ")). \(nodeWords.joined(separator: "; "))."
        var svg = SVG.open(width: width, height: height, className: "graph", title: graph.name, desc: desc)
        var labels = ""
        for ((a, b), label) in zip(edges, edgeLabels) {
            let (ax, ay) = origin(a), (bx, by) = origin(b)
            let x1 = ax + boxWidth, y1 = ay + boxHeight / 2, x2 = bx - 2, y2 = by + boxHeight / 2
            let midX = (x1 + x2) / 2
            svg += "<path d=\"M\(SVG.n(x1)) \(SVG.n(y1)) C\(SVG.n(midX)) \(SVG.n(y1)) \(SVG.n(midX)) \(SVG.n(y2)) \(SVG.n(x2 - 6)) \(SVG.n(y2))\" fill=\"none\" stroke=\"#7a8591\" stroke-width=\"1.6\"/>"
            svg += "<polygon points=\"\(SVG.n(x2)),\(SVG.n(y2)) \(SVG.n(x2 - 8)),\(SVG.n(y2 - 4.5)) \(SVG.n(x2 - 8)),\(SVG.n(y2 + 4.5))\" fill=\"#7a8591\"/>"
            if !label.isEmpty {
                // on the curve's midpoint, over a pale band so that it reads across the line
                let width = Double(label.count) * 6.4 + 8, cy = (y1 + y2) / 2
                labels += "<rect x=\"\(SVG.n(midX - width / 2))\" y=\"\(SVG.n(cy - 9))\" width=\"\(SVG.n(width))\" height=\"16\" rx=\"3\" fill=\"#ffffff\" opacity=\"0.9\"/>"
                labels += SVG.text(midX - width / 2 + 4, cy + 3.5, label, size: 11, fill: "#1f3a5f")
            }
        }
        svg += labels
        for (index, node) in graph.nodes.enumerated() {
            let (x, y) = origin(index)
            let text = lines[index]
            svg += "<g><title>\(esc(summary(node)))</title>"
            svg += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(boxWidth))\" height=\"\(SVG.n(boxHeight))\" rx=\"8\" fill=\"#f4f7fb\" stroke=\"#5b6472\" stroke-width=\"1.2\"/>"
            svg += SVG.text(x + 10, y + 20, text[0], size: 13, weight: "700")
            if text.count > 1 { svg += SVG.text(x + 10, y + 39, text[1], size: 11.5, fill: Palette.muted) }
            if text.count > 2 { svg += SVG.text(x + 10, y + 57, text[2], size: 11.5, weight: "600") }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// Label; shape and value; gradient.
    private static func nodeLines(_ node: ComputationGraph.Node) -> [String] {
        var second = "(\(Num.shape(node.shape)))"
        if let value = node.value { second += "  value \(Num.format(value))" }
        var out = [node.label, second]
        if let gradient = node.gradient {
            out.append("\(node.gradientName ?? "grad") = \(Num.format(gradient))")
        } else if let name = node.gradientName {
            out.append(name)
        }
        return out
    }

    private static func summary(_ node: ComputationGraph.Node) -> String {
        nodeLines(node).joined(separator: ", ")
    }
}
