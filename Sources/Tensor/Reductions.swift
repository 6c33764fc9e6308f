// Reductions over all elements or along one axis. Sums run in index order, so they are
// reproducible to the last bit.

extension Tensor {
    /// The sum of all elements, as a number.
    public func sum() -> Double {
        scalars.withUnsafeBufferPointer { p in
            var s = 0.0
            for v in p { s += v }
            return s
        }
    }

    /// The mean of all elements, as a number (NaN for an empty tensor).
    public func mean() -> Double { sum() / Double(count) }

    /// The largest element.
    public func max() -> Double { scalars.max() ?? -.infinity }

    /// The smallest element.
    public func min() -> Double { scalars.min() ?? .infinity }

    /// The flat index of the largest element (the first one on ties).
    public func argmax() -> Int {
        var best = 0
        for i in scalars.indices where scalars[i] > scalars[best] { best = i }
        return best
    }

    /// Sum along `axis`; the axis is removed unless `keepingDimension`.
    public func sum(axis: Int, keepingDimension: Bool = false) throws(ShapeError) -> Tensor {
        try reduce(axis: axis, keepingDimension: keepingDimension, operation: "sum", initial: 0, +)
    }

    /// Mean along `axis`; the axis is removed unless `keepingDimension`.
    public func mean(axis: Int, keepingDimension: Bool = false) throws(ShapeError) -> Tensor {
        let total = try sum(axis: axis, keepingDimension: keepingDimension)
        return total / Double(shape[axis])
    }

    /// Maximum along `axis`; the axis is removed unless `keepingDimension`.
    public func max(axis: Int, keepingDimension: Bool = false) throws(ShapeError) -> Tensor {
        try reduce(axis: axis, keepingDimension: keepingDimension, operation: "max",
                   initial: -.infinity) { Swift.max($0, $1) }
    }

    /// The index of the largest element along `axis` (first on ties), as numbers.
    public func argmax(axis: Int) throws(ShapeError) -> Tensor {
        try checkAxis(axis, operation: "argmax")
        let (outer, size, inner) = split(at: axis)
        var out = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                var bestValue = scalars[o * size * inner + i]
                for k in 1..<Swift.max(size, 1) {
                    let v = scalars[(o * size + k) * inner + i]
                    if v > bestValue { best = k; bestValue = v }
                }
                out[o * inner + i] = Double(best)
            }
        }
        var s = shape
        s.remove(at: axis)
        return Tensor(uncheckedShape: s, scalars: out)
    }

    private func checkAxis(_ axis: Int, operation: String) throws(ShapeError) {
        guard axis >= 0 && axis < rank else {
            throw ShapeError(operation: operation, shapes: [shape],
                             reason: "axis \(axis) out of range for rank \(rank)")
        }
    }

    /// The sizes before, at and after `axis`.
    private func split(at axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    private func reduce(
        axis: Int, keepingDimension: Bool, operation: String, initial: Double,
        _ combine: (Double, Double) -> Double
    ) throws(ShapeError) -> Tensor {
        try checkAxis(axis, operation: operation)
        let (outer, size, inner) = split(at: axis)
        var out = [Double](repeating: initial, count: outer * inner)
        scalars.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                for p in 0..<outer {
                    for k in 0..<size {
                        let base = (p * size + k) * inner
                        for i in 0..<inner { o[p * inner + i] = combine(o[p * inner + i], a[base + i]) }
                    }
                }
            }
        }
        var s = shape
        if keepingDimension { s[axis] = 1 } else { s.remove(at: axis) }
        return Tensor(uncheckedShape: s, scalars: out)
    }
}
