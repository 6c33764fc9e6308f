import Foundation

/// Small helpers shared by the SVG renderers.
enum SVG {
    /// A coordinate with one decimal: enough for screen pixels, short, and stable across runs.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// The opening tag of a standalone inline SVG with its accessible name and description.
    /// No `xmlns`: inline SVG in HTML gets its namespace from the parser, and the site contains
    /// no URL, not even a namespace one.
    static func open(width: Double, height: Double, className: String, title: String, desc: String) -> String {
        "<svg class=\"\(className)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\">"
            + "<title>\(esc(title))</title><desc>\(esc(desc))</desc>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, size: Double = 12, anchor: String = "start",
                     fill: String = Palette.ink, weight: String? = nil, extra: String = "") -> String {
        let bold = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let anchorAttribute = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\"\(anchorAttribute) fill=\"\(fill)\"\(bold)\(extra)>\(esc(content))</text>"
    }
}
