/// numpy's broadcasting rule: align shapes on the right; two sizes fit when they are equal or
/// one of them is 1, and the result takes the larger. A missing leading axis counts as 1.
///
/// This is why `(25x1) - (25)` is silently `(25x25)` in numpy and here: the lesson on pitfalls
/// shows it, and the losses avoid it by squeezing first.
public func broadcastShape(_ a: [Int], _ b: [Int], operation: String, symbol: String) throws(ShapeError) -> [Int] {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
        let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
        let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
        if da == db || db == 1 {
            result[axis] = da
        } else if da == 1 {
            result[axis] = db
        } else {
            throw ShapeError(
                operation: operation, shapes: [a, b], symbol: symbol,
                reason: "sizes \(da) and \(db) on axis \(axis) of the broadcast shape cannot broadcast")
        }
    }
    return result
}

extension Tensor {
    /// Applies `op` element by element after broadcasting both operands to a common shape.
    ///
    /// Same shapes, a scalar on either side, and a row vector on the right (the bias row of a
    /// layer) take direct loops; everything else goes through general index arithmetic.
    public static func broadcasting(
        _ a: Tensor, _ b: Tensor, operation: String, symbol: String,
        _ op: (Double, Double) -> Double
    ) throws(ShapeError) -> Tensor {
        if a.shape == b.shape {
            var out = a.scalars
            b.scalars.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op2 in
                    for i in 0..<op2.count { op2[i] = op(op2[i], bp[i]) }
                }
            }
            return Tensor(uncheckedShape: a.shape, scalars: out)
        }
        let shape = try broadcastShape(a.shape, b.shape, operation: operation, symbol: symbol)
        if b.count == 1, shape == a.shape {
            let s = b.scalars[0]
            return Tensor(uncheckedShape: shape, scalars: a.scalars.map { op($0, s) })
        }
        if a.count == 1, shape == b.shape {
            let s = a.scalars[0]
            return Tensor(uncheckedShape: shape, scalars: b.scalars.map { op(s, $0) })
        }
        if shape == a.shape, let last = a.shape.last, b.count == last, b.shape.last == last {
            // A row vector added to every row: the bias of a layer.
            var out = a.scalars
            b.scalars.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { o in
                    var base = 0
                    while base < o.count {
                        for j in 0..<last { o[base + j] = op(o[base + j], bp[j]) }
                        base += last
                    }
                }
            }
            return Tensor(uncheckedShape: shape, scalars: out)
        }
        return general(a, b, shape: shape, op)
    }

    static func general(_ a: Tensor, _ b: Tensor, shape: [Int], _ op: (Double, Double) -> Double) -> Tensor {
        let rank = shape.count
        // Strides of each operand in the broadcast index space (0 where the axis is broadcast).
        func strides(_ s: [Int]) -> [Int] {
            let padded = [Int](repeating: 1, count: rank - s.count) + s
            var result = [Int](repeating: 0, count: rank)
            var step = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                result[axis] = padded[axis] == 1 ? 0 : step
                step *= padded[axis]
            }
            return result
        }
        let sa = strides(a.shape), sb = strides(b.shape)
        let n = shape.reduce(1, *)
        var out = [Double](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: rank)
        var ia = 0, ib = 0
        for flat in 0..<n {
            out[flat] = op(a.scalars[ia], b.scalars[ib])
            // Advance the multi-index like an odometer, keeping both offsets in step.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                ia += sa[axis]
                ib += sb[axis]
                if index[axis] < shape[axis] { break }
                ia -= sa[axis] * shape[axis]
                ib -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(uncheckedShape: shape, scalars: out)
    }
}
