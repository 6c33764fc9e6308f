import Autograd
import Tensor
import XCTest

/// Tiny cases whose gradients are known exactly by hand.
final class HandComputedTests: XCTestCase {
    func testSumOfSquaresIsTwoX() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([1.5, -2, 0, 3.25]))
        try (x * x).sum().backward()
        // x*x uses x twice: the two contributions g*x + g*x add up to exactly 2x.
        XCTAssertEqual(x.grad, Tensor([3, -4, 0, 6.5]))
    }

    func testBiasRowReceivesColumnSums() throws {
        let tape = Tape()
        let x = tape.variable(try Tensor([[1, 2], [3, 4], [5, 6]]))
        let b = tape.variable(Tensor([10, 20]))
        let weights = tape.constant(try Tensor([[1, 2], [3, 4], [5, 6]]))
        try ((x + b) * weights).sum().backward()
        XCTAssertEqual(b.grad, Tensor([9, 12]))
        XCTAssertEqual(x.grad, weights.value)
        XCTAssertNil(weights.grad, "a constant gets no gradient")
    }

    func testColumnAndScalarBroadcast() throws {
        let tape = Tape()
        let x = tape.variable(Tensor.ones(2, 3))
        let column = tape.variable(try Tensor([[1], [2]]))
        let scalar = tape.variable(Tensor(5))
        try (x * column + scalar).sum().backward()
        XCTAssertEqual(column.grad, try Tensor([[3], [3]]))
        XCTAssertEqual(scalar.grad, Tensor(6))
        XCTAssertEqual(x.grad, try Tensor([[1, 1, 1], [2, 2, 2]]))
    }

    func testMatmul() throws {
        let tape = Tape()
        let a = tape.variable(try Tensor([[1, 2]]))
        let b = tape.variable(try Tensor([[3], [4]]))
        let c = try a.matmul(b)
        XCTAssertEqual(c.value, try Tensor([[11]]))
        try c.sum().backward()
        XCTAssertEqual(a.grad, try Tensor([[3, 4]]))
        XCTAssertEqual(b.grad, try Tensor([[1], [2]]))
    }

    func testElementwiseDerivativesAtKnownPoints() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([0, 0, 0, 2, -1, 0]))
        // One function per element: pick each out with a one-hot mask and add.
        func element(_ i: Int) throws -> Variable {
            var mask = [Double](repeating: 0, count: 6)
            mask[i] = 1
            return try (x * tape.constant(Tensor(mask))).sum()
        }
        let total = try element(0).tanh() + element(1).sigmoid() + element(2).exp()
            + element(3).log() + element(4).relu() + element(5).relu()
        try total.backward()
        // tanh'(0) = 1, sigmoid'(0) = 1/4, exp'(0) = 1, log'(2) = 1/2, relu'(-1) = 0, relu'(0) = 0.
        XCTAssertEqual(x.grad, Tensor([1, 0.25, 1, 0.5, 0, 0]))
    }

    func testMeanAndMeanSquaredError() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2, 3, 4]))
        try x.mean().backward()
        XCTAssertEqual(x.grad, Tensor([0.25, 0.25, 0.25, 0.25]))

        let pred = tape.variable(try Tensor([[1], [2], [4]]))
        let loss = try Variable.meanSquaredError(pred, tape.constant(Tensor([1, 1, 1])))
        XCTAssertEqual(loss.value.item, 10.0 / 3.0, accuracy: 1e-15)
        try loss.backward()
        // 2 (pred - targ) / N, shaped like the N x 1 prediction.
        XCTAssertEqual(pred.grad!.shape, [3, 1])
        XCTAssertEqual(pred.grad!.scalars[0], 0)
        XCTAssertEqual(pred.grad!.scalars[1], 2.0 / 3.0, accuracy: 1e-15)
        XCTAssertEqual(pred.grad!.scalars[2], 2.0, accuracy: 1e-15)
    }

    func testMeanSquaredErrorRefusesToBroadcast() {
        let tape = Tape()
        let pred = tape.variable(Tensor.zeros(3, 2))
        XCTAssertThrowsError(try Variable.meanSquaredError(pred, tape.constant(Tensor.zeros(3)))) { error in
            XCTAssertEqual((error as? ShapeError)?.operation, "mse")
        }
    }

    func testSoftmaxCrossEntropyOfEqualLogits() throws {
        let tape = Tape()
        let z = tape.variable(try Tensor([[0, 0], [3, 3]]))
        let loss = try Variable.softmaxCrossEntropy(logits: z, labels: [0, 1])
        XCTAssertEqual(loss.value.item, 0.6931471805599453, accuracy: 1e-15)
        try loss.backward()
        // (softmax - onehot) / N
        XCTAssertEqual(z.grad, try Tensor([[-0.25, 0.25], [0.25, -0.25]]))
    }

    func testSoftmaxCrossEntropyIsFiniteForHugeLogits() throws {
        let tape = Tape()
        let z = tape.variable(try Tensor([[1000, -1000, 0], [-1000, -1000, 1000], [1000, 1000, -1000]]))
        let loss = try Variable.softmaxCrossEntropy(logits: z, labels: [1, 2, 0])
        XCTAssertTrue(loss.value.isFinite)
        // Row 0 puts 2000 against the right class, row 1 is right, row 2 splits between two.
        XCTAssertEqual(loss.value.item, (2000 + 0 + 0.6931471805599453) / 3, accuracy: 1e-9)
        try loss.backward()
        let g = try XCTUnwrap(z.grad)
        XCTAssertTrue(g.isFinite)
        let expected: [Double] = [1, -1, 0, 0, 0, 0, -0.5, 0.5, 0].map { $0 / 3 }
        for (a, e) in zip(g.scalars, expected) { XCTAssertEqual(a, e, accuracy: 1e-15) }
    }

    func testPickRejectsBadLabels() {
        let tape = Tape()
        let z = tape.variable(Tensor.zeros(2, 3))
        XCTAssertThrowsError(try z.pick([0, 3]))
        XCTAssertThrowsError(try z.pick([0]))
    }
}
