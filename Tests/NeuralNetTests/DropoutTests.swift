import NeuralNet
import Tensor
import XCTest

final class DropoutTests: XCTestCase {
    func testInvertedDropoutPreservesTheExpectedValue() throws {
        let dropout = Dropout(probability: 0.2, generator: Xoshiro256StarStar(seed: 1))
        let x = Tensor.ones(200, 500)
        let out = try dropout(x)
        XCTAssertTrue(out.scalars.allSatisfy { $0 == 0 || $0 == 1.25 })
        XCTAssertEqual(out.mean(), 1, accuracy: 0.01)
        let dropped = Double(out.scalars.filter { $0 == 0 }.count) / Double(out.count)
        XCTAssertEqual(dropped, 0.2, accuracy: 0.01)
        XCTAssertEqual(dropout.mask, out)
    }

    func testInvertedDropoutAppliesItsMaskInBackward() throws {
        var rng = Xoshiro256StarStar(seed: 2)
        let dropout = Dropout(probability: 0.5, generator: Xoshiro256StarStar(seed: 3))
        let x = Tensor.randn(4, 6, using: &rng)
        let out = try dropout(x)
        let mask = try XCTUnwrap(dropout.mask)
        XCTAssertEqual(out, try x * mask)
        let g = Tensor.randn(4, 6, using: &rng)
        XCTAssertEqual(try dropout.backward(g), try g * mask)
        XCTAssertTrue(mask.scalars.contains(0) && mask.scalars.contains(2))
        // A second pass draws a new mask.
        _ = try dropout(x)
        XCTAssertNotEqual(dropout.mask, mask)
    }

    func testInvertedDropoutIsTheIdentityInEvaluation() throws {
        let net = Sequential(Dropout(probability: 0.5, generator: Xoshiro256StarStar(seed: 4)))
        net.setTraining(false)
        let x = Tensor.linspace(-1, 1, count: 10)
        XCTAssertEqual(try net(x), x)
        XCTAssertEqual(try net.backward(x), x)
    }

    func testSameSeedSameMask() throws {
        let x = Tensor.ones(3, 7)
        let a = try Dropout(probability: 0.4, generator: Xoshiro256StarStar(seed: 5))(x)
        let b = try Dropout(probability: 0.4, generator: Xoshiro256StarStar(seed: 5))(x)
        XCTAssertEqual(a, b)
    }

    /// [003]'s weight dropout: forward with some weights zeroed, backward with all of them.
    func testWeightDropoutBackwardIgnoresTheMask() throws {
        var rng = Xoshiro256StarStar(seed: 6)
        let layer = Linear(3, 4, bias: false, initializer: .uniform(low: -1, high: 1), suffix: "1", using: &rng)
        let w = layer.weight.value
        let dropout = WeightDropout(layer, probability: 0.2, generator: Xoshiro256StarStar(seed: 7))
        XCTAssertEqual(dropout.parameters.map(\.name), ["w1"])
        let x = Tensor.uniform(shape: [5, 3], low: 0.1, high: 1, using: &rng)
        let out = try dropout(x)

        // floor(12 x 0.2) = 2 distinct weights are zero in the forward pass, the rest unchanged.
        let dropped = try XCTUnwrap(dropout.droppedWeight)
        XCTAssertEqual(Set(dropout.droppedIndices).count, 2)
        for i in 0..<12 {
            XCTAssertEqual(dropped.scalars[i], dropout.droppedIndices.contains(i) ? 0 : w.scalars[i])
        }
        XCTAssertEqual(out, try x.matmul(dropped))
        XCTAssertEqual(layer.weight.value, w, "the layer's own weights are not changed")

        let g = Tensor.randn(5, 4, using: &rng)
        let gx = try dropout.backward(g)
        let undropped = try linGrad(x, w, g)
        XCTAssertEqual(gx, undropped.x)
        XCTAssertEqual(layer.weight.grad, undropped.w)
        // With the mask honoured the input gradient would differ.
        XCTAssertNotEqual(gx, try linGrad(x, dropped, g).x)
    }

    func testWeightDropoutDropsNothingFromFourWeights() throws {
        var rng = Xoshiro256StarStar(seed: 8)
        let layer = Linear(4, 1, bias: false, initializer: .uniform(low: -1, high: 1), using: &rng)
        let dropout = WeightDropout(layer, probability: 0.2, generator: Xoshiro256StarStar(seed: 9))
        let x = Tensor.ones(2, 4)
        XCTAssertEqual(try dropout(x), try layer(x))
        XCTAssertEqual(dropout.droppedIndices, [])
    }
}
