import Foundation

/// Numbers as the pages print them: a fixed number of significant digits, no trailing zeros,
/// a true minus sign, and exponents only for very small or very large magnitudes.
///
/// `String(format:)` with no locale is locale-independent, so output is the same on every machine.
enum Num {
    /// `value` with `significant` digits, e.g. `6.128`, `−0.0421`, `1.5e-7`, `36050`.
    static func format(_ value: Double, significant: Int = 4) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "−∞" : "∞" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let text: String
        if magnitude >= 1e-3 && magnitude < 1e7 {
            let exponent = Int(floor(log10(magnitude)))
            let decimals = max(0, significant - 1 - exponent)
            text = trimZeros(String(format: "%.\(decimals)f", value))
        } else {
            text = exponential(value, significant: significant)
        }
        return minus(text)
    }

    /// Seconds as a duration a reader takes in at a glance: `127 ms`, `2.41 s`, `850 µs`.
    static func duration(_ seconds: Double) -> String {
        if !seconds.isFinite { return format(seconds) }
        if seconds >= 1 { return format(seconds, significant: 3) + " s" }
        if seconds >= 1e-3 { return format(seconds * 1e3, significant: 3) + " ms" }
        return format(seconds * 1e6, significant: 3) + " µs"
    }

    /// Accuracy-like figures: `0.9819` -> `98.19 %`.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return format(fraction) }
        return trimZeros(String(format: "%.2f", fraction * 100)) + " %"
    }

    /// A shape as the lessons write it: `25x3`, or `scalar` for rank 0.
    static func shape(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }

    private static func exponential(_ value: Double, significant: Int) -> String {
        let raw = String(format: "%.\(max(0, significant - 1))e", value)
        guard let e = raw.firstIndex(of: "e") else { return raw }
        let mantissa = trimZeros(String(raw[..<e]))
        var exponent = String(raw[raw.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
        if exponent.isEmpty { exponent = "0" }
        return mantissa + "e" + (negative ? "-" : "") + exponent
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = Substring(text)
        while out.hasSuffix("0") { out = out.dropLast() }
        if out.hasSuffix(".") { out = out.dropLast() }
        return out == "-0" ? "0" : String(out)
    }

    private static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
