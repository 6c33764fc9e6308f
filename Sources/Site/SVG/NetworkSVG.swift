import Foundation
import LessonRecords

/// A layered network as one step left it: a column of nodes per layer with their values, bias
/// marks, and edges coloured by sign (blue positive, dashed orange negative) and as wide as the
/// weight is large. Layers too wide to draw show their first and last units around an ellipsis;
/// an input layer with an `image` is drawn as that image.
enum NetworkSVG {
    /// Layers with more units show `shownEachEnd` at each end.
    static let maxDrawnUnits = 10
    static let shownEachEnd = 4

    /// Which weights the edges show.
    enum EdgeSource { case weights, gradients, weightsAfter }

    private static let columnGap = 150.0, rowGap = 58.0, radius = 21.0, top = 58.0
    private static let imageSize = 112.0

    /// The diagram; `edges` picks which weights the edges draw.
    static func render(_ state: NetworkState, phase: StepRecord.Phase, edges: EdgeSource, caption: String) -> String {
        let layers = state.layers
        let hasImage = layers.first?.image != nil
        let drawnCounts = layers.map { drawnUnits($0.units).count + ($0.units > maxDrawnUnits ? 1 : 0) }
        let tallest = Double(drawnCounts.max() ?? 1)
        let left = 50.0 + (hasImage ? imageSize + 40 : 0)
        let width = left + Double(max(0, layers.count - 1)) * columnGap + 60
        let plotHeight = max(tallest * rowGap, hasImage ? imageSize + 30 : 0)
        let height = top + plotHeight + 46

        func x(_ layer: Int) -> Double { left + Double(layer) * columnGap }
        func y(_ layer: Int, _ slot: Int) -> Double {
            let count = Double(drawnCounts[layer])
            return top + (plotHeight - count * rowGap) / 2 + (Double(slot) + 0.5) * rowGap
        }

        let title = "\(state.name): \(caption)"
        let shape = layers.map { "\($0.name) (\($0.units))" }.joined(separator: " → ")
        let active = state.activeLayer.flatMap { $0 < layers.count ? layers[$0].name : nil }
        let edgeWords: String = switch edges {
        case .weights: "edges show the weights"
        case .gradients: "edges show the weights' gradients"
        case .weightsAfter: "edges show the weights after the update"
        }
        let desc = "Network \(shape) for example \(state.sample); \(edgeWords), blue solid positive, orange dashed negative, width proportional to size"
            + (active.map { "; layer \($0) is active" } ?? "") + "."
        var svg = SVG.open(width: width, height: height, className: "network", title: title, desc: desc)

        // The active layer's band, behind everything.
        if let activeIndex = state.activeLayer, activeIndex < layers.count {
            let bandX = x(activeIndex) - 44
            svg += "<rect x=\"\(SVG.n(bandX))\" y=\"\(SVG.n(top - 40))\" width=\"88\" height=\"\(SVG.n(plotHeight + 46))\" rx=\"10\" fill=\"#fff3d6\" stroke=\"#e0a526\" stroke-width=\"1.5\"/>"
        }

        // Edges first, so nodes sit on top.
        let matrices: [[Double]?] = layers.map { layer in
            switch edges {
            case .weights: layer.weights
            // a backward step draws only gradients it has computed, never weights in their place
            case .gradients: layer.weightGradients
            case .weightsAfter: layer.weightsAfter ?? layer.weights
            }
        }
        let largest = matrices.compactMap { $0 }.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
        let edgeName = edges == .gradients ? "grad w" : "w"
        svg += "<g class=\"edges\">"
        for index in layers.indices.dropFirst() {
            let previous = layers[index - 1], layer = layers[index]
            let fromUnits = drawnUnits(previous.units), toUnits = drawnUnits(layer.units)
            if let matrix = matrices[index], matrix.count == previous.units * layer.units, largest > 0 {
                for (toSlot, k) in toUnits.enumerated() {
                    for (fromSlot, j) in fromUnits.enumerated() {
                        let w = matrix[j * layer.units + k]
                        let slotFrom = slot(fromSlot, units: previous.units), slotTo = slot(toSlot, units: layer.units)
                        let widthValue = w.isFinite ? 0.6 + 4.4 * abs(w) / largest : 1
                        let colour = !w.isFinite ? "#7f7f7f" : w < 0 ? Palette.negative : Palette.positive
                        let dash = w < 0 ? " stroke-dasharray=\"5 3\"" : ""
                        svg += "<line x1=\"\(SVG.n(x(index - 1) + radius))\" y1=\"\(SVG.n(y(index - 1, slotFrom)))\" x2=\"\(SVG.n(x(index) - radius))\" y2=\"\(SVG.n(y(index, slotTo)))\" stroke=\"\(colour)\" stroke-width=\"\(String(format: "%.2f", widthValue))\" stroke-opacity=\"0.8\"\(dash)>"
                            + "<title>\(esc(edgeName)) \(esc(previous.name))[\(j)] → \(esc(layer.name))[\(k)] = \(esc(Num.format(w, significant: 6)))</title></line>"
                    }
                }
            } else {
                // Too many weights to draw: a faint band says the layers are fully connected.
                let x1 = x(index - 1) + radius, x2 = x(index) - radius
                let spanFrom = (y(index - 1, 0), y(index - 1, drawnCounts[index - 1] - 1))
                let spanTo = (y(index, 0), y(index, drawnCounts[index] - 1))
                let why = edges == .gradients && layer.weights != nil
                    ? "their gradients are not computed yet at this step" : "too many to draw"
                svg += "<polygon points=\"\(SVG.n(x1)),\(SVG.n(spanFrom.0)) \(SVG.n(x2)),\(SVG.n(spanTo.0)) \(SVG.n(x2)),\(SVG.n(spanTo.1)) \(SVG.n(x1)),\(SVG.n(spanFrom.1))\" fill=\"#dfe5ec\" fill-opacity=\"0.6\">"
                    + "<title>\(esc(previous.name)) → \(esc(layer.name)): \(previous.units * layer.units) weights, \(why)</title></polygon>"
            }
        }
        svg += "</g>"

        // The input image, feeding the first column.
        if let image = layers.first?.image {
            let imageX = 24.0, imageY = top + (plotHeight - imageSize) / 2
            svg += "<g class=\"input-image\"><title>\(esc(image.caption))</title>"
            svg += ImageRects.render(image, x: imageX, y: imageY, size: imageSize)
            svg += "<rect x=\"\(SVG.n(imageX))\" y=\"\(SVG.n(imageY))\" width=\"\(SVG.n(imageSize))\" height=\"\(SVG.n(imageSize))\" fill=\"none\" stroke=\"#9aa3ad\"/>"
            svg += "<path d=\"M\(SVG.n(imageX + imageSize + 4)) \(SVG.n(imageY + imageSize / 2)) L\(SVG.n(x(0) - radius - 6)) \(SVG.n(imageY + imageSize / 2))\" stroke=\"#9aa3ad\" stroke-width=\"2\"/>"
            svg += "<polygon points=\"\(SVG.n(x(0) - radius - 4)),\(SVG.n(imageY + imageSize / 2)) \(SVG.n(x(0) - radius - 12)),\(SVG.n(imageY + imageSize / 2 - 5)) \(SVG.n(x(0) - radius - 12)),\(SVG.n(imageY + imageSize / 2 + 5))\" fill=\"#9aa3ad\"/>"
            svg += SVG.text(imageX + imageSize / 2, imageY + imageSize + 18, "\(image.width)×\(image.height) pixels", size: 11, anchor: "middle", fill: Palette.muted)
            svg += "</g>"
        }

        // Nodes.
        for (index, layer) in layers.enumerated() {
            let isGradient = layer.valueKind == "gradient"
            let values = layer.values.flatMap { $0.count == layer.units ? $0 : nil }
            let valueLimit = values?.filter(\.isFinite).map(abs).max() ?? 0
            let isActive = state.activeLayer == index
            let heading = isGradient ? "\(layer.name) · grad" : layer.name
            svg += SVG.text(x(index), top - 22, heading, size: 13, anchor: "middle", weight: isActive ? "700" : "600")
            svg += SVG.text(x(index), top - 8, "\(layer.units) unit\(layer.units == 1 ? "" : "s")", size: 10.5, anchor: "middle", fill: Palette.muted)
            for (slotIndex, unit) in drawnUnits(layer.units).enumerated() {
                let position = slot(slotIndex, units: layer.units)
                let cx = x(index), cy = y(index, position)
                let value = values?[unit]
                let fill = value.map { Palette.diverging($0, limit: valueLimit, strength: 0.55) } ?? "#ffffff"
                let kind = isGradient ? "gradient" : (layer.valueKind ?? "value")
                var tooltip = "\(layer.name)[\(unit)]"
                if let value { tooltip += " \(kind) = \(Num.format(value, significant: 6))" }
                if let bias = layer.bias, unit < bias.count { tooltip += ", bias = \(Num.format(bias[unit], significant: 6))" }
                svg += "<g><title>\(esc(tooltip))</title>"
                svg += "<circle cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"\(SVG.n(radius))\" fill=\"\(fill)\" stroke=\"\(isActive ? "#b07800" : "#5b6472")\" stroke-width=\"\(isActive ? 2.5 : 1.2)\"/>"
                if let value {
                    svg += SVG.text(cx, cy + 3.5, Num.format(value, significant: 2), size: 10, anchor: "middle", weight: "600")
                }
                if let bias = layer.bias, unit < bias.count {
                    // The bias mark: a small square on the node's shoulder, coloured and signed.
                    let b = bias[unit]
                    let colour = b < 0 ? Palette.negative : b > 0 ? Palette.positive : "#9aa3ad"
                    svg += "<rect x=\"\(SVG.n(cx + radius - 8))\" y=\"\(SVG.n(cy - radius - 4))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
                    svg += SVG.text(cx + radius - 2, cy - radius + 5.5, b < 0 ? "−" : b > 0 ? "+" : "0", size: 10, anchor: "middle", fill: colour, weight: "700")
                }
                svg += "</g>"
            }
            if layer.units > maxDrawnUnits {
                let cy = y(index, shownEachEnd)
                svg += SVG.text(x(index), cy + 4, "⋮ \(layer.units - 2 * shownEachEnd) more", size: 11, anchor: "middle", fill: Palette.muted)
            }
        }

        // Key.
        let keyY = height - 16
        svg += "<g class=\"key\"><line x1=\"20\" y1=\"\(SVG.n(keyY - 4))\" x2=\"44\" y2=\"\(SVG.n(keyY - 4))\" stroke=\"\(Palette.positive)\" stroke-width=\"2.5\"/>"
        svg += SVG.text(50, keyY, "positive", size: 11, fill: Palette.muted)
        svg += "<line x1=\"110\" y1=\"\(SVG.n(keyY - 4))\" x2=\"134\" y2=\"\(SVG.n(keyY - 4))\" stroke=\"\(Palette.negative)\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/>"
        svg += SVG.text(140, keyY, "negative · width ∝ |\(edgeName)|", size: 11, fill: Palette.muted)
        svg += "</g>"
        return svg + "</svg>"
    }

