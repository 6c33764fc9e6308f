import Foundation

/// The legend beside a tinted table of numbers: the diverging scale at the table's lighter
/// strength, from -limit through 0 to +limit, so a tint can be read back as a value.
enum ScaleLegendSVG {
    static let width = 220.0, barWidth = 200.0, height = 34.0

    /// The legend of a table showing `names`; nothing when every value is 0 (no tint to read).
    /// With one name the scale is that tensor's over the whole lesson; with several it is the
    /// largest of theirs, shared by the table's columns.
    static func table(names: [String], limit: Double) -> String {
        guard limit > 0, limit.isFinite else { return "" }
        let list = names.joined(separator: ", ")
        let scope = names.count == 1
            ? "every step of this lesson that shows \(list) uses this scale"
            : "the columns \(list) share this scale, the widest of theirs over the lesson"
        let desc = "Cell tints: orange for negative values, strongest at \(Num.format(-limit, significant: 3)); "
            + "white for 0; blue for positive values, strongest at \(Num.format(limit, significant: 3)); \(scope)."
        var svg = SVG.open(width: width, height: height, className: "scale-legend", title: "Colour scale of \(list)", desc: desc)
        svg += HeatmapSVG.legend(x: 1, y: 2, width: barWidth, limit: limit, strength: TensorView.tintStrength)
        return svg + "</svg>"
    }
}
