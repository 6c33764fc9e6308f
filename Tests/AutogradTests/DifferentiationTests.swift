import _Differentiation
import Autograd
import Foundation
import NeuralNet
import Tensor
import XCTest

// A third, fully independent check of the scalar kernels: Swift's own compiler-generated
// derivatives (`_Differentiation`, experimental) of plain Double functions, against the
// autograd engine and the hand-written NeuralNet backward passes.

@differentiable(reverse) private func reluScalar(_ x: Double) -> Double { x > 0 ? x : 0 }
@differentiable(reverse) private func tanhScalar(_ x: Double) -> Double { tanh(x) }
@differentiable(reverse) private func sigmoidScalar(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
@differentiable(reverse) private func expScalar(_ x: Double) -> Double { exp(x) }
@differentiable(reverse) private func logScalar(_ x: Double) -> Double { log(x) }

/// Three numbers the compiler can differentiate as one value.
private struct Three: Differentiable {
    var a: Double
    var b: Double
    var c: Double
}

private let mseTarget = (0.5, -1.0, 2.0)

@differentiable(reverse) private func mseOfThree(_ p: Three) -> Double {
    let (ta, tb, tc) = mseTarget
    let da = p.a - ta, db = p.b - tb, dc = p.c - tc
    return (da * da + db * db + dc * dc) / 3
}

/// Cross-entropy of label 1 against the softmax of three logits, shifted by their maximum
/// (held constant, so the compiler does not differentiate through `max`).
@differentiable(reverse) private func crossEntropyOfThree(_ z: Three) -> Double {
    let m = withoutDerivative(at: max(z.a, max(z.b, z.c)))
    let s = exp(z.a - m) + exp(z.b - m) + exp(z.c - m)
    return log(s) + m - z.b
}

final class DifferentiationTests: XCTestCase {
    let points: [Double] = [-3.2, -1, -0.25, 0.3, 0.9, 2.5, 7]

    /// d/dx of `scalar` at every point, against the autograd engine's gradient of sum(op(x))
    /// and the manual kernel, all to 1e-12 relative.
    private func check(
        _ name: String, at xs: [Double], scalar: @differentiable(reverse) (Double) -> Double,
        autograd: (Variable) -> Variable, manual: (Tensor) throws -> Tensor,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let compiler = Tensor(xs.map { gradient(at: $0, of: scalar) })
        let tape = Tape()
        let x = tape.variable(Tensor(xs))
        try autograd(x).sum().backward()
        let automatic = try XCTUnwrap(x.grad)
        let hand = try manual(Tensor(xs))
        try assertGradientsClose(["x": automatic], ["x": compiler], relative: 1e-12,
                                 "\(name): autograd vs _Differentiation", file: file, line: line)
        try assertGradientsClose(["x": hand], ["x": compiler], relative: 1e-12,
                                 "\(name): manual vs _Differentiation", file: file, line: line)
    }

    func testActivations() throws {
        try check("relu", at: points, scalar: reluScalar, autograd: { $0.relu() }) { x in
            try reluGrad(x, Tensor.ones(shape: x.shape))
        }
        try check("tanh", at: points, scalar: tanhScalar, autograd: { $0.tanh() }) { x in
            let layer = Tanh()
            _ = try layer.forward(x)
            return try layer.backward(Tensor.ones(shape: x.shape))
        }
        try check("sigmoid", at: points, scalar: sigmoidScalar, autograd: { $0.sigmoid() }) { x in
            let layer = Sigmoid()
            _ = try layer.forward(x)
            return try layer.backward(Tensor.ones(shape: x.shape))
        }
        // exp and log have no NeuralNet layer: the manual side is the textbook derivative.
        try check("exp", at: points, scalar: expScalar, autograd: { $0.exp() }) { $0.exp() }
        let positive = points.map { Swift.abs($0) }
        try check("log", at: positive, scalar: logScalar, autograd: { $0.log() }) { 1 / $0 }
    }

    func testMeanSquaredErrorOfThree() throws {
        let p = Three(a: 1.25, b: -0.5, c: 4)
        let g = gradient(at: p, of: mseOfThree)
        let compiler = Tensor([g.a, g.b, g.c])
        let target = Tensor([mseTarget.0, mseTarget.1, mseTarget.2])

        let tape = Tape()
        let pred = tape.variable(Tensor([p.a, p.b, p.c]))
        let loss = try Variable.meanSquaredError(pred, tape.constant(target))
        XCTAssertEqual(loss.value.item, mseOfThree(p), accuracy: 1e-15)
        try loss.backward()
        let hand = try mseGrad(Tensor([p.a, p.b, p.c]), target)
        try assertGradientsClose(["p": try XCTUnwrap(pred.grad)], ["p": compiler], relative: 1e-12, "mse autograd")
        try assertGradientsClose(["p": hand], ["p": compiler], relative: 1e-12, "mse manual")
    }

    func testSoftmaxCrossEntropyOfThree() throws {
        for z in [Three(a: 0.2, b: -1.3, c: 2.1), Three(a: 1000, b: -1000, c: 999)] {
            let g = gradient(at: z, of: crossEntropyOfThree)
            let compiler = try Tensor([[g.a, g.b, g.c]])
            let logits = try Tensor([[z.a, z.b, z.c]])

            let tape = Tape()
            let v = tape.variable(logits)
            let loss = try Variable.softmaxCrossEntropy(logits: v, labels: [1])
            XCTAssertEqual(loss.value.item, crossEntropyOfThree(z), accuracy: 1e-12 * Swift.abs(loss.value.item))
            try loss.backward()

            let layer = SoftmaxCrossEntropy()
            _ = try layer.forward(logits, Tensor([1]))
            let hand = try layer.backward()
            try assertGradientsClose(["z": try XCTUnwrap(v.grad)], ["z": compiler], relative: 1e-12, "CE autograd")
            try assertGradientsClose(["z": hand], ["z": compiler], relative: 1e-12, "CE manual")
        }
    }
}
