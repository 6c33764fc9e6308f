import Autograd
import NeuralNet
import Tensor
import XCTest

/// The lesson's 3-5-1 network three ways: the gradient functions called by hand in reverse
/// order, the Module classes, and the autograd engine; then the report a lesson records.
final class NetworkCrossCheckTests: XCTestCase {
    /// Inputs, targets and parameters as the exam-score lesson makes them: weights
    /// `randn / sqrt(2 / fanIn)` as tutorial [000] writes it, and random (not zero) biases so
    /// that their gradients are exercised in every unit.
    private func problem(seed: UInt64, batch: Int) -> (x: Tensor, y: Tensor, parameters: Named<Tensor>) {
        var g = Xoshiro256StarStar(seed: seed)
        let x = Tensor.uniform(shape: [batch, 3], using: &g)
        let y = Tensor.uniform(shape: [batch], low: 0, high: 0.5, using: &g)
        let w1 = Tensor.randn(shape: [3, 5], using: &g) / (2.0 / 3).squareRoot()
        let w2 = Tensor.randn(shape: [5, 1], using: &g) / (2.0 / 5).squareRoot()
        let b1 = Tensor.randn(shape: [5], using: &g) * 0.1, b2 = Tensor.randn(shape: [1], using: &g) * 0.1
        return (x, y, ["w1": w1, "b1": b1, "w2": w2, "b2": b2])
    }

    /// The function version: forward, then the *_grad twins in reverse order.
    private func functionGradients(_ x: Tensor, _ y: Tensor, _ p: Named<Tensor>) throws
        -> (loss: Double, l1: Tensor, gradients: Named<Tensor>) {
        let l1 = try lin(x, p["w1"], p["b1"])
        let l2 = relu(l1)
        let l3 = try lin(l2, p["w2"], p["b2"])
        let loss = try mse(l3, y)
        let dl3 = try mseGrad(l3, y)
        let g2 = try linGrad(l2, p["w2"], dl3)
        let dl1 = try reluGrad(l1, g2.x)
        let g1 = try linGrad(x, p["w1"], dl1)
        return (loss, l1, ["w1": g1.w, "b1": g1.b, "w2": g2.w, "b2": g2.b, "x": g1.x])
    }

    /// The Module version.
    private func moduleGradients(_ x: Tensor, _ y: Tensor, _ p: Named<Tensor>) throws -> Named<Tensor> {
        let first = Linear(weight: p["w1"], bias: p["b1"], suffix: "1")
        let second = Linear(weight: p["w2"], bias: p["b2"], suffix: "2")
        let model = Sequential(first, ReLU(), second)
        let loss = MSELoss(.mean)
        _ = try loss.forward(model.forward(x), y)
        let dx = try model.backward(loss.backward())
        var result = Named<Tensor>()
        for parameter in model.parameters { result[parameter.name] = try XCTUnwrap(parameter.grad) }
        result["x"] = dx
        return result
    }

    /// The autograd version, input included as a variable.
    private func autogradLoss(_ y: Tensor) -> (Tape, Named<Variable>) throws -> Variable {
        { tape, v in
            let l1 = try v["x"].matmul(v["w1"]) + v["b1"]
            let l3 = try l1.relu().matmul(v["w2"]) + v["b2"]
            return try Variable.meanSquaredError(l3, tape.constant(y))
        }
    }

    func testThreeWaysAgree() throws {
        for seed: UInt64 in [1, 2, 3, 4] {
            for batch in [1, 4, 25] {
                let (x, y, p) = problem(seed: seed, batch: batch)
                var all = p
                all["x"] = x
                let byFunctions = try functionGradients(x, y, p)
                let byModules = try moduleGradients(x, y, p)
                let (autoLoss, byAutograd) = try GradientCheck.autogradGradients(at: all, of: autogradLoss(y))
                let label = "3-5-1, seed \(seed), batch \(batch)"
                XCTAssertEqual(byFunctions.loss, autoLoss, accuracy: 1e-12 * byFunctions.loss, label)
                try assertGradientsClose(byFunctions.gradients, byAutograd, relative: 1e-12,
                                         "\(label): functions vs autograd")
                try assertGradientsClose(byModules, byAutograd, relative: 1e-12, "\(label): modules vs autograd")
                XCTAssertEqual(byModules, byFunctions.gradients, "\(label): modules and functions share their kernels")
            }
        }
    }

    /// The table the autograd-check lesson records, built by `GradientCheck.run`.
    func testLessonReport() throws {
        for seed: UInt64 in [1, 2, 3] {
            let (x, y, p) = problem(seed: seed, batch: 25)
            let manual = try functionGradients(x, y, p)
            // The check is over the parameters; the input's gradient is checked above.
            var manualParameters = Named<Tensor>()
            for name in p.names { manualParameters[name] = manual.gradients[name] }
            let report = try GradientCheck.run(
                parameters: p, manual: manualParameters, preActivations: ["l1": manual.l1],
                loss: { q in try mse(lin(relu(lin(x, q["w1"], q["b1"])), q["w2"], q["b2"]), y) },
                autograd: { tape, v in
                    let l1 = try tape.constant(x).matmul(v["w1"]) + v["b1"]
                    let l3 = try l1.relu().matmul(v["w2"]) + v["b2"]
                    return try Variable.meanSquaredError(l3, tape.constant(y))
                })
            XCTAssertEqual(report.comparisons.map(\.name), ["w1", "b1", "w2", "b2"])
            XCTAssertEqual(report.comparisons.map(\.shape), [[3, 5], [5], [5, 1], [1]])
            XCTAssertEqual(report.kinks.first?.total, 125)
            XCTAssertEqual(report.nearKinkCount, 0, "seed \(seed): a pre-activation within h of 0")
            XCTAssertLessThanOrEqual(try XCTUnwrap(report.maxRelative(.manualVsAutograd)), 1e-12)
            XCTAssertLessThanOrEqual(try XCTUnwrap(report.maxRelative(.manualVsNumeric)), 1e-6)
            XCTAssertLessThanOrEqual(try XCTUnwrap(report.maxRelative(.autogradVsNumeric)), 1e-6)
        }
    }
}
