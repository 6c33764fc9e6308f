import Autograd
import NeuralNet
import Tensor
import XCTest

/// Every NeuralNet layer and loss: its hand-written backward against the autograd engine
/// (1e-12 relative) and against central differences (1e-6 relative), on several seeds and
/// shapes, batch 1 included.
final class LayerCrossCheckTests: XCTestCase {
    let seeds: [UInt64] = [11, 12, 13]
    /// (batch, in, out)
    let shapes: [(Int, Int, Int)] = [(1, 3, 2), (4, 3, 5), (7, 5, 1)]

    /// Checks the three gradients of `sum(module(x) * r)` with respect to the input and every
    /// parameter. `build` makes a fresh module from parameter values (for central differences);
    /// `autograd` writes the same layer on a tape.
    private func crossCheck(
        _ context: String, input x: Tensor, parameters: Named<Tensor>, seed: UInt64,
        build: (Named<Tensor>) -> any Module,
        autograd: (Variable, Named<Variable>) throws -> Variable,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var g = Xoshiro256StarStar(seed: seed ^ 0x5EED)
        let module = build(parameters)
        let out = try module.forward(x)
        let r = Tensor.randn(shape: out.shape, using: &g)
        let inputGradient = try module.backward(r)
        var manual: Named<Tensor> = ["x": inputGradient]
        for p in module.parameters { manual[p.name] = try XCTUnwrap(p.grad, "\(p.name) has no gradient") }

        var all: Named<Tensor> = ["x": x]
        for (name, value) in zip(parameters.names, parameters.values) { all[name] = value }
        XCTAssertEqual(manual.names, all.names, "\(context): parameter order", file: file, line: line)

        let automatic = try GradientCheck.autogradGradients(at: all) { tape, v in
            var params = Named<Variable>()
            for name in parameters.names { params[name] = v[name] }
            return try (autograd(v["x"], params) * tape.constant(r)).sum()
        }.gradients
        let numeric = try NumericalGradient.gradients(of: { q in
            var params = Named<Tensor>()
            for name in parameters.names { params[name] = q[name] }
            return try (build(params).forward(q["x"]) * r).sum()
        }, at: all)

        let label = "\(context), seed \(seed), x \(formatShape(x.shape))"
        try assertGradientsClose(manual, automatic, relative: 1e-12, "\(label): manual vs autograd",
                                 file: file, line: line)
        try assertGradientsClose(manual, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                 "\(label): manual vs numeric", file: file, line: line)
        try assertGradientsClose(automatic, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                 "\(label): autograd vs numeric", file: file, line: line)
    }

    func testLinearWithAndWithoutBias() throws {
        for seed in seeds {
            for (n, i, o) in shapes {
                var g = Xoshiro256StarStar(seed: seed)
                let x = Tensor.randn(shape: [n, i], using: &g)
                let w = Tensor.randn(shape: [i, o], using: &g), b = Tensor.randn(shape: [o], using: &g)
                try crossCheck("Linear with bias", input: x, parameters: ["w": w, "b": b], seed: seed,
                               build: { Linear(weight: $0["w"], bias: $0["b"]) },
                               autograd: { x, p in try x.matmul(p["w"]) + p["b"] })
                try crossCheck("Linear without bias", input: x, parameters: ["w": w], seed: seed,
                               build: { Linear(weight: $0["w"], bias: nil) },
                               autograd: { x, p in try x.matmul(p["w"]) })
            }
        }
    }

    func testActivations() throws {
        for seed in seeds {
            for (n, i, _) in shapes {
                var g = Xoshiro256StarStar(seed: seed)
                let x = Tensor.randn(shape: [n, i], using: &g) * 2
                XCTAssertEqual(GradientCheck.scanKinks(name: "x", x, step: 1e-5).nearKink, 0)
                try crossCheck("ReLU", input: x, parameters: [:], seed: seed,
                               build: { _ in ReLU() }, autograd: { x, _ in x.relu() })
                try crossCheck("Sigmoid", input: x, parameters: [:], seed: seed,
                               build: { _ in Sigmoid() }, autograd: { x, _ in x.sigmoid() })
                try crossCheck("Tanh", input: x, parameters: [:], seed: seed,
                               build: { _ in Tanh() }, autograd: { x, _ in x.tanh() })
            }
        }
    }

    /// Inverted dropout multiplies by a fixed mask in both directions: on the tape, the mask
    /// the layer drew is a constant.
    func testInvertedDropoutWithItsMask() throws {
        for seed in seeds {
            var g = Xoshiro256StarStar(seed: seed)
            let x = Tensor.randn(shape: [6, 4], using: &g)
            let r = Tensor.randn(shape: [6, 4], using: &g)
            let layer = Dropout(probability: 0.3, generator: Xoshiro256StarStar(seed: seed))
            _ = try layer.forward(x)
            let mask = try XCTUnwrap(layer.mask)
            let manual = try layer.backward(r)
            let automatic = try GradientCheck.autogradGradients(at: ["x": x]) { tape, v in
                try (v["x"] * tape.constant(mask) * tape.constant(r)).sum()
            }.gradients
            try assertGradientsClose(["x": manual], automatic, relative: 1e-12, "Dropout, seed \(seed)")
        }
    }

