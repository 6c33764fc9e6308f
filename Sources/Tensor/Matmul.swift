extension Tensor {
    /// The matrix product `self @ other`, following numpy's rules for rank 1 and 2: a vector on
    /// the left is a row, a vector on the right is a column, and the added axis is removed again.
    public func matmul(_ other: Tensor) throws(ShapeError) -> Tensor {
        let a = rank == 1 ? Tensor(uncheckedShape: [1, count], scalars: scalars) : self
        let b = other.rank == 1 ? Tensor(uncheckedShape: [other.count, 1], scalars: other.scalars) : other
        guard a.rank == 2, b.rank == 2 else {
            throw ShapeError(operation: "matmul", shapes: [shape, other.shape], symbol: "@",
                             reason: "operands must be vectors or matrices")
        }
        guard a.shape[1] == b.shape[0] else {
            throw ShapeError(operation: "matmul", shapes: [shape, other.shape], symbol: "@",
                             reason: "inner dimensions \(a.shape[1]) and \(b.shape[0]) differ")
        }
        var c = try Tensor.matmul(a, b)
        if rank == 1 { c.shape = [c.shape[1]] } else if other.rank == 1 { c.shape = [c.shape[0]] }
        return c
    }

    /// `op(a) @ op(b)` for matrices, where `op` transposes when asked, without building the
    /// transpose: the backward passes multiply by `x.T` and `w.T` this way.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) throws(ShapeError) -> Tensor {
        try checkMatmul(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
        let aa = transposeA ? a.T : a
        let bb = transposeB ? b.T : b
        return try matmulReference(aa, bb)
    }
}
