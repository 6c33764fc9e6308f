import Foundation
import XCTest
import Datasets
import LessonRecords
@testable import Lessons

/// The "watch it learn" frames of `synthetic-sgd` and `boston-dropout` against independent
/// computations: the curves the lessons report, and forward passes written out with loops.
final class AppliedWatchTests: XCTestCase {
    /// Each lesson runs once (quick profile) for all the tests that read it.
    private static let records: [String: Result<LessonRecord, any Error>] = Dictionary(
        uniqueKeysWithValues: ["synthetic-sgd", "boston-dropout"].map { id in (id, Result { try runLesson(id) }) })

    private func record(_ id: String) throws -> LessonRecord {
        try XCTUnwrap(Self.records[id]).get()
    }

    private func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, "\(step): \(name)")
    }

    private func values(_ record: LessonRecord, _ name: String) throws -> [Double] {
        try XCTUnwrap(record.tensor(name)?.values, name)
    }

    /// The diagram's network applied to one input with plain loops: each layer's weights are
    /// (inputs x units) row-major, then its bias, then a ReLU on every layer but the last.
    private func forward(_ network: NetworkState, _ input: [Double]) throws -> [Double] {
        var a = input
        for (k, layer) in network.layers.dropFirst().enumerated() {
            let w = try XCTUnwrap(layer.weights)
            var out = [Double](repeating: 0, count: layer.units)
            for j in 0..<layer.units {
                var sum = layer.bias?[j] ?? 0
                for i in a.indices { sum += a[i] * w[i * layer.units + j] }
                out[j] = k == network.layers.count - 2 ? sum : Swift.max(0, sum)
            }
            a = out
        }
        return a
    }

    private func assertClose(_ a: Double, _ b: Double, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a, b, accuracy: 1e-9 * Swift.max(1, Swift.abs(b)), message, file: file, line: line)
    }

    // MARK: synthetic-sgd

    func testSyntheticFramesAreTheStandardisedRunsCheckpoints() throws {
        let record = try record("synthetic-sgd")
        let scrubber = try XCTUnwrap(record.step("watch")?.scrubber)
        let steps = try scalar(record, "standardised", "steps")
        // Log-spaced: 10, 20, 50, 100, ... up to the quick profile's 2000 steps.
        XCTAssertEqual(scrubber.frames.map(\.value), [0, 10, 20, 50, 100, 200, 500, 1000, 2000])
        XCTAssertEqual(SyntheticSGDLesson.frameSteps(upTo: 20_000).sorted(),
                       [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000])
        XCTAssertEqual(SyntheticSGDLesson.frameSteps(upTo: 300).sorted(), [10, 20, 50, 100, 200, 300])
        XCTAssertEqual(scrubber.strip, [0, 4, 8], "the first, middle and last frame")
        // Each frame's losses are the run's own checkpoints at that step.
        let chart = try XCTUnwrap(record.step("standardised")?.charts.first)
        let heldOut = try XCTUnwrap(scrubber.layout?.otherLosses.first)
        for (k, frame) in scrubber.frames.enumerated() {
            let at = try XCTUnwrap(chart.series[0].x.firstIndex(of: frame.value), "step \(frame.value) is a checkpoint")
            XCTAssertEqual(frame.loss, chart.series[0].y[at], "step \(frame.value)")
            XCTAssertEqual(heldOut.y[k], chart.series[1].y[at], "step \(frame.value)")
        }
        XCTAssertEqual(scrubber.frames.last!.loss, try scalar(record, "standardised", "final full-data loss"))
        XCTAssertEqual(heldOut.y.last!, try scalar(record, "standardised", "held-out loss"))
        XCTAssertEqual(scrubber.losses.y, scrubber.frames.map(\.loss))
        XCTAssertEqual(try scalar(record, "watch", "training loss, last frame"), scrubber.frames.last!.loss)
        XCTAssertEqual(try scalar(record, "watch", "epochs"), steps * 32 / 2000)
        // The targets are f along y = 0.5, at 21 evenly spaced x.
        let xs = try XCTUnwrap(scrubber.layout?.examplePositions)
        XCTAssertEqual(xs.count, 21)
        for (x, target) in zip(xs, scrubber.targets) {
            XCTAssertEqual(target, Foundation.pow(x + 4, 3) + 2, accuracy: 1e-12)
        }
    }

    func testSyntheticFramePredictionsAreAForwardPassOfTheFrameWeights() throws {
        let record = try record("synthetic-sgd")
        let scrubber = try XCTUnwrap(record.step("watch")?.scrubber)
        let xs = try XCTUnwrap(scrubber.layout?.examplePositions)
        let (xMean, xStd) = (try values(record, "x mean"), try values(record, "x std"))
        let (yMean, yStd) = (try values(record, "Y mean")[0], try values(record, "Y std")[0])
        var errors: [Double] = []
        for frame in scrubber.frames {
            var worst = 0.0
            for (i, x) in xs.enumerated() {
                let input = [(x - xMean[0]) / xStd[0], (0.5 - xMean[1]) / xStd[1]]
                let out = try forward(frame.network, input)[0] * yStd + yMean
                assertClose(frame.predictions[i], out, "step \(frame.value), x = \(x)")
                worst = Swift.max(worst, Swift.abs(out - scrubber.targets[i]))
            }
            errors.append(worst)
        }
        assertClose(try scalar(record, "watch", "largest error along the line, step 0"), errors[0], "step 0")
        assertClose(try scalar(record, "watch", "largest error along the line, first frame after step 0"), errors[1], "frame 1")
        assertClose(try scalar(record, "watch", "largest error along the line, last frame"), errors.last!, "last frame")
        // The first frame is the walk's initial network, the last the trained one.
        let first = scrubber.frames.first!.network.layers, last = scrubber.frames.last!.network.layers
        for k in 1...4 {
            XCTAssertEqual(first[k].weights, try values(record, "w\(k)"), "w\(k) at step 0")
            XCTAssertEqual(first[k].bias, try values(record, "b\(k)"), "b\(k) at step 0")
            XCTAssertEqual(last[k].weights, try values(record, "w\(k) (trained)"), "w\(k) at the end")
            XCTAssertEqual(last[k].bias, try values(record, "b\(k) (trained)"), "b\(k) at the end")
        }
    }

    // MARK: boston-dropout

    func testBostonFramesAreTheHeldOutRunsAsTheyWent() throws {
        let record = try record("boston-dropout")
        let scrubber = try XCTUnwrap(record.step("watch")?.scrubber)
        let layout = try XCTUnwrap(scrubber.layout)
        let iterations = 200.0   // the quick profile
        XCTAssertEqual(scrubber.frames.map(\.value), (0...8).map { Double($0) * iterations / 8 })
        XCTAssertEqual(scrubber.strip, [0, 4, 8])
        XCTAssertEqual(layout.otherLosses.map(\.name), ["dropout, train", "no dropout, test", "no dropout, train"])
        // After iteration i, each held-out error is the held-out chart's val_loss of iteration i.
        let charts = try XCTUnwrap(record.step("held-out")?.charts)
        let inverted = try XCTUnwrap(charts.first { $0.name == "held-out-inverted" }?.series[1].y)
        let plain = try XCTUnwrap(charts.first { $0.name == "held-out-none" }?.series[1].y)
        for (k, frame) in scrubber.frames.enumerated() where frame.value > 0 {
            XCTAssertEqual(frame.loss, inverted[Int(frame.value) - 1], "iteration \(frame.value)")
            XCTAssertEqual(layout.otherLosses[1].y[k], plain[Int(frame.value) - 1], "iteration \(frame.value)")
        }
        XCTAssertEqual(scrubber.frames.last!.loss, try scalar(record, "held-out", "test MSE, inverted dropout"))
        XCTAssertEqual(layout.otherLosses[1].y.last!, try scalar(record, "held-out", "test MSE, no dropout"))
        // The last training errors are the test table's training MSEs (dropout off).
        let table = try XCTUnwrap(record.step("held-out")?.tables.first { $0.name == "test-error" })
        for (name, curve) in [("inverted dropout", layout.otherLosses[0]), ("no dropout", layout.otherLosses[2])] {
            let row = try XCTUnwrap(table.rows.first { $0[0] == name })
            XCTAssertEqual(curve.y.last!, try XCTUnwrap(Double(row[1])), accuracy: 1e-4 * curve.y.last!, name)
            XCTAssertEqual(try scalar(record, "watch", "training MSE, \(name), last frame"), curve.y.last!)
        }
        // Before training both networks are the same weights, so they predict the same.
        XCTAssertEqual(scrubber.frames[0].predictions, scrubber.frames[0].otherPredictions?.first?.y)
        XCTAssertEqual(scrubber.frames[0].network.layers[1].weights, try values(record, "W1"))
        XCTAssertEqual(scrubber.frames[0].network.layers[2].weights, try values(record, "W2"))
        XCTAssertEqual(try scalar(record, "watch", "gap, no dropout, last frame"), layout.otherLosses[1].y.last! - layout.otherLosses[2].y.last!)
    }

    func testBostonFramePredictionsAndErrorsAreAForwardPassOfTheFrameWeights() throws {
        let record = try record("boston-dropout")
        let scrubber = try XCTUnwrap(record.step("watch")?.scrubber)
        let x0 = try values(record, "X0"), t = try values(record, "t")
        let testRows = try values(record, "test rows").map { Int($0) }
        let trainRows = Set(0..<t.count).subtracting(testRows).sorted()
        let sample = Array(testRows.prefix(16))
        XCTAssertEqual(scrubber.targets, sample.map { t[$0] })
        func predict(_ network: NetworkState, _ row: Int) throws -> Double {
            try forward(network, Array(x0[(3 * row)..<(3 * row + 3)]))[0]
        }
        func mse(_ network: NetworkState, _ rows: [Int]) throws -> Double {
            try rows.map { r in let e = try predict(network, r) - t[r]; return e * e }.reduce(0, +) / Double(rows.count)
        }
        for frame in scrubber.frames {
            for (i, row) in sample.enumerated() {
                assertClose(frame.predictions[i], try predict(frame.network, row), "iteration \(frame.value), suburb \(row)")
            }
            assertClose(frame.loss, try mse(frame.network, testRows), "held-out MSE, iteration \(frame.value)")
        }
        let training = try XCTUnwrap(scrubber.layout?.otherLosses.first)
        for (k, frame) in scrubber.frames.enumerated() {
            assertClose(training.y[k], try mse(frame.network, trainRows), "training MSE, iteration \(frame.value)")
        }
        let spread = TensorStats(scrubber.frames.last!.predictions).std
        XCTAssertEqual(try scalar(record, "watch", "prediction spread, inverted dropout, last frame"), spread)
        XCTAssertEqual(try scalar(record, "watch", "target spread, sampled suburbs"), TensorStats(scrubber.targets).std)
    }
}
