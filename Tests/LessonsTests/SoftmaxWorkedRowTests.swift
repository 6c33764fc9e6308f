import XCTest
import Foundation
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The worked row of mnist-softmax's `forward` step, recomputed with plain Double arithmetic from
/// the recorded logits, and the other numbers its prose quotes.
final class SoftmaxWorkedRowTests: XCTestCase {
    private func scalar(_ step: StepRecord, _ name: String) throws -> Double {
        try XCTUnwrap(step.scalars.first { $0.name == name }?.value, name)
    }

    func testWorkedRowIsTheFormulaAndTheLossModulesRow() throws {
        let record = try runLesson("mnist-softmax")
        let forward = try XCTUnwrap(record.step("forward"))
        let worked = try XCTUnwrap(forward.tensors.first { $0.name == "image 0, worked" })
        XCTAssertEqual(worked.shape, [10, 7])
        XCTAssertEqual(worked.columnLabels?.count, 7)
        // One row per digit, one column per stage: rows[stage] is a column of the tensor.
        let table = try XCTUnwrap(worked.values).chunked(7)
        let rows = (0..<7).map { stage in table.map { $0[stage] } }
        let logits = try XCTUnwrap(forward.tensors.first { $0.name == "logits" }?.values)
        XCTAssertEqual(rows[0], Array(logits[0..<10]), "z is row 0 of the recorded logits")

        // The label: MNIST's first training image is a 5.
        let labels = try quickConfiguration().data.mnistTrainValidation().train.labels
        XCTAssertEqual(labels[0], 5)
        XCTAssertEqual(try scalar(forward, "image 0 label"), 5)

        // Plain arithmetic, written out as the prose derives it.
        let z = rows[0]
        var m = z[0]
        for v in z where v > m { m = v }
        var e = [Double](), s = 0.0
        for v in z { e.append(Foundation.exp(v - m)); s += Foundation.exp(v - m) }
        let p = e.map { $0 / s }
        let onehot = (0..<10).map { $0 == 5 ? 1.0 : 0.0 }
        let g = (0..<10).map { (p[$0] - onehot[$0]) / 32 }
        for (k, expected) in [z.map { $0 - m }, e, p, onehot, g].enumerated() {
            for j in 0..<10 { XCTAssertEqual(rows[k + 1][j], expected[j], accuracy: 1e-15, "row \(k + 1), digit \(j)") }
        }
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-15)
        XCTAssertEqual(g.reduce(0, +), 0, accuracy: 1e-16, "each gradient row sums to 0")

        // The last line is row 0 of SoftmaxCrossEntropy.backward() for the recorded batch.
        let batchLabels = MNISTMath.labelTensor(Array(labels[0..<32]))
        let ce = SoftmaxCrossEntropy()
        let loss = try ce.forward(try Tensor(shape: [32, 10], scalars: logits), batchLabels)
        XCTAssertEqual(loss, try scalar(forward, "loss"))
        XCTAssertEqual(rows[6], Array(try ce.backward().scalars[0..<10]))
        let largest = zip(g, rows[6]).map { Swift.abs($0 - $1) }.max()!
        XCTAssertEqual(try scalar(forward, "image 0 largest difference, formula vs backward()"),
                       zip(rows[5], rows[6]).map { Swift.abs($0 - $1) }.max()!)
        XCTAssertLessThanOrEqual(largest, 1e-17)

        // The scalars the prose quotes.
        XCTAssertEqual(try scalar(forward, "image 0 largest logit"), m)
        XCTAssertEqual(try scalar(forward, "image 0 logit at the label"), z[5])
        XCTAssertEqual(try scalar(forward, "image 0 sum of exp(z - m)"), s, accuracy: 1e-15)
        XCTAssertEqual(try scalar(forward, "image 0 loss"), m - z[5] + Foundation.log(s), accuracy: 1e-15)
        XCTAssertEqual(try scalar(forward, "image 0 loss"), -Foundation.log(p[5]), accuracy: 1e-14)
        XCTAssertEqual(try scalar(forward, "image 0 p at the label"), p[5], accuracy: 1e-16)
        XCTAssertEqual(try scalar(forward, "image 0 gradient at the label"), (p[5] - 1) / 32, accuracy: 1e-17)
        XCTAssertLessThan(try scalar(forward, "image 0 gradient at the label"), 0)
        let other = (0..<10).filter { $0 != 5 }.max { p[$0] < p[$1] }!
        XCTAssertEqual(try scalar(forward, "image 0 likeliest other digit"), Double(other))
        XCTAssertEqual(try scalar(forward, "image 0 p at the likeliest other digit"), p[other], accuracy: 1e-16)
        XCTAssertEqual(try scalar(forward, "image 0 gradient at the likeliest other digit"), p[other] / 32, accuracy: 1e-17)

        // "Untrained, they are all near 1/10": the batch's smallest and largest probabilities.
        let softmax = try XCTUnwrap(forward.tensors.first { $0.name == "softmax(logits)" }?.values)
        XCTAssertEqual(try scalar(forward, "smallest probability in the batch"), softmax.min()!)
        XCTAssertEqual(try scalar(forward, "largest probability in the batch"), softmax.max()!)
        XCTAssertGreaterThan(softmax.min()!, 0.05)
        XCTAssertLessThan(softmax.max()!, 0.2)
    }

    func testTrainStepRecordsTheEpochArithmetic() throws {
        let record = try runLesson("mnist-softmax")
        let train = try XCTUnwrap(record.step("train"))
        let images = try scalar(try XCTUnwrap(record.step("data")), "train images")
        XCTAssertEqual(try scalar(train, "steps per epoch"), (images / 32).rounded(.down))
        XCTAssertEqual(try scalar(train, "images left out of each epoch"), images.truncatingRemainder(dividingBy: 32))
        let (steps, perEpoch, epochs) = (try scalar(train, "steps"), try scalar(train, "steps per epoch"), try scalar(train, "epochs"))
        XCTAssertEqual(steps, perEpoch * epochs)
    }

    func testAWorkedRowOfLargeLogitsStaysFinite() {
        // The max shift: logits of 1000 would overflow e^z unshifted.
        let row = SoftmaxWorkedRow(logits: [1000, 999, -1000], label: 1, batchSize: 2, backward: [0, 0, 0])
        XCTAssertEqual(row.exponentials[0], 1)
        XCTAssertEqual(row.sumOfExp, 1 + Foundation.exp(-1), accuracy: 1e-15)
        XCTAssertEqual(row.loss, 1 + Foundation.log(1 + Foundation.exp(-1)), accuracy: 1e-13)
        XCTAssertEqual(row.gradient.reduce(0, +), 0, accuracy: 1e-16)
        XCTAssertEqual(row.likeliestOther, 0)
    }
}

private extension Array {
    /// Consecutive slices of `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
