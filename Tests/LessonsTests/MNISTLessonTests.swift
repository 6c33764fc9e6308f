import XCTest
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The MNIST lessons' quick records hold what the issue promises, with real values. (The full
/// profile's figures, such as validation accuracy >= 0.975, are held by the snapshots that
/// `scratchnet verify` checks in a release build.)
final class MNISTLessonTests: XCTestCase {
    func series(_ record: LessonRecord, _ step: String, _ name: String) throws -> ChartRecord.Series {
        let charts = try XCTUnwrap(record.step(step)?.charts)
        return try XCTUnwrap(charts.flatMap(\.series).first { $0.name == name }, name)
    }

    func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, name)
    }

    func testTheMostCommonDigitBaselineGuessesTheTrainingMajority() {
        // 3 is the most common training digit; it is 2 of the 5 labels.
        XCTAssertEqual(MNISTMath.mostCommonDigitAccuracy(training: [3, 3, 1, 3, 1], labels: [3, 0, 3, 1, 7]), 0.4)
        // A tie goes to the smaller digit: 1 over 3.
        XCTAssertEqual(MNISTMath.mostCommonDigitAccuracy(training: [3, 1], labels: [1, 1, 3, 3]), 0.5)
        XCTAssertEqual(MNISTMath.mostCommonDigitAccuracy(training: [3, 1], labels: [3, 3, 3, 3]), 0)
    }

    func testMSELessonRecordsTrainAndHeldOutCurves() throws {
        let record = try runLesson("mnist-mse")
        XCTAssertEqual(record.steps.map(\.id), ["data", "forward", "backward", "train", "predictions"])
        // Quick: 200 iterations measured every 20, plus the start.
        for name in ["train_loss", "val_loss", "train_accuracy", "val_accuracy"] {
            let s = try series(record, "train", name)
            XCTAssertEqual(s.x, stride(from: 0, through: 200, by: 20).map(Double.init), name)
            XCTAssertEqual(s.y.count, 11, name)
            XCTAssertTrue(s.y.allSatisfy(\.isFinite), name)
        }
        let loss = try series(record, "train", "train_loss")
        XCTAssertLessThan(loss.y.last!, loss.y.first! / 2, "200 steps should at least halve the cost")
        let accuracy = try series(record, "train", "val_accuracy").y.last!
        XCTAssertGreaterThan(accuracy, 0.2, "well above chance (0.1) after 200 steps")
        XCTAssertLessThanOrEqual(accuracy, 1)
        XCTAssertEqual(record.headline?.format, .percent)
        XCTAssertEqual(record.headline?.value, accuracy)
        // The forward step's loss is sum((y - out)^2) / (2 * 32) of the recorded batch.
        let out = try XCTUnwrap(record.tensor("out")?.values)
        let y = try XCTUnwrap(record.tensor("y")?.values)
        XCTAssertEqual(out.count, 320)
        let cost = zip(out, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 64
        XCTAssertEqual(try scalar(record, "forward", "loss"), cost, accuracy: 1e-12 * cost)
        // One-hot targets: every row sums to 1.
        for row in 0..<32 { XCTAssertEqual(y[(row * 10)..<(row * 10 + 10)].reduce(0, +), 1) }
        // A digit drawn as the network's input, and a grid of predictions.
        let net = try XCTUnwrap(record.step("forward")?.networks.first)
        XCTAssertEqual(net.layers.first?.image?.width, 28)
        XCTAssertEqual(net.layers.map(\.units), [784, 15, 10])
        let grid = try XCTUnwrap(record.step("predictions")?.images.first)
        XCTAssertEqual(grid.images.count, 24)
        XCTAssertTrue(grid.images.allSatisfy { $0.label != nil && $0.prediction != nil && $0.pixels.count == 784 })
    }

    func testSoftmaxLessonChecksLayersAndCountsEveryTestImage() throws {
        let record = try runLesson("mnist-softmax")
        // Quick: 2 epochs.
        for name in ["train_accuracy", "val_accuracy", "train_loss", "val_loss"] {
            let s = try series(record, "train", name)
            XCTAssertEqual(s.x, [1, 2], name)
            XCTAssertTrue(s.y.allSatisfy(\.isFinite), name)
        }
        let val = try series(record, "train", "val_accuracy").y.last!
        XCTAssertGreaterThan(val, 0.6)
        XCTAssertLessThanOrEqual(val, 1)
        let test = try scalar(record, "test", "test_accuracy")
        XCTAssertGreaterThan(test, 0.6)
        XCTAssertEqual(record.headline?.value, test)
        // The untrained network's first loss is near log(10).
        XCTAssertEqual(try scalar(record, "forward", "loss"), Foundation.log(10), accuracy: 0.2)
        // The confusion matrix: 10x10, rows summing to the class counts of the test images used.
        let confusion = try XCTUnwrap(record.step("test")?.tensors.first { $0.role == .metric })
        XCTAssertEqual(confusion.shape, [10, 10])
        XCTAssertEqual(confusion.rowLabels, (0..<10).map { "\($0)" })
        XCTAssertEqual(confusion.columnLabels, (0..<10).map { "\($0)" })
        let counts = try quickConfiguration().data.mnist(.test).labels.prefix(500)
        let m = try XCTUnwrap(confusion.values)
        for digit in 0..<10 {
            XCTAssertEqual(m[(digit * 10)..<(digit * 10 + 10)].reduce(0, +), Double(counts.filter { $0 == digit }.count), "row \(digit)")
        }
        let diagonal = (0..<10).map { m[$0 * 11] }.reduce(0, +)
        XCTAssertEqual(diagonal / 500, test, accuracy: 1e-12)
        let table = try XCTUnwrap(record.step("test")?.tables.first)
        XCTAssertEqual(table.rows.count, 10)
        // Every layer's gradient check passes, the tutorial's "Sigmoid" checked as Tanh.
        let checks = try XCTUnwrap(record.step("checks")?.checks)
        XCTAssertEqual(checks.count, 5)
        XCTAssertTrue(checks.contains { $0.name.hasPrefix("Tanh") })
        for table in checks {
            for row in table.rows {
                XCTAssertTrue(row.passed, "\(table.name) \(row.parameter)")
                XCTAssertLessThan(row.manualVsNumericRel, 1e-6, "\(table.name) \(row.parameter)")
            }
        }
        XCTAssertEqual(checks.first { $0.name.hasPrefix("Dense") }?.rows.map(\.parameter), ["x", "W", "b"])
        // The Dense(3, 4) fixed values match the tutorial's printout.
        XCTAssertLessThan(try scalar(record, "dense", "max |ours - tutorial's|"), 5e-9)
        // Mistakes with their top-3 probabilities; first-layer weights as 100 pictures.
        let mistakes = try XCTUnwrap(record.step("mistakes")?.images.first?.images)
        XCTAssertFalse(mistakes.isEmpty)
        for image in mistakes {
            XCTAssertNotEqual(image.label, image.prediction.map { String($0.prefix(1)) })
            XCTAssertEqual(image.prediction?.split(separator: " ").count, 6)
        }
        let weights = try XCTUnwrap(record.step("weights")?.images.first?.images)
        XCTAssertEqual(weights.count, 100)
        XCTAssertTrue(weights.allSatisfy { $0.width == 28 && $0.height == 28 && $0.pixels.count == 784 })
    }

    func testFastaiLessonGradientsAgreeEveryWay() throws {
        let record = try runLesson("mnist-fastai")
        let first = try scalar(record, "first-loss", "first loss")
        XCTAssertTrue(first.isFinite)
        XCTAssertGreaterThan(first, 100, "unscaled randn weights give a large first loss")
        XCTAssertEqual(record.headline?.value, first)
        // Against predicting the mean digit: the variance of the labels it trains on, recomputed.
        let count = Int(try scalar(record, "data", "images"))
        let labels = try quickConfiguration().data.mnist(.train).labels.prefix(count).map(Double.init)
        let mean = labels.reduce(0, +) / Double(count)
        let variance = labels.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
        XCTAssertEqual(try XCTUnwrap(record.headline?.comparison).value, variance, accuracy: 1e-12)
        XCTAssertEqual(variance, 8.3, accuracy: 0.5, "MNIST digits 0-9 spread about evenly")
        // Outer products against x.T @ g.
        XCTAssertLessThan(try scalar(record, "outer-product", "w2.grad: max |outer - matmul| / max |matmul|"), 1e-12)
        XCTAssertLessThan(try scalar(record, "outer-product", "w1.grad (first 100 images): max |outer - matmul| / max |matmul|"), 1e-12)
        XCTAssertEqual(try scalar(record, "outer-product", "bytes of the 50000x784x50 array"), 15.68e9)
        // Timings are recorded (shown on the page, left out of snapshots).
        XCTAssertEqual(record.step("forward-backward")?.timings.count, 2)
        XCTAssertEqual(record.step("outer-product")?.timings.count, 4)
        // Autograd agrees with the hand-written gradients, x.grad included.
        let table = try XCTUnwrap(record.step("autograd")?.checks.first)
        XCTAssertEqual(table.rows.map(\.parameter), ["w1", "b1", "w2", "b2", "x"])
        XCTAssertTrue(table.rows.allSatisfy(\.passed))
        XCTAssertEqual(try scalar(record, "autograd", "loss (tape)"), first, accuracy: 1e-12 * first)
        // The module version is bit-identical.
        let identical = try XCTUnwrap(record.step("modules")?.tables.first)
        XCTAssertEqual(identical.rows.map { $0[2] }, ["yes", "yes", "yes", "yes", "yes"])
        XCTAssertEqual(try scalar(record, "modules", "loss (modules)"), first)
    }

    /// The recorded w2.grad is l2.T @ out.grad of the recorded tensors (quick profile: all small enough).
    func testRecordedW2GradIsTheProductOfTheRecordedTensors() throws {
        let record = try runLesson("mnist-mse")
        let d = try XCTUnwrap(record.tensor("d = (out - y) / 32")?.values)
        let l2 = try XCTUnwrap(record.tensor("l2")?.values)
        let w2g = try XCTUnwrap(record.tensor("w2.grad")?.values)
        let expected = try Tensor.matmul(Tensor(shape: [32, 15], scalars: l2), Tensor(shape: [32, 10], scalars: d), transposeA: true)
        XCTAssertEqual(expected.scalars, w2g)
    }
}
