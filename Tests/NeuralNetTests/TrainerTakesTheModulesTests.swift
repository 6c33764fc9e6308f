@testable import NeuralNet
import Tensor
import XCTest

/// The teaching `Trainer` runs the modules themselves: every step calls each layer's `forward`
/// and `backward` and the loss's, once. A hidden fast path for the common case (a `Sequential` of
/// `Linear` and `ReLU` on `MSELoss`, which these subclasses still are) would skip them and fail here.
final class TrainerTakesTheModulesTests: XCTestCase {
    final class Counts { var forward = 0, backward = 0 }

    final class WatchedLinear: Linear {
        let counts = Counts()
        override func forward(_ input: Tensor) throws(ShapeError) -> Tensor { counts.forward += 1; return try super.forward(input) }
        override func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor { counts.backward += 1; return try super.backward(gradOutput) }
    }

    final class WatchedReLU: ReLU {
        let counts = Counts()
        override func forward(_ input: Tensor) throws(ShapeError) -> Tensor { counts.forward += 1; return try super.forward(input) }
        override func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor { counts.backward += 1; return try super.backward(gradOutput) }
    }

    final class WatchedMSELoss: MSELoss {
        let counts = Counts()
        override func forward(_ prediction: Tensor, _ target: Tensor) throws(ShapeError) -> Double {
            counts.forward += 1
            return try super.forward(prediction, target)
        }
        override func backward() throws(ShapeError) -> Tensor { counts.backward += 1; return try super.backward() }
    }

    func testEveryStepCallsEveryModuleOnceEachWay() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let x = Tensor.uniform(shape: [40, 3], using: &rng), y = Tensor.uniform(shape: [40, 1], using: &rng)
        let first = WatchedLinear(weight: Tensor.randn(3, 5, using: &rng), bias: Tensor.zeros(5), suffix: "1")
        let relu = WatchedReLU()
        let second = WatchedLinear(weight: Tensor.randn(5, 1, using: &rng), bias: Tensor.zeros(1), suffix: "2")
        let loss = WatchedMSELoss(.mean)
        let trainer = Trainer(model: Sequential(first, relu, second), loss: loss, learningRate: 0.01)
        var batches = Xoshiro256StarStar(seed: 4)
        // full batches, and mini-batches gathered by `train`, and single steps
        _ = try trainer.train(inputs: x, targets: y, epochs: 3, using: &batches)
        _ = try trainer.train(inputs: x, targets: y, epochs: 2, sampling: .withoutReplacement(batchSize: 8, dropLast: false),
                              using: &batches)
        try trainer.step(inputs: x.rows(0..<10), targets: y.rows(0..<10))
        let steps = 3 + 2 * 5 + 1
        XCTAssertEqual(trainer.stepsTaken, steps)
        for (name, counts) in [("w1 layer", first.counts), ("relu", relu.counts), ("w2 layer", second.counts), ("loss", loss.counts)] {
            XCTAssertEqual(counts.forward, steps, "\(name) forward")
            XCTAssertEqual(counts.backward, steps, "\(name) backward")
        }
    }
}
