import NeuralNet
import Tensor
import XCTest

/// Every layer's and loss's backward pass against central finite differences.
final class LayerGradientTests: XCTestCase {
    static let cases: [(seed: UInt64, batch: Int)] = [(11, 1), (12, 3), (13, 8)]

    /// Checks the input gradient of `make()` against finite differences of sum(output * r).
    /// `make` builds a fresh module each time, so modules with randomness see the same draws.
    func checkInputGradient(_ name: String, input: Tensor, make: () -> any Module, seed: UInt64) throws {
        var rng = Xoshiro256StarStar(seed: seed &+ 1000)
        let module = make()
        let out = try module(input)
        let r = Tensor.randn(shape: out.shape, using: &rng)
        let analytic = try module.backward(r)
        let numeric = try numericalGradient(at: input) { x in
            // `make()(x)` in one expression crashes the Swift 6.3.1 compiler (SILGen): call on a
            // named existential instead.
            let fresh = make()
            return try weightedSum(fresh(x), r)
        }
        assertGradientsMatch(analytic, numeric, "\(name) input, batch \(input.shape[0])")
    }

    func testActivations() throws {
        for (seed, batch) in Self.cases {
            var rng = Xoshiro256StarStar(seed: seed)
            let x = awayFromZero(Tensor.randn(batch, 5, using: &rng) * 2)
            try checkInputGradient("ReLU", input: x, make: { ReLU() }, seed: seed)
            try checkInputGradient("Sigmoid", input: x, make: { Sigmoid() }, seed: seed)
            try checkInputGradient("Tanh", input: x, make: { Tanh() }, seed: seed)
        }
    }

    func testSigmoidIsTheLogisticFunctionAndTanhIsTanh() throws {
        let x = Tensor([-800, -1, 0, 2, 800])
        let s = try Sigmoid()(x)
        XCTAssertEqual(s.scalars[0], 0)
        XCTAssertEqual(s.scalars[1], 1 / (1 + 2.718281828459045), accuracy: 1e-15)
        XCTAssertEqual(s.scalars[2], 0.5)
        XCTAssertEqual(s.scalars[4], 1)
        XCTAssertEqual(try Tanh()(x), x.tanh())
    }

    func testInvertedDropoutWithAFixedMask() throws {
        for (seed, batch) in Self.cases {
            var rng = Xoshiro256StarStar(seed: seed)
            let x = Tensor.randn(batch, 6, using: &rng)
            try checkInputGradient("Dropout", input: x, make: {
                Dropout(probability: 0.3, generator: Xoshiro256StarStar(seed: seed))
            }, seed: seed)
        }
    }

    func testLinearWithAndWithoutBias() throws {
        for (seed, batch) in Self.cases {
            for hasBias in [true, false] {
                var rng = Xoshiro256StarStar(seed: seed)
                let layer = Linear(4, 3, bias: hasBias, initializer: .randn, using: &rng)
                if let b = layer.bias { b.value = Tensor.randn(3, using: &rng) }
                let x = Tensor.randn(batch, 4, using: &rng)
                let r = Tensor.randn(batch, 3, using: &rng)
                _ = try layer(x)
                let analytic = try layer.backward(r)
                assertGradientsMatch(analytic, try numericalGradient(at: x) { try weightedSum(layer($0), r) }, "Linear x")
                for p in layer.parameters {
                    let saved = p.value
                    let numeric = try numericalGradient(at: saved) { v in
                        p.value = v
                        return try weightedSum(layer(x), r)
                    }
                    p.value = saved
                    assertGradientsMatch(p.grad!, numeric, "Linear \(p.name), bias \(hasBias), batch \(batch)")
                }
            }
        }
    }

    func testSequentialThroughAReLU() throws {
        for (seed, batch) in Self.cases {
            var rng = Xoshiro256StarStar(seed: seed)
            let net = Sequential(Linear(3, 5, suffix: "1", using: &rng), ReLU(), Linear(5, 2, suffix: "2", using: &rng),
                                 Tanh(), Linear(2, 1, suffix: "3", using: &rng))
            for p in net.parameters where p.name.hasPrefix("b") { p.value = Tensor.randn(shape: p.value.shape, using: &rng) }
            let x = Tensor.randn(batch, 3, using: &rng)
            let targ = Tensor.randn(batch, using: &rng)
            let loss = MSELoss()
            _ = try loss(net(x), targ)
            // Keep the ReLU's inputs clear of its kink, or the differences are meaningless.
            XCTAssertGreaterThan(net.outputs[0].abs().min(), 1e-3)
            let gx = try net.backward(loss.backward())
            assertGradientsMatch(gx, try numericalGradient(at: x) { try loss(net($0), targ) }, "Sequential x")
            for p in net.parameters {
                let saved = p.value
                let numeric = try numericalGradient(at: saved) { v in
                    p.value = v
                    return try loss(net(x), targ)
                }
                p.value = saved
                assertGradientsMatch(p.grad!, numeric, "Sequential \(p.name), batch \(batch)")
            }
        }
    }

    func testMSELossEveryReduction() throws {
        for (seed, batch) in Self.cases {
            for reduction in [MSEReduction.mean, .sumOverTwiceBatch, .halfSum] {
                for (predShape, targShape) in [([batch, 1], [batch]), ([batch, 3], [batch, 3])] {
                    var rng = Xoshiro256StarStar(seed: seed)
                    let pred = Tensor.randn(shape: predShape, using: &rng)
                    let targ = Tensor.randn(shape: targShape, using: &rng)
                    let loss = MSELoss(reduction)
                    _ = try loss(pred, targ)
                    let analytic = try loss.backward()
                    XCTAssertEqual(analytic.shape, pred.shape)
                    assertGradientsMatch(analytic, try numericalGradient(at: pred) { try loss($0, targ) },
                                         "MSELoss \(reduction) \(predShape)")
                }
            }
        }
    }

    func testMSELossScalings() throws {
        let pred = try Tensor(shape: [2, 1], scalars: [3, 1])
        let targ = Tensor([1, 1])
        XCTAssertEqual(try MSELoss(.mean)(pred, targ), 2)              // (4 + 0) / 2
        XCTAssertEqual(try MSELoss(.sumOverTwiceBatch)(pred, targ), 1) // 4 / (2 * 2)
        XCTAssertEqual(try MSELoss(.halfSum)(pred, targ), 2)           // 4 / 2
    }

    func testSoftmaxCrossEntropy() throws {
        for (seed, batch) in Self.cases {
            var rng = Xoshiro256StarStar(seed: seed)
            let logits = Tensor.randn(batch, 4, using: &rng) * 3
            let labels = Tensor((0..<batch).map { Double(($0 * 3 + 1) % 4) })
            let loss = SoftmaxCrossEntropy()
            _ = try loss(logits, labels)
            assertGradientsMatch(try loss.backward(), try numericalGradient(at: logits) { try loss($0, labels) },
                                 "SoftmaxCrossEntropy batch \(batch)")
        }
    }
}
