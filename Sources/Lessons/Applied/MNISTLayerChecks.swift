import Autograd
import Foundation
import NeuralNet
import Tensor
import LessonRecords

/// The gradient checks of `mnist-softmax`'s "checks" step, on the tutorial's test inputs.
enum MNISTLayerChecks {
    /// The tutorial's gradient checks of ReLU, "Sigmoid" (tanh), the real sigmoid, Dense and
    /// softmax cross-entropy: our backward, the autograd engine and central differences.
    static func tables(seed: UInt64) throws -> [GradientCheckTable] {
        let h = NumericalGradient.defaultStep, floor = 1e-8, tolerance = 1e-6
        let x = try Tensor.linspace(-1, 1, count: 320).reshaped(10, 32)
        var tables = [GradientCheckTable]()

        func activation(_ name: String, _ module: any Module, _ f: @escaping (Tensor) -> Tensor,
                        _ onTape: @escaping (Variable) -> Variable) throws {
            _ = try module.forward(x)
            let manual = try module.backward(Tensor.ones(10, 32) / 320)
            let report = try GradientCheck.run(
                parameters: ["x": x], manual: ["x": manual], preActivations: name == "ReLU" ? ["x": x] : Named(),
                step: h, relativeFloor: floor,
                loss: { p in f(p["x"]).mean() },
                autograd: { _, p in onTape(p["x"]).mean() })
            tables.append(GradientCheckTable(report, name: "\(name): mean(f(x)), x 10x32", tolerance: tolerance))
        }
        try activation("ReLU", ReLU(), relu) { $0.relu() }
        try activation("Tanh (the tutorial's \"Sigmoid\")", Tanh(), { $0.tanh() }) { $0.tanh() }
        try activation("Sigmoid", Sigmoid(), { $0.map { 1 / (1 + Foundation.exp(-$0)) } }) { $0.sigmoid() }

        // Dense(32, 64): w from randn, b = linspace(-1, 1, 64); loss = out.mean(0).sum().
        var g = Xoshiro256StarStar(seed: seed &+ 4)
        let w = Tensor.randn(32, 64, using: &g)
        let b = Tensor.linspace(-1, 1, count: 64)
        let dense = Linear(weight: w, bias: b, suffix: "")
        _ = try dense.forward(x)
        let xGrad = try dense.backward(Tensor.ones(10, 64) / 10)
        let denseReport = try GradientCheck.run(
            parameters: ["x": x, "W": w, "b": b],
            manual: ["x": xGrad, "W": dense.weight.grad!, "b": dense.bias!.grad!],
            step: h, relativeFloor: floor,
            loss: { p in try lin(p["x"], p["W"], p["b"]).mean(axis: 0).sum() },
            autograd: { _, p in try (p["x"].matmul(p["W"]) + p["b"]).mean(axis: 0).sum() })
        tables.append(GradientCheckTable(denseReport, name: "Dense(32, 64): sum of out.mean(0)", tolerance: tolerance))

        // Softmax cross-entropy on logits linspace(-1, 1, 500) as 50x10, answers i % 10.
        let logits = try Tensor.linspace(-1, 1, count: 500).reshaped(50, 10)
        let answers = (0..<50).map { $0 % 10 }
        let labels = MNISTMath.labelTensor(answers)
        let ce = SoftmaxCrossEntropy()
        _ = try ce.forward(logits, labels)
        let ceGrad = try ce.backward()
        let ceReport = try GradientCheck.run(
            parameters: ["logits": logits], manual: ["logits": ceGrad], step: h, relativeFloor: floor,
            loss: { p in try SoftmaxCrossEntropy().forward(p["logits"], labels) },
            autograd: { _, p in try Variable.softmaxCrossEntropy(logits: p["logits"], labels: answers) })
        tables.append(GradientCheckTable(ceReport, name: "Softmax cross-entropy: mean over 50 rows", tolerance: tolerance))
        return tables
    }
}
