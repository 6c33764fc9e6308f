import NeuralNet
import Tensor
import XCTest

final class FunctionsTests: XCTestCase {
    /// Tutorial [002]'s fixed-value check of Dense(3, 4).
    func testDenseFixedValues() throws {
        let x = try Tensor.linspace(-1, 1, count: 6).reshaped(2, 3)
        let layer = Linear(weight: try Tensor.linspace(-1, 1, count: 12).reshaped(3, 4),
                           bias: Tensor.linspace(-1, 1, count: 4))
        let expected: [Double] = [0.07272727, 0.41212121, 0.75151515, 1.09090909,
                                  -0.90909091, 0.08484848, 1.07878788, 2.07272727]
        let out = try layer(x)
        XCTAssertEqual(out.shape, [2, 4])
        for (got, want) in zip(out.scalars, expected) { XCTAssertEqual(got, want, accuracy: 1e-8) }
        XCTAssertEqual(out, try lin(x, layer.weight.value, layer.bias!.value))
    }

    func testReluAndItsGradient() throws {
        let x = Tensor([-2, -0.5, 0, 0.5, 2])
        XCTAssertEqual(relu(x), Tensor([0, 0, 0, 0.5, 2]))
        XCTAssertEqual(try reluGrad(x, Tensor([1, 2, 3, 4, 5])), Tensor([0, 0, 0, 4, 5]))
    }

    func testMSESqueezesTheColumnOfPredictions() throws {
        let pred = try Tensor(shape: [3, 1], scalars: [1, 2, 4])
        let targ = Tensor([1, 1, 1])
        // (0 + 1 + 9) / 3, not the 3x3 broadcast.
        XCTAssertEqual(try mse(pred, targ), 10.0 / 3)
        XCTAssertEqual(try mse(pred, try targ.reshaped(3, 1)), 10.0 / 3)
        let grad = try mseGrad(pred, targ)
        XCTAssertEqual(grad.shape, [3, 1])
        XCTAssertEqual(grad.scalars, [0, 2.0 / 3, 6.0 / 3])
        // A batch of one stays a batch: (1x1) against (1).
        XCTAssertEqual(try mse(try Tensor(shape: [1, 1], scalars: [3]), Tensor([1])), 4)
        XCTAssertThrowsError(try mse(pred, Tensor([1, 1]))) { error in
            XCTAssertTrue("\(error)".contains("(3x1) - (2)"), "\(error)")
        }
    }

    func testLinGradAgainstFiniteDifferences() throws {
        for (seed, n) in [(1, 1), (2, 4), (3, 9)] as [(UInt64, Int)] {
            var rng = Xoshiro256StarStar(seed: seed)
            let x = Tensor.randn(n, 3, using: &rng)
            let w = Tensor.randn(3, 5, using: &rng)
            let b = Tensor.randn(5, using: &rng)
            let r = Tensor.randn(n, 5, using: &rng)
            let g = try linGrad(x, w, r)
            assertGradientsMatch(g.x, try numericalGradient(at: x) { try weightedSum(lin($0, w, b), r) }, "x.grad n=\(n)")
            assertGradientsMatch(g.w, try numericalGradient(at: w) { try weightedSum(lin(x, $0, b), r) }, "w.grad n=\(n)")
            assertGradientsMatch(g.b, try numericalGradient(at: b) { try weightedSum(lin(x, w, $0), r) }, "b.grad n=\(n)")
        }
    }

    func testReluGradAndMSEGradAgainstFiniteDifferences() throws {
        for (seed, n) in [(4, 1), (5, 7)] as [(UInt64, Int)] {
            var rng = Xoshiro256StarStar(seed: seed)
            let x = awayFromZero(Tensor.randn(n, 4, using: &rng))
            let r = Tensor.randn(n, 4, using: &rng)
            assertGradientsMatch(try reluGrad(x, r), try numericalGradient(at: x) { try weightedSum(relu($0), r) }, "relu n=\(n)")
            let pred = Tensor.randn(n, 1, using: &rng)
            let targ = Tensor.randn(n, using: &rng)
            assertGradientsMatch(try mseGrad(pred, targ), try numericalGradient(at: pred) { try mse($0, targ) }, "mse n=\(n)")
        }
    }

    /// Tutorial [004]'s sum of outer products is x.T @ out.grad, up to summation order.
    func testOuterProductWeightGradientEqualsMatmul() throws {
        for (seed, n, chunk) in [(6, 1, 1024), (7, 25, 1024), (8, 100, 7), (9, 64, 64)] as [(UInt64, Int, Int)] {
            var rng = Xoshiro256StarStar(seed: seed)
            let x = Tensor.randn(n, 6, using: &rng)
            let g = Tensor.randn(n, 4, using: &rng)
            let outer = try linGradWeightOuter(x, g, chunkRows: chunk)
            let reference = try linGrad(x, Tensor.zeros(6, 4), g).w
            XCTAssertEqual(outer.shape, [6, 4])
            XCTAssertLessThanOrEqual(maxRelativeDifference(outer, reference), 1e-12, "n=\(n) chunk=\(chunk)")
        }
    }
}
