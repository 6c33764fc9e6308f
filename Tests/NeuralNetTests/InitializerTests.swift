import NeuralNet
import Tensor
import XCTest

final class InitializerTests: XCTestCase {
    func std(_ t: Tensor) -> Double {
        let m = t.mean()
        return (t.map { ($0 - m) * ($0 - m) }.mean()).squareRoot()
    }

    /// [002]'s checks of Dense(128, 150), and the standard deviation Xavier promises.
    func testXavierDense128x150() throws {
        for seed: UInt64 in [1, 2, 3, 42] {
            var rng = Xoshiro256StarStar(seed: seed)
            let layer = Linear(128, 150, initializer: .xavierNormal, using: &rng)
            let w = layer.weight.value, b = layer.bias!.value
            XCTAssertEqual(w.shape, [128, 150])
            XCTAssertTrue(-0.05 < w.mean() && w.mean() < 0.05, "mean \(w.mean())")
            XCTAssertTrue(1e-3 < std(w) && std(w) < 1e-1, "std \(std(w))")
            XCTAssertTrue(-0.05 < b.mean() && b.mean() < 0.05)
            XCTAssertEqual(b, Tensor.zeros(150))
            XCTAssertEqual(std(w), (2.0 / 278).squareRoot(), accuracy: 0.03 * (2.0 / 278).squareRoot())
        }
    }

    func testScalesAreAppliedAsWritten() throws {
        func draw(_ i: Initializer) -> Tensor {
            var rng = Xoshiro256StarStar(seed: 9)
            return i.weights(fanIn: 3, fanOut: 5, using: &rng)
        }
        let z = draw(.randn)
        XCTAssertEqual(z, { var r = Xoshiro256StarStar(seed: 9); return Tensor.randn(3, 5, using: &r) }())
        XCTAssertEqual(draw(.kaimingNormal), z * (2.0 / 3).squareRoot())
        XCTAssertEqual(draw(.kaimingDivided), z / (2.0 / 3).squareRoot())
        XCTAssertEqual(draw(.xavierNormal), z * (2.0 / 8).squareRoot())
        XCTAssertEqual(draw(.zeros), Tensor.zeros(3, 5))
        let u = draw(.uniform(low: -1, high: 1))
        XCTAssertTrue(u.min() >= -1 && u.max() < 1)
    }

    func testKaimingSpreads() throws {
        var rng = Xoshiro256StarStar(seed: 10)
        let k = Initializer.kaimingNormal.weights(fanIn: 200, fanOut: 100, using: &rng)
        XCTAssertEqual(std(k), (2.0 / 200).squareRoot(), accuracy: 0.03 * (2.0 / 200).squareRoot())
        let d = Initializer.kaimingDivided.weights(fanIn: 200, fanOut: 100, using: &rng)
        XCTAssertEqual(std(d), (200.0 / 2).squareRoot(), accuracy: 0.03 * (200.0 / 2).squareRoot())
        let u = Initializer.uniform(low: -1, high: 1).weights(fanIn: 200, fanOut: 100, using: &rng)
        XCTAssertEqual(u.mean(), 0, accuracy: 0.02)
        XCTAssertEqual(std(u), (1.0 / 3).squareRoot(), accuracy: 0.02)
    }
}
