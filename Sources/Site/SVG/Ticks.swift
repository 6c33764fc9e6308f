import Foundation

/// Axis ranges and tick positions a reader can take in: round numbers by the 1-2-5 rule on linear
/// axes, powers of ten on log axes.
enum Ticks {
    /// About `target` ticks covering `low...high`, each a multiple of 1, 2 or 5 times a power of
    /// ten, with the range widened to the outer ticks.
    static func linear(_ low: Double, _ high: Double, target: Int = 5) -> (range: ClosedRange<Double>, ticks: [Double]) {
        var lo = low, hi = high
        if !(lo.isFinite && hi.isFinite) { return (0...1, [0, 0.5, 1]) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let rough = (hi - lo) / Double(max(1, target))
        let exponent = Int(floor(log10(rough)))
        let fraction = rough / pow(10, Double(exponent))
        let mantissa: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        // k * mantissa is an exact integer; dividing by an exact power of ten then rounds once,
        // so ticks print as 0.94 rather than 0.9400000000000001.
        func value(_ k: Double) -> Double {
            exponent < 0 ? k * mantissa / pow(10, Double(-exponent)) : k * mantissa * pow(10, Double(exponent))
        }
        let step = value(1)
        let first = floor(lo / step + 1e-9)
        let last = ceil(hi / step - 1e-9)
        var ticks: [Double] = []
        var k = first
        while k <= last + 1e-9 {
            let tick = value(k)
            ticks.append(tick == 0 ? 0 : tick)
            k += 1
        }
        return (value(first)...value(last), ticks)
    }

    /// Decades covering `low...high` (both positive): range in log10 units and the exponents.
    static func logarithmic(_ low: Double, _ high: Double) -> (range: ClosedRange<Double>, exponents: [Int]) {
        guard low > 0, high > 0, low.isFinite, high.isFinite else { return (0...1, [0, 1]) }
        var first = Int(floor(log10(low) + 1e-9))
        var last = Int(ceil(log10(high) - 1e-9))
        if first == last { first -= 1; last += 1 }
        // Too many decades crowd the axis: label every second or third one.
        let stride = max(1, (last - first + 5) / 6)
        let exponents = Swift.stride(from: first, through: last, by: stride).map { $0 }
        return (Double(first)...Double(last), exponents)
    }

    /// A decade's label: `0.01`, `1`, `1000`, `1e6`.
    static func decadeLabel(_ exponent: Int) -> String {
        if exponent >= -3 && exponent <= 4 { return Num.format(pow(10, Double(exponent))) }
        return "1e\(exponent)"
    }
}
