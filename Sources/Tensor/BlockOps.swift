import CKernels

/// Element-wise passes over a block of a row-major matrix (stride `width`), for matmul epilogues
/// (`Tensor.matmul(_:_:into:transposeA:transposeB:epilogue:)`). Vectorised C with exactly the
/// rounding of the element-wise Swift they stand for, so the numbers are the same bit for bit.
public enum BlockOps {
    /// `z = z + bias[j]` on the block, and, when `activation` is given, `activation = max(z, 0)`
    /// (as `Swift.max(z, 0)`, the ReLU of `clamp(min: 0)`).
    public static func addBias(
        _ z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, relu activation: UnsafeMutablePointer<Double>?,
        width: Int, rows: Range<Int>, columns: Range<Int>
    ) {
        sn_epi_bias(z, activation, bias, width, rows.lowerBound, rows.upperBound, columns.lowerBound, columns.upperBound)
    }

    /// `out = g * (x > 0 ? 1 : 0)` on the block: the ReLU's gradient mask.
    public static func reluMask(
        _ out: UnsafeMutablePointer<Double>, gradient g: UnsafePointer<Double>, input x: UnsafePointer<Double>,
        width: Int, rows: Range<Int>, columns: Range<Int>
    ) {
        sn_epi_relu_mask(out, g, x, width, rows.lowerBound, rows.upperBound, columns.lowerBound, columns.upperBound)
    }

    /// `out[j]` = the sum of column `j` of the (rows x columns) matrix `g`, row by row from 0
    /// starting at 0: `sum(axis: 0)`, the bias gradient.
    public static func columnSums(_ g: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        sn_column_sums(g, out, Int32(rows), Int32(columns))
    }

    /// `w = w - s * g` on the block: the SGD update, as `Tensor.subtract(_:scaledBy:)`.
    public static func subtractScaled(
        _ w: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, scale s: Double,
        width: Int, rows: Range<Int>, columns: Range<Int>
    ) {
        sn_epi_sub_scaled(w, g, s, width, rows.lowerBound, rows.upperBound, columns.lowerBound, columns.upperBound)
    }
}
