import NeuralNet
import Tensor
import XCTest

final class SoftmaxCrossEntropyTests: XCTestCase {
    /// Logits of +-1000 would overflow e^x without the log-sum-exp shift.
    func testHugeLogitsStayFiniteAndCorrect() throws {
        let logits = try Tensor([[1000, -1000, 0], [1000, 1000, 1000], [-1000, -1000, -1000], [1000, 1000, -1000]])
        let labels = Tensor([1, 0, 2, 1])
        let loss = SoftmaxCrossEntropy()
        let value = try loss(logits, labels)
        // Row by row: lse - logit[label] = 1000 - (-1000), log 3, log 3, log 2.
        let perExample = try XCTUnwrap(loss.losses)
        XCTAssertEqual(perExample.scalars[0], 2000)
        XCTAssertEqual(perExample.scalars[1], 1.0986122886681098, accuracy: 1e-12)
        XCTAssertEqual(perExample.scalars[2], 1.0986122886681098, accuracy: 1e-12)
        XCTAssertEqual(perExample.scalars[3], 0.6931471805599453, accuracy: 1e-12)
        XCTAssertEqual(value, (2000 + 2 * 1.0986122886681098 + 0.6931471805599453) / 4, accuracy: 1e-12)

        let p = try XCTUnwrap(loss.probabilities)
        let third = 1.0 / 3
        let expectedP: [Double] = [1, 0, 0, third, third, third, third, third, third, 0.5, 0.5, 0]
        for (got, want) in zip(p.scalars, expectedP) { XCTAssertEqual(got, want, accuracy: 1e-15) }

        let grad = try loss.backward()
        let expectedG: [Double] = [1, -1, 0, third - 1, third, third, third, third, third - 1, 0.5, -0.5, 0]
        for (got, want) in zip(grad.scalars, expectedG) { XCTAssertEqual(got, want / 4, accuracy: 1e-15) }
        XCTAssertTrue(grad.isFinite)
    }

    func testSoftmaxRowsSumToOne() throws {
        var rng = Xoshiro256StarStar(seed: 1)
        let p = try softmax(Tensor.randn(6, 10, using: &rng) * 50)
        for row in try p.sum(axis: 1).scalars { XCTAssertEqual(row, 1, accuracy: 1e-14) }
        XCTAssertEqual(try logSumExp(Tensor([[0, 0]])).scalars, [0.6931471805599453])
    }

    /// [002]'s own check: linspace logits, answers i mod 10.
    func testTutorialCheck() throws {
        let logits = try Tensor.linspace(-1, 1, count: 500).reshaped(50, 10)
        let answers = Tensor((0..<50).map { Double($0 % 10) })
        let loss = SoftmaxCrossEntropy()
        _ = try loss(logits, answers)
        assertGradientsMatch(try loss.backward(), try numericalGradient(at: logits) { try loss($0, answers) },
                             "linspace logits")
    }

    func testBadLabelsAreRefused() throws {
        let logits = Tensor.zeros(2, 3)
        XCTAssertThrowsError(try SoftmaxCrossEntropy()(logits, Tensor([0, 3]))) { error in
            XCTAssertEqual("\(error)", "softmax cross-entropy: (2x3) , (2): label 3.0 is not a class index in 0..<3")
        }
        XCTAssertThrowsError(try SoftmaxCrossEntropy()(logits, Tensor([0])))
    }
}
