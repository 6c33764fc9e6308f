import Foundation

/// Formats a number for prose-like notes: 6 significant digits.
func fmt(_ v: Double, _ digits: Int = 6) -> String {
    guard v.isFinite else { return "\(v)" }
    if v == 0 { return "0" }
    let magnitude = Swift.abs(v)
    if magnitude >= 1e-4 && magnitude < 1e7 {
        var s = String(format: "%.\(digits)g", v)
        if s.contains("e") { s = String(format: "%f", v) }
        return s
    }
    return String(format: "%.\(digits - 1)e", v)
}
