// Operations that rearrange elements without computing new values.
import CKernels

extension Tensor {
    /// The same elements under a new shape with the same element count. One dimension may be -1,
    /// meaning "whatever makes the count match", as in numpy.
    public func reshaped(_ newShape: Int...) throws(ShapeError) -> Tensor {
        try reshaped(shape: newShape)
    }

    /// The same elements under a new shape with the same element count (one dimension may be -1).
    public func reshaped(shape newShape: [Int]) throws(ShapeError) -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 || newShape.contains(where: { $0 < -1 }) {
            throw ShapeError(operation: "reshape", shapes: [shape, newShape], symbol: "->",
                             reason: "at most one dimension may be -1 and none may be negative")
        }
        if let axis = unknown.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw ShapeError(operation: "reshape", shapes: [shape, newShape], symbol: "->",
                                 reason: "\(count) elements do not divide into rows of \(known)")
            }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count else {
            throw ShapeError(operation: "reshape", shapes: [shape, newShape], symbol: "->",
                             reason: "\(count) elements cannot take a shape of \(resolved.reduce(1, *))")
        }
        return Tensor(uncheckedShape: resolved, scalars: scalars)
    }

    /// The matrix transpose of a rank-2 tensor; a rank-0 or rank-1 tensor is returned unchanged,
    /// as numpy's `.T` does.
    public var T: Tensor {
        guard rank == 2 else { return self }
        let (m, n) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: count)
        scalars.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                // Tiles keep both the reads and the writes within a few cache lines.
                let tile = 32
                for i0 in stride(from: 0, to: m, by: tile) {
                    for j0 in stride(from: 0, to: n, by: tile) {
                        for i in i0..<Swift.min(i0 + tile, m) {
                            for j in j0..<Swift.min(j0 + tile, n) { o[j * m + i] = a[i * n + j] }
                        }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: [n, m], scalars: out)
    }

    /// The axes permuted: axis `i` of the result is axis `axes[i]` of this tensor.
    public func transposed(_ axes: [Int]) throws(ShapeError) -> Tensor {
        guard axes.sorted() == Array(0..<rank) else {
            throw ShapeError(operation: "transpose", shapes: [shape],
                             reason: "axes \(axes) are not a permutation of 0..<\(rank)")
        }
        let newShape = axes.map { shape[$0] }
        let oldStrides = Tensor.strides(of: shape)
        let permutedStrides = axes.map { oldStrides[$0] }
        var out = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        var source = 0
        for flat in 0..<count {
            out[flat] = scalars[source]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                source += permutedStrides[axis]
                if index[axis] < newShape[axis] { break }
                source -= permutedStrides[axis] * newShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(uncheckedShape: newShape, scalars: out)
    }

    /// Row-major strides of a shape, in elements.
    public static func strides(of shape: [Int]) -> [Int] {
        var result = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            result[axis] = step
            step *= shape[axis]
        }
        return result
    }

    /// The rows (entries along axis 0) at `indices`, in that order: how a mini-batch is gathered.
    public func rows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "rows: a rank-0 tensor has no rows")
        let width = rank == 1 ? 1 : shape.dropFirst().reduce(1, *)
        var out = [Double]()
        out.reserveCapacity(indices.count * width)
        scalars.withUnsafeBufferPointer { a in
            for i in indices {
                precondition(i >= 0 && i < shape[0], "rows: index \(i) out of range 0..<\(shape[0])")
                out.append(contentsOf: a[(i * width)..<((i + 1) * width)])
            }
        }
        return Tensor(uncheckedShape: [indices.count] + shape.dropFirst(), scalars: out)
    }

    /// The rows in `range`, as one tensor.
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows: range \(range) out of 0..<\(shape.first ?? 0)")
        let width = rank == 1 ? 1 : shape.dropFirst().reduce(1, *)
        return Tensor(uncheckedShape: [range.count] + shape.dropFirst(),
                      scalars: Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
    }

    /// Tensors joined along `axis`; every other axis must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws(ShapeError) -> Tensor {
        guard let first = tensors.first else {
            throw ShapeError(operation: "concatenate", shapes: [], reason: "nothing to join")
        }
        guard axis >= 0 && axis < first.rank else {
            throw ShapeError(operation: "concatenate", shapes: tensors.map(\.shape),
                             reason: "axis \(axis) out of range for rank \(first.rank)")
        }
        for t in tensors {
            var a = t.shape, b = first.shape
            guard a.count == b.count else {
                throw ShapeError(operation: "concatenate", shapes: tensors.map(\.shape),
                                 reason: "ranks differ")
            }
            a[axis] = 0; b[axis] = 0
            guard a == b else {
                throw ShapeError(operation: "concatenate", shapes: tensors.map(\.shape),
                                 reason: "sizes differ off axis \(axis)")
            }
        }
        let outer = first.shape[..<axis].reduce(1, *)
        var shape = first.shape
        shape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
        var out = [Double]()
        out.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for t in tensors {
                let chunk = t.shape[axis...].reduce(1, *)
                out.append(contentsOf: t.scalars[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return Tensor(uncheckedShape: shape, scalars: out)
    }

    /// Removes axes of size 1: all of them, or only `axis` (which must have size 1).
    public func squeezed(axis: Int? = nil) throws(ShapeError) -> Tensor {
        if let axis {
            guard axis >= 0 && axis < rank && shape[axis] == 1 else {
                throw ShapeError(operation: "squeeze", shapes: [shape],
                                 reason: "axis \(axis) is not of size 1")
            }
            var s = shape
            s.remove(at: axis)
            return Tensor(uncheckedShape: s, scalars: scalars)
        }
        return Tensor(uncheckedShape: shape.filter { $0 != 1 }, scalars: scalars)
    }

    /// Inserts an axis of size 1 at `axis` (0...rank).
    public func unsqueezed(axis: Int) throws(ShapeError) -> Tensor {
        guard axis >= 0 && axis <= rank else {
            throw ShapeError(operation: "unsqueeze", shapes: [shape],
                             reason: "axis \(axis) out of range 0...\(rank)")
        }
        var s = shape
        s.insert(1, at: axis)
        return Tensor(uncheckedShape: s, scalars: scalars)
    }
}

extension Tensor {
    /// `rows(indices)` written into `out`, which must already have the shape of the result: the
    /// mini-batch gather of an allocation-free training loop.
    public func rows(_ indices: [Int], into out: inout Tensor) {
        let width = checkRows(indices, into: out)
        guard !indices.isEmpty, width > 0 else { return }
        scalars.withUnsafeBufferPointer { a in
            out.scalars.withUnsafeMutableBufferPointer { o in
                indices.withUnsafeBufferPointer { rows in
                    Self.gatherRows(a.baseAddress!, width: width, rows, into: o.baseAddress!)
                }
            }
        }
    }

    /// `rows(indices, into: &out)` done on another core while `body` runs on this one (a training
    /// step on the previous batch, say), finished when `body` returns. The copy holds the thread
    /// pool meanwhile, so the products `body` makes run on its thread alone (which the batch-32
    /// training loops are no slower for; a larger network may be). A small copy (the size that
    /// `rows(_:into:)` keeps on one thread), or one without a free core, is done first. `body`
    /// must not touch `out`, nor write to this tensor.
    public func rows<R>(_ indices: [Int], into out: inout Tensor, during body: () throws -> R) rethrows -> R {
        let width = checkRows(indices, into: out)
        guard indices.count * width >= Self.parallelGatherElements else {
            rows(indices, into: &out)
            return try body()
        }
        return try scalars.withUnsafeBufferPointer { a in
            try out.scalars.withUnsafeMutableBufferPointer { o in
                try indices.withUnsafeBufferPointer { rows in
                    let (source, target) = (a.baseAddress!, o.baseAddress!)
                    let started = sn_gather_rows_start(source, width, rows.baseAddress!, rows.count, target,
                                                       Int32(Parallel.threadCount)) != 0
                    if !started { Self.gatherRows(source, width: width, rows, into: target) }
                    defer { if started { sn_gather_rows_finish() } }
                    return try body()
                }
            }
        }
    }

    /// From this many elements, a gather is split over two threads (or done on another core).
    private static let parallelGatherElements = 16_384

    /// The row width, after checking the indices and `out`'s shape.
    private func checkRows(_ indices: [Int], into out: Tensor) -> Int {
        precondition(rank >= 1, "rows: a rank-0 tensor has no rows")
        let width = rank == 1 ? 1 : shape.dropFirst().reduce(1, *)
        precondition(out.count == indices.count * width && out.shape.first == indices.count,
                     "rows into: the output has shape \(formatShape(out.shape)), the rows \(indices.count)x\(width)")
        let rowCount = shape[0]
        for i in indices { precondition(i >= 0 && i < rowCount, "rows: index \(i) out of range 0..<\(rowCount)") }
        return width
    }

    private static func gatherRows(_ source: UnsafePointer<Double>, width: Int, _ rows: UnsafeBufferPointer<Int>,
                                   into target: UnsafeMutablePointer<Double>) {
        if rows.count * width >= parallelGatherElements {
            sn_gather_rows_split(source, width, rows.baseAddress!, rows.count, target, Int32(Parallel.threadCount))
        } else {
            sn_gather_rows(source, width, rows.baseAddress!, rows.count, target)
        }
    }
}
