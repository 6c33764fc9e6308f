import XCTest
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The frames, slopes and the learning-rate sweep of `sgd-step`, against independent computations.
final class WatchItLearnTests: XCTestCase {
    private func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, "\(step): \(name)")
    }

    func testEveryFrameIsTheNetworkAfterThatManyEpochs() throws {
        let record = try runLesson("sgd-step")
        let scrubber = try XCTUnwrap(record.step("watch")?.scrubber)
        XCTAssertEqual(scrubber.frames.count, 31)
        XCTAssertEqual(scrubber.strip, [0, 10, 20, 30])
        let data = try ExamData(try quickConfiguration())
        XCTAssertEqual(scrubber.targets, data.y.scalars)
        var net = ExamNetwork(seed: 42)
        let chart = try XCTUnwrap(record.step("train")?.charts.first?.series.first?.y)
        for (epoch, frame) in scrubber.frames.enumerated() {
            let f = try net.forward(data.x, data.y)
            XCTAssertEqual(frame.value, Double(epoch))
            XCTAssertEqual(frame.loss, f.loss, "epoch \(epoch)")
            XCTAssertEqual(frame.predictions, f.l3.scalars, "epoch \(epoch)")
            XCTAssertEqual(frame.network.layers[1].weights, net.w1.scalars, "epoch \(epoch)")
            // the 30-epoch chart's losses are measured before each update: frames 0 to 29
            if epoch < 30 { XCTAssertEqual(frame.loss, chart[epoch], "epoch \(epoch)") }
            try net.step(try net.backward(data.x, data.y, f), learningRate: 0.01)
        }
    }

    func testTheTangentsAreCentralDifferencesOfTheRecordedSlices() throws {
        let record = try runLesson("sgd-step")
        let step = try XCTUnwrap(record.step("slope"))
        let along = try XCTUnwrap(step.charts.first { $0.name == "along-w2" }?.series.first)
        let mid = along.x.count / 2
        // the loss is quadratic in one output weight, so the central difference is exact up to rounding
        let central = (along.y[mid + 1] - along.y[mid - 1]) / (along.x[mid + 1] - along.x[mid - 1])
        XCTAssertEqual(central, try scalar(record, "slope", "w2.grad[j, 0]"), accuracy: 1e-9)
        XCTAssertEqual(try scalar(record, "slope", "w2.grad[j, 0]"),
                       record.tensor("w2.grad")!.values![Int(try scalar(record, "slope", "chosen unit"))])
        let down = try XCTUnwrap(step.charts.first { $0.name == "along-gradient" }?.series.first)
        let slope = (down.y[mid + 1] - down.y[mid - 1]) / (down.x[mid + 1] - down.x[mid - 1])
        let squared = try scalar(record, "slope", "squared gradient norm")
        XCTAssertEqual(slope, -squared, accuracy: 1e-2 * squared)
        let grads = ["w1.grad", "b1.grad", "w2.grad", "b2.grad"].flatMap { record.tensor($0)!.values! }
        XCTAssertEqual(squared, grads.map { $0 * $0 }.reduce(0, +), accuracy: 1e-12 * squared)
        // the SGD step lands where the one-step lesson measured it
        XCTAssertEqual(try scalar(record, "slope", "loss after the SGD step"), try scalar(record, "after", "loss after"))
    }

    func testTheSweepRunsAtLearningRateOneHundredthAreThisLessonsRun() throws {
        let record = try runLesson("sgd-step")
        XCTAssertEqual(try scalar(record, "learning-rates", "loss after 30 epochs at lr 0.01"), try scalar(record, "train", "final loss"))
        let table = try XCTUnwrap(record.step("learning-rates")?.tables.first)
        XCTAssertEqual(table.rows.count, LearningRateSweep.rates.count)
        XCTAssertGreaterThanOrEqual(LearningRateSweep.rates.count, 7)
        // a run the Trainer stopped names the step, and a fresh Trainer stops at the same one
        let start = try scalar(record, "learning-rates", "starting loss")
        XCTAssertEqual(start, try scalar(record, "before", "loss before"))
        var diverged = 0
        for row in table.rows {
            if let final = Double(row[1]), final > start { diverged += 1; XCTAssertTrue(row[2].hasPrefix("diverged")) }
        }
        XCTAssertEqual(Double(diverged) + (try scalar(record, "learning-rates", "runs the Trainer stopped")),
                       try scalar(record, "learning-rates", "diverged runs"))
        for (lr, row) in zip(LearningRateSweep.rates, table.rows) where row[1].isEmpty {
            let data = try ExamData(try quickConfiguration())
            let net = ExamNetwork(seed: 42)
            let trainer = Trainer(model: Sequential(Linear(weight: net.w1, bias: net.b1, suffix: "1"), ReLU(),
                                                    Linear(weight: net.w2, bias: net.b2, suffix: "2")),
                                  loss: MSELoss(.mean), learningRate: lr)
            var stopped = 0
            for _ in 0..<30 {
                do { try trainer.step(inputs: data.x, targets: data.y) } catch { stopped = trainer.stepsTaken; break }
            }
            XCTAssertEqual(Double(stopped), try scalar(record, "learning-rates", "diverged at step, lr \(fmt(lr))"))
        }
    }
}
