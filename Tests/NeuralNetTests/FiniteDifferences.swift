import Tensor
import XCTest

/// Central differences (f(x + h) - f(x - h)) / 2h for every element of `x`, h = 1e-5 as in [002].
func numericalGradient(at x: Tensor, h: Double = 1e-5, _ f: (Tensor) throws -> Double) rethrows -> Tensor {
    var grad = Tensor.zeros(shape: x.shape)
    var probe = x
    for i in 0..<x.count {
        let old = x.scalars[i]
        probe.withUnsafeMutableBufferPointer { $0[i] = old + h }
        let plus = try f(probe)
        probe.withUnsafeMutableBufferPointer { $0[i] = old - h }
        let minus = try f(probe)
        probe.withUnsafeMutableBufferPointer { $0[i] = old }
        grad.withUnsafeMutableBufferPointer { $0[i] = (plus - minus) / (2 * h) }
    }
    return grad
}

/// Asserts `analytic` matches `numeric` element by element to `rtol` relative to the larger
/// magnitude, with magnitudes below `floor` measured against `floor` instead: central
/// differences carry a rounding error of about eps |f| / h (1e-11 for |f| ~ 1), which is not
/// small relative to a gradient entry of 1e-5.
func assertGradientsMatch(
    _ analytic: Tensor, _ numeric: Tensor, rtol: Double = 1e-6, floor: Double = 1e-4,
    _ what: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(analytic.shape, numeric.shape, "\(what): shapes", file: file, line: line)
    guard analytic.shape == numeric.shape else { return }
    var worst = 0.0, worstIndex = 0
    for i in 0..<analytic.count {
        let a = analytic.scalars[i], n = numeric.scalars[i]
        let error = abs(a - n) / max(abs(a), abs(n), floor)
        if error > worst { worst = error; worstIndex = i }
    }
    XCTAssertLessThanOrEqual(
        worst, rtol,
        "\(what): element \(worstIndex) analytic \(analytic.scalars[worstIndex]) numeric \(numeric.scalars[worstIndex])",
        file: file, line: line)
}

/// Standard normal values pushed at least `margin` away from 0, so a ReLU's kink is never
/// inside a finite-difference step.
func awayFromZero(_ t: Tensor, margin: Double = 0.05) -> Tensor {
    t.map { $0 >= 0 ? $0 + margin : $0 - margin }
}

/// sum(t * weights): a scalar whose gradient with respect to `t` is `weights`, so one backward
/// call with `weights` checks the whole Jacobian-vector product.
func weightedSum(_ t: Tensor, _ weights: Tensor) throws -> Double {
    try (t * weights).sum()
}

/// The largest |a - b| over the largest |b|.
func maxRelativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
    let scale = b.abs().max()
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / scale
}