    /// The MSE losses on a tape, written from their definitions.
    private func autogradLoss(_ reduction: MSEReduction, _ p: Variable, _ t: Variable) throws -> Variable {
        let column = p.shape.count == 2 && p.shape[1] == 1 && t.shape.count == 1
        let d = try (column ? p.squeezed(axis: 1) : p) - t
        let batch = Double(p.shape[0])
        switch reduction {
        case .mean: return try Variable.meanSquaredError(p, t)
        case .sumOverTwiceBatch: return d.squared().sum() / (2 * batch)
        case .halfSum: return 0.5 * d.squared().sum()
        }
    }

    func testMSELossInAllThreeScalings() throws {
        for reduction in [MSEReduction.mean, .sumOverTwiceBatch, .halfSum] {
            for seed in seeds {
                for (n, _, o) in shapes {
                    var g = Xoshiro256StarStar(seed: seed)
                    // A column of predictions against a vector of targets, and matrices of both.
                    let cases: [([Int], [Int])] = [([n, 1], [n]), ([n, o], [n, o])]
                    for (predShape, targetShape) in cases {
                        let pred = Tensor.randn(shape: predShape, using: &g)
                        let target = Tensor.randn(shape: targetShape, using: &g)
                        let label = "MSELoss \(reduction), seed \(seed), \(formatShape(predShape))"
                        let loss = MSELoss(reduction)
                        let value = try loss.forward(pred, target)
                        let manual: Named<Tensor> = ["pred": try loss.backward()]
                        let (autoValue, automatic) = try GradientCheck.autogradGradients(at: ["pred": pred]) { tape, v in
                            try self.autogradLoss(reduction, v["pred"], tape.constant(target))
                        }
                        let numeric = try NumericalGradient.gradients(of: { q in
                            try MSELoss(reduction).forward(q["pred"], target)
                        }, at: ["pred": pred])
                        XCTAssertEqual(value, autoValue, accuracy: 1e-12 * Swift.abs(value), label)
                        try assertGradientsClose(manual, automatic, relative: 1e-12, "\(label): manual vs autograd")
                        try assertGradientsClose(manual, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                                 "\(label): manual vs numeric")
                        try assertGradientsClose(automatic, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                                 "\(label): autograd vs numeric")
                    }
                }
            }
        }
    }

    func testSoftmaxCrossEntropy() throws {
        for seed in seeds {
            for (n, _, classes) in [(1, 0, 3), (5, 0, 4), (8, 0, 10)] {
                var g = Xoshiro256StarStar(seed: seed)
                let logits = Tensor.randn(shape: [n, classes], using: &g) * 2
                let labels = (0..<n).map { _ in g.nextInt(below: classes) }
                let labelTensor = Tensor(labels.map(Double.init))
                let label = "SoftmaxCrossEntropy, seed \(seed), \(formatShape(logits.shape))"

                let loss = SoftmaxCrossEntropy()
                let value = try loss.forward(logits, labelTensor)
                let manual: Named<Tensor> = ["z": try loss.backward()]
                let (autoValue, automatic) = try GradientCheck.autogradGradients(at: ["z": logits]) { _, v in
                    try Variable.softmaxCrossEntropy(logits: v["z"], labels: labels)
                }
                let numeric = try NumericalGradient.gradients(of: { q in
                    try SoftmaxCrossEntropy().forward(q["z"], labelTensor)
                }, at: ["z": logits])
                XCTAssertEqual(value, autoValue, accuracy: 1e-12 * Swift.abs(value), label)
                try assertGradientsClose(manual, automatic, relative: 1e-12, "\(label): manual vs autograd")
                try assertGradientsClose(manual, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                         "\(label): manual vs numeric")
                try assertGradientsClose(automatic, numeric, relative: 1e-6, scaleFloor: numericScaleFloor,
                                         "\(label): autograd vs numeric")
            }
        }
    }

    func testSoftmaxCrossEntropyFiniteForHugeLogits() throws {
        let logits = try Tensor([[1000, -1000, 0], [-1000, 1000, 1000]])
        let labels = [0, 2]
        let loss = SoftmaxCrossEntropy()
        let value = try loss.forward(logits, Tensor(labels.map(Double.init)))
        let manual = try loss.backward()
        let (autoValue, automatic) = try GradientCheck.autogradGradients(at: ["z": logits]) { _, v in
            try Variable.softmaxCrossEntropy(logits: v["z"], labels: labels)
        }
        XCTAssertTrue(value.isFinite && autoValue.isFinite && manual.isFinite && automatic["z"].isFinite)
        XCTAssertEqual(value, autoValue, accuracy: 1e-12)
        XCTAssertEqual(value, 0.6931471805599453 / 2, accuracy: 1e-12)
        try assertGradientsClose(["z": manual], automatic, relative: 1e-12, "huge logits")
    }
}
