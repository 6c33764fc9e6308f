extension Tensor {
    /// The textbook matrix product, one output element at a time: the reference that every fast
    /// kernel is tested against, and the loop the lessons show.
    ///
    /// Each element is `c[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j] + ...`, accumulated from 0 in
    /// increasing `k` with a fused multiply-add (`acc += a*b`, rounded once). The fast kernels
    /// keep exactly this order and rounding, so they agree with this loop to the last bit.
    public static func matmulReference(_ a: Tensor, _ b: Tensor) throws(ShapeError) -> Tensor {
        try checkMatmul(a.shape, b.shape, transposeA: false, transposeB: false)
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var c = Tensor.zeros(m, n)
        for i in 0..<m {
            for j in 0..<n {
                var acc = 0.0
                for p in 0..<k { acc.addProduct(a.scalars[i * k + p], b.scalars[p * n + j]) }
                c.scalars[i * n + j] = acc
            }
        }
        return c
    }

    /// Checks that `op(a) @ op(b)` is defined for two matrices and names both shapes if not.
    static func checkMatmul(_ a: [Int], _ b: [Int], transposeA: Bool, transposeB: Bool) throws(ShapeError) {
        let symbol = "@"
        let name = "matmul" + (transposeA ? " (a transposed)" : "") + (transposeB ? " (b transposed)" : "")
        guard a.count == 2, b.count == 2 else {
            throw ShapeError(operation: name, shapes: [a, b], symbol: symbol,
                             reason: "both operands must be matrices (rank 2)")
        }
        let inner1 = transposeA ? a[0] : a[1]
        let inner2 = transposeB ? b[1] : b[0]
        guard inner1 == inner2 else {
            throw ShapeError(operation: name, shapes: [a, b], symbol: symbol,
                             reason: "inner dimensions \(inner1) and \(inner2) differ")
        }
    }
}
