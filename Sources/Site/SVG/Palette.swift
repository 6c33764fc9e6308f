import Foundation

/// Colours, chosen to stay distinguishable with the common colour-vision deficiencies.
///
/// Values use a diverging blue/orange scale centred on zero (blue positive, orange negative);
/// series use the Okabe-Ito palette. Everything that is told apart by colour is also told apart by
/// something else (a dash pattern, a label, a sign), so colour is never the only cue.
enum Palette {
    static let positive = "#1f62a8"
    static let negative = "#c45a00"
    static let ink = "#1d2430"
    static let muted = "#5b6472"
    static let grid = "#e3e6ea"
    static let accent = "#1f62a8"

    /// Series colours (Okabe-Ito), in order.
    static let series = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
    /// Dash patterns that go with `series`, so series differ in more than colour.
    static let dashes = ["", "6 4", "2 3", "8 3 2 3", "1 2", "10 4", ""]

    /// Series `index`'s colour and its `stroke-dasharray` attribute (empty for a solid line),
    /// the same in a chart, its legend and a thumbnail's key.
    static func seriesStroke(_ index: Int) -> (colour: String, dashAttribute: String) {
        let dash = dashes[index % dashes.count]
        return (series[index % series.count], dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")
    }

    private static let negativeStops: [(Double, Double, Double)] = [(247, 247, 247), (253, 184, 99), (179, 88, 6)]
    private static let positiveStops: [(Double, Double, Double)] = [(247, 247, 247), (146, 197, 222), (33, 102, 172)]

    /// The colour of `value` on a scale symmetric about 0 reaching `limit` at both ends.
    /// `strength` < 1 keeps the colour light enough for dark text on top of it.
    static func diverging(_ value: Double, limit: Double, strength: Double = 1) -> String {
        guard value.isFinite else { return "#7f7f7f" }
        guard limit > 0 else { return hex(negativeStops[0]) }
        let t = max(-1, min(1, value / limit)) * strength
        let stops = t < 0 ? negativeStops : positiveStops
        return hex(interpolate(stops, abs(t)))
    }

    /// A light-to-dark blue scale for counts (a confusion matrix) from 0 to `maximum`.
    static func sequential(_ value: Double, maximum: Double) -> String {
        guard value.isFinite, maximum > 0 else { return "#f7f7f7" }
        let t = max(0, min(1, value / maximum))
        return hex(interpolate([(247, 251, 255), (107, 174, 214), (8, 48, 107)], t))
    }

    /// Whether text on `value`'s sequential colour should be white.
    static func sequentialNeedsLightText(_ value: Double, maximum: Double) -> Bool {
        maximum > 0 && value / maximum > 0.55
    }

    static func gray(_ level: Double) -> String {
        let v = max(0, min(255, level))
        return hex((v, v, v))
    }

    private static func interpolate(_ stops: [(Double, Double, Double)], _ t: Double) -> (Double, Double, Double) {
        let scaled = t * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(scaled))
        let f = scaled - Double(index)
        let a = stops[index], b = stops[index + 1]
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    private static func hex(_ rgb: (Double, Double, Double)) -> String {
        String(format: "#%02x%02x%02x", Int(rgb.0.rounded()), Int(rgb.1.rounded()), Int(rgb.2.rounded()))
    }
}