    /// The units a column draws: all of them, or the first and last few.
    static func drawnUnits(_ units: Int) -> [Int] {
        units <= maxDrawnUnits ? Array(0..<units) : Array(0..<shownEachEnd) + Array(units - shownEachEnd..<units)
    }

    /// The vertical slot of the `index`-th drawn unit, leaving a slot for the ellipsis.
    private static func slot(_ index: Int, units: Int) -> Int {
        units > maxDrawnUnits && index >= shownEachEnd ? index + 1 : index
    }
}

/// A small gray or RGB image drawn as SVG rectangles (runs of equal pixels merged), so a diagram
/// carries its input digit without referring to another file.
enum ImageRects {
    static func render(_ image: ImageRecord, x: Double, y: Double, size: Double) -> String {
        let pixels = image.pixels
        guard image.width > 0, image.height > 0, pixels.count == image.width * image.height * image.channels else { return "" }
        let cell = size / Double(max(image.width, image.height))
        var svg = "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(cell * Double(image.width)))\" height=\"\(SVG.n(cell * Double(image.height)))\" fill=\"#000000\"/>"
        svg += "<g shape-rendering=\"crispEdges\">"
        func colour(_ index: Int) -> String {
            let base = index * image.channels
            if image.channels >= 3 {
                return String(format: "#%02x%02x%02x", pixels[base], pixels[base + 1], pixels[base + 2])
            }
            return String(format: "#%02x%02x%02x", pixels[base], pixels[base], pixels[base])
        }
        for row in 0..<image.height {
            var column = 0
            while column < image.width {
                let c = colour(row * image.width + column)
                var run = 1
                while column + run < image.width, colour(row * image.width + column + run) == c { run += 1 }
                if c != "#000000" {
                    svg += "<rect x=\"\(SVG.n(x + Double(column) * cell))\" y=\"\(SVG.n(y + Double(row) * cell))\" width=\"\(SVG.n(Double(run) * cell))\" height=\"\(SVG.n(cell))\" fill=\"\(c)\"/>"
                }
                column += run
            }
        }
        return svg + "</g>"
    }
}
