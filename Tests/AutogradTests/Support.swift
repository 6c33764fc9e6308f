import Autograd
import Tensor
import XCTest

/// A tape-built function of named parameters: the shape every check in these tests takes.
typealias TapeFunction = (Tape, Named<Variable>) throws -> Variable

/// The value of a tape-built function on a fresh tape, for central differences.
func evaluate(_ f: TapeFunction, at parameters: Named<Tensor>) throws -> Double {
    let tape = Tape()
    return try f(tape, parameters.map { name, value in tape.variable(value, name: name) }).value.item
}

/// Random normal values of a shape, from a seeded generator.
func randn(_ shape: [Int], _ generator: inout Xoshiro256StarStar) -> Tensor {
    Tensor.randn(shape: shape, using: &generator)
}

/// Random values in [low, high) (for log and division, which need to stay away from 0).
func uniform(_ shape: [Int], _ low: Double, _ high: Double, _ generator: inout Xoshiro256StarStar) -> Tensor {
    Tensor.uniform(shape: shape, low: low, high: high, using: &generator)
}

/// The floor of the relative difference, as a fraction of a gradient's largest element, when
/// one side is numeric.
///
/// Central differences carry an absolute rounding error of about 1e-16 |f| / h = 1e-11 |f| on
/// every element, so an element a million times smaller than its neighbours (a softmax
/// probability of e^-14, say) cannot be checked to 1e-6 of itself, only to 1e-6 of the
/// gradient's scale. Measured: such elements differ by 3e-11 absolute, 6e-5 relative.
let numericScaleFloor = 1e-3

/// Asserts that two sets of gradients agree to `relative` (relative difference as
/// `GradientDifference` defines it, with the floor at `scaleFloor` times the larger of the two
/// tensors' largest magnitudes; 0 means pure relative difference), naming the parameter and the
/// worst element on failure.
func assertGradientsClose(
    _ actual: Named<Tensor>, _ expected: Named<Tensor>, relative: Double, scaleFloor: Double = 0,
    _ context: String, file: StaticString = #filePath, line: UInt = #line
) throws {
    XCTAssertEqual(actual.names, expected.names, context, file: file, line: line)
    for name in expected.names {
        let a = actual[name], e = expected[name]
        let scale = max(a.abs().max(), e.abs().max())
        let floor = max(scaleFloor * scale, GradientDifference.defaultRelativeFloor)
        let d = try GradientDifference(a, e, relativeFloor: floor)
        XCTAssertLessThanOrEqual(
            d.maxRelative, relative,
            "\(context): \(name) \(formatShape(e.shape)) worst at \(d.maxRelativeIndex): "
                + "\(a[d.maxRelativeIndex]) vs \(e[d.maxRelativeIndex])",
            file: file, line: line)
    }
}

/// Checks the autograd gradients of `f` against central differences.
///
/// Non-scalar outputs are reduced with fixed random weights (`sum(out * r)`), so every output
/// element contributes its own share and a wrong gradient cannot hide behind a plain sum.
func assertAutogradMatchesNumeric(
    _ context: String, at parameters: Named<Tensor>, seed: UInt64, relative: Double = 1e-6,
    file: StaticString = #filePath, line: UInt = #line, _ f: @escaping TapeFunction
) throws {
    var generator = Xoshiro256StarStar(seed: seed ^ 0xA5A5)
    let probe = Tape()
    let outputShape = try f(probe, parameters.map { n, v in probe.variable(v, name: n) }).shape
    let weights = randn(outputShape, &generator)
    let loss: TapeFunction = { tape, v in try (f(tape, v) * tape.constant(weights)).sum() }
    let automatic = try GradientCheck.autogradGradients(at: parameters, of: loss).gradients
    let numeric = try NumericalGradient.gradients(of: { try evaluate(loss, at: $0) }, at: parameters)
    try assertGradientsClose(automatic, numeric, relative: relative, scaleFloor: numericScaleFloor,
                             "\(context), seed \(seed)",
                             file: file, line: line)
}

extension Tensor {
    /// The element at a full index given as an array (for messages).
    subscript(index: [Int]) -> Double { scalars[flatIndex(index)] }
}
