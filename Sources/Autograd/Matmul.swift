import Tensor

extension Variable {
    /// The matrix product `self @ other` with numpy's rules for vectors (a vector on the left is
    /// a row, on the right a column).
    ///
    /// For C = A B: dA = dC B^T and dB = A^T dC. Vectors are handled by viewing them as 1xn or
    /// nx1 matrices and reshaping the gradients back.
    public func matmul(_ other: Variable) throws(ShapeError) -> Variable {
        let (a, b) = (value, other.value)
        let product = try a.matmul(b)
        let a2 = a.rank == 1 ? try a.reshaped(1, a.count) : a
        let b2 = b.rank == 1 ? try b.reshaped(b.count, 1) : b
        return tape.record(product, operation: "matmul", inputs: [self, other]) { g throws(ShapeError) in
            let g2 = try g.reshaped(a2.shape[0], b2.shape[1])
            let ga = try Tensor.matmul(g2, b2, transposeB: true)
            let gb = try Tensor.matmul(a2, g2, transposeA: true)
            return [try ga.reshaped(shape: a.shape), try gb.reshaped(shape: b.shape)]
        }
    }
}
