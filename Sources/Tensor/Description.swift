// Printing tensors the way numpy does, so that a learner can compare with the tutorials:
// up to 8 decimals with trailing zeros dropped, columns aligned, scientific notation when the
// magnitudes call for it, and the middle of big tensors elided with "...".

extension Tensor: CustomStringConvertible {
    /// numpy's default: above 1000 elements, show 3 items at each edge of every axis.
    static let elisionThreshold = 1000
    static let edgeItems = 3

    public var description: String {
        if rank == 0 { return Tensor.format([scalars[0]])[0] }
        let elide = count > Tensor.elisionThreshold
        let formatted = Tensor.format(visibleValues(elide: elide))
        var next = 0
        return render(axis: 0, offset: 0, elide: elide, indent: 1) {
            defer { next += 1 }
            return formatted[next]
        }
    }

    private func visibleValues(elide: Bool) -> [Double] {
        guard elide else { return scalars }
        var out = [Double]()
        func walk(_ axis: Int, _ offset: Int) {
            let stride = shape[(axis + 1)...].reduce(1, *)
            for i in visibleIndices(axis: axis, elide: true) {
                if axis == rank - 1 { out.append(scalars[offset + i]) } else { walk(axis + 1, offset + i * stride) }
            }
        }
        walk(0, 0)
        return out
    }

    private func visibleIndices(axis: Int, elide: Bool) -> [Int] {
        let n = shape[axis]
        if !elide || n <= 2 * Tensor.edgeItems { return Array(0..<n) }
        return Array(0..<Tensor.edgeItems) + Array((n - Tensor.edgeItems)..<n)
    }

    private func render(axis: Int, offset: Int, elide: Bool, indent: Int, _ text: () -> String) -> String {
        let n = shape[axis]
        let stride = shape[(axis + 1)...].reduce(1, *)
        let indices = visibleIndices(axis: axis, elide: elide)
        var parts = [String]()
        for (position, i) in indices.enumerated() {
            if elide && n > 2 * Tensor.edgeItems && position == Tensor.edgeItems { parts.append("...") }
            if axis == rank - 1 {
                parts.append(text())
            } else {
                parts.append(render(axis: axis + 1, offset: offset + i * stride, elide: elide, indent: indent + 1, text))
            }
        }
        if axis == rank - 1 { return "[" + parts.joined(separator: " ") + "]" }
        let separator = String(repeating: "\n", count: rank - 1 - axis) + String(repeating: " ", count: indent)
        return "[" + parts.joined(separator: separator) + "]"
    }

    /// Formats numbers with one shared style, as numpy's default `maxprec` mode does: each
    /// element with as few decimals as it needs (at most 8), padded so the points line up.
    static func format(_ values: [Double]) -> [String] {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 != 0 }
        let largest = magnitudes.max() ?? 0
        let smallest = magnitudes.min() ?? 0
        let scientific = largest >= 1e8 || (smallest > 0 && smallest < 1e-4)
        let raw: [String] = values.map { v in
            if let s = special(v) { return s }
            if scientific { return trimmed(scientificString(v, decimals: 8)) }
            return trimmed(fixedString(v, decimals: 8))
        }
        // Split at the decimal point (or at "e" for the exponent) and pad both sides.
        func parts(_ s: String) -> (String, String) {
            guard let dot = s.firstIndex(of: ".") else { return (s, "") }
            return (String(s[..<dot]), String(s[dot...]))
        }
        let split = raw.map(parts)
        let numbers = zip(values, split).filter { $0.0.isFinite }.map(\.1)
        let left = numbers.map(\.0.count).max() ?? 0
        let right = numbers.map(\.1.count).max() ?? 0
        // A nan or inf wider than the numbers widens the column; it is right-aligned.
        let specialWidth = values.filter { !$0.isFinite }.map { special($0)!.count }.max() ?? 0
        let width = Swift.max(left + right, specialWidth)
        return zip(values, split).map { v, part in
            if !v.isFinite { return String(repeating: " ", count: width - part.0.count) + part.0 }
            let (l, r) = part
            return String(repeating: " ", count: width - right - l.count) + l + r
                + String(repeating: " ", count: right - r.count)
        }
    }

    /// Drops trailing zeros of the fraction, keeping the point: `2.50000000` -> `2.5`, `3.000` -> `3.`.
    private static func trimmed(_ s: String) -> String {
        let (mantissa, exponent): (Substring, Substring) = {
            if let e = s.firstIndex(of: "e") { return (s[..<e], s[e...]) }
            return (s[...], "")
        }()
        guard mantissa.contains(".") else { return s }
        var m = mantissa
        while m.last == "0" { m.removeLast() }
        return String(m) + exponent
    }

    private static func special(_ v: Double) -> String? {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return nil
    }



    /// `v` rounded half-to-even at `decimals` places, written out without exponent.
    static func fixedString(_ v: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (v * scale).rounded(.toNearestOrEven)
        let negative = rounded < 0 || (rounded == 0 && v.sign == .minus && v != 0)
        let magnitude = Swift.abs(rounded)
        guard magnitude < 9e15 else { return "\(v)" }
        let integer = UInt64(magnitude)
        var digits = String(integer)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }

    static func scientificString(_ v: Double, decimals: Int) -> String {
        guard v != 0 else { return fixedString(0, decimals: decimals) + "e+00" }
        var exponent = Int(_log(Swift.abs(v)) / _log(10.0).nextDown.nextUp)
        var mantissa = v / power10(exponent)
        if Swift.abs(mantissa) >= 10 { exponent += 1; mantissa /= 10 }
        if Swift.abs(mantissa) < 1 { exponent -= 1; mantissa *= 10 }
        var m = fixedString(mantissa, decimals: decimals)
        if m.hasPrefix("10.") || m.hasPrefix("-10.") {
            exponent += 1
            m = fixedString(mantissa / 10, decimals: decimals)
        }
        let sign = exponent < 0 ? "-" : "+"
        let e = String(Swift.abs(exponent))
        return m + "e" + sign + (e.count < 2 ? "0" + e : e)
    }

    private static func power10(_ e: Int) -> Double {
        var p = 1.0
        for _ in 0..<Swift.abs(e) { p *= 10 }
        return e < 0 ? 1 / p : p
    }
}
