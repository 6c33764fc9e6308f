import Foundation
import LessonRecords

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
