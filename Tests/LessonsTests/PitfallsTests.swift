import XCTest
import Datasets
import Foundation
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The pitfalls lesson: its headline counts the checks that fired, and every number a check
/// rests on agrees with a computation of the test's own.
final class PitfallsTests: XCTestCase {
    /// Why the shared run failed, kept as text so that it can be shared between tests.
    private struct RunFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// One run of the lesson, shared by the tests: each run trains eight small networks.
    private static let run = Result { try runLesson("pitfalls") }.mapError { RunFailure(description: "\($0)") }

    private func pitfalls() throws -> LessonRecord { try Self.run.get() }

    private func scalar(_ record: LessonRecord, _ step: String, _ name: String,
                        file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let found = record.step(step)?.scalars.first { $0.name == name }
        return try XCTUnwrap(found, "\(step): \(name)", file: file, line: line).value
    }

    private func values(_ record: LessonRecord, _ step: String, _ name: String,
                        file: StaticString = #filePath, line: UInt = #line) throws -> [Double] {
        let found = record.step(step)?.tensors.first { $0.name == name }?.values
        return try XCTUnwrap(found, "\(step): \(name)", file: file, line: line)
    }

    func testTheHeadlineCountsTheChecksThatFired() throws {
        let record = try pitfalls()
        let shown = try record.steps.map { try scalar(record, $0.id, "mistake shown") }
        XCTAssertEqual(record.steps.count, 11)
        XCTAssertEqual(record.headline?.value, shown.reduce(0, +))
        XCTAssertEqual(shown, Array(repeating: 1, count: 11), "every check fires at seed 42")
    }

    func testShapeBroadcastSigmoidAndDividedInit() throws {
        let record = try pitfalls()
        XCTAssertEqual(record.step("shape-error")?.errors.first?.message,
                       "matmul (a transposed): (1x5) @ (25x1): inner dimensions 1 and 25 differ")
        XCTAssertEqual(record.step("broadcast")?.tensors.first?.shape, [25, 25])
        XCTAssertEqual(try scalar(record, "divided-init", "ratio of the spreads"), 1.5, accuracy: 1e-12)
        XCTAssertEqual(try scalar(record, "sigmoid-is-tanh", "sigmoid(0)"), 0.5)
        XCTAssertGreaterThan(try scalar(record, "sigmoid-is-tanh", "max relative difference"), 1e-3)
    }

    func testBothModelsStepWithTheGlobalRate() throws {
        let record = try pitfalls()
        let data = try quickConfiguration().data.exams()
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed, scaling: .tutorial)
        let grad = try net.backward(data.inputs, data.target, try net.forward(data.inputs, data.target)).w2
        let before = try values(record, "global-lr", "w2 before")
        XCTAssertEqual(before, net.w2.scalars)
        let global = zip(before, grad.scalars).map { $0 - 0.01 * $1 }
        let own = zip(before, grad.scalars).map { $0 - 0.1 * $1 }
        XCTAssertEqual(try values(record, "global-lr", "w2 after, a"), global)
        XCTAssertEqual(try values(record, "global-lr", "w2 after, b (as written)"), global)
        XCTAssertEqual(try values(record, "global-lr", "w2 after, b with b.lr"), own)
        XCTAssertEqual(try scalar(record, "global-lr", "b's step / the step b.lr asks for"), 0.1, accuracy: 1e-12)
    }

    func testTheSplitUsesTheWholeTestFile() throws {
        let record = try pitfalls()
        let data = try quickConfiguration().data
        let count = try data.mnist(.test).labels.count
        var generator = Xoshiro256StarStar(seed: LessonConfiguration.defaultSeed)
        let order = generator.permutation(count)
        let trained = Set(order[..<(count * 4 / 5)]), watched = Set(order[(count * 4 / 5)...])
        XCTAssertEqual(try scalar(record, "test-split", "images in MNIST's test file"), Double(count))
        XCTAssertEqual(try scalar(record, "test-split", "test-file images trained on"), Double(trained.count))
        XCTAssertEqual(try scalar(record, "test-split", "test-file images used to watch training"), Double(watched.count))
        XCTAssertEqual(try scalar(record, "test-split", "images in both parts"), Double(trained.intersection(watched).count))
        XCTAssertEqual(try scalar(record, "test-split", "test-file images left untouched"),
                       Double(count - trained.union(watched).count))
        XCTAssertEqual(count - trained.union(watched).count, 0)
        // On the exam data, scoring on the training rows shares every row of the file.
        let rows = try data.exams().inputs.shape[0]
        XCTAssertEqual(try scalar(record, "test-split", "exam rows shared by training and scoring, all rows"), Double(rows))
        XCTAssertEqual(try scalar(record, "test-split", "exam rows shared by training and scoring, 20 / 5"), 0)
    }

    func testADeadOutputScoresWhatPredictingZeroScores() throws {
        let record = try pitfalls()
        var generator = Xoshiro256StarStar(seed: LessonConfiguration.defaultSeed)
        let targets = SyntheticRegression(count: 10_000, using: &generator).targets.scalars
        let n = Double(targets.count)
        var zeroLoss = 0.0
        for t in targets { zeroLoss += t * t }
        zeroLoss /= 2 * n
        let mean = targets.reduce(0, +) / n
        var meanLoss = 0.0
        for t in targets { meanLoss += (t - mean) * (t - mean) }
        meanLoss /= 2 * n
        XCTAssertNotNil(record.step("relu-output")?.scalars.first { $0.name == "output dead from step" })
        XCTAssertEqual(try scalar(record, "relu-output", "points where the output unit's input is > 0"), 0)
        XCTAssertEqual(try scalar(record, "relu-output", "largest |gradient| on all points"), 0)
        XCTAssertEqual(try scalar(record, "relu-output", "full-data loss"), zeroLoss, accuracy: 1e-9 * zeroLoss)
        XCTAssertEqual(try scalar(record, "relu-output", "loss predicting 0 everywhere"), zeroLoss, accuracy: 1e-9 * zeroLoss)
        XCTAssertEqual(try scalar(record, "relu-output", "loss predicting the mean everywhere"), meanLoss,
                       accuracy: 1e-9 * meanLoss)
    }

    func testTheTutorialCrossEntropyOverflowsWhereLogSumExpDoesNot() throws {
        let record = try pitfalls()
        let logits = try values(record, "softmax-overflow", "logits")
        // log(sum(exp(row))) by hand, from the row's maximum, minus the answer's logit (class 0).
        let byHand = stride(from: 0, to: logits.count, by: 3).map { start -> Double in
            let row = Array(logits[start..<(start + 3)])
            let m = row.max()!
            return m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +)) - row[0]
        }
        XCTAssertGreaterThan(logits.max()!, 709.79)
        let stable = try values(record, "softmax-overflow", "loss per row, log-sum-exp")
        for (a, b) in zip(stable, byHand) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        XCTAssertEqual(try scalar(record, "softmax-overflow", "mean loss, log-sum-exp"), byHand.reduce(0, +) / 2, accuracy: 1e-14)
        let asWritten = try values(record, "softmax-overflow", "loss per row, as written")
        XCTAssertEqual(asWritten[0], byHand[0], accuracy: 1e-14)
        XCTAssertEqual(asWritten[1], .infinity)
        XCTAssertEqual(try scalar(record, "softmax-overflow", "mean loss, as written"), .infinity)
        XCTAssertGreaterThan(try scalar(record, "softmax-overflow", "NaN entries in the gradient, as written"), 0)
        let limit = try scalar(record, "softmax-overflow", "largest x with exp(x) finite, log(max double)")
        XCTAssertTrue(Foundation.exp(limit).isFinite)
        XCTAssertEqual(Foundation.exp(limit.nextUp.nextUp), .infinity)
    }

    func testOnlyTheDroppedWeightsOfW1GetWrongGradients() throws {
        let record = try pitfalls()
        let boston = try quickConfiguration().data.boston()
        XCTAssertEqual(try scalar(record, "dropout-mask", "W1 weights dropped"), (12 * 0.2).rounded(.down))
        XCTAssertEqual(try scalar(record, "dropout-mask", "W2 weights dropped"), (4 * 0.2).rounded(.down))
        let w1 = try values(record, "dropout-mask", "W1"), used = try values(record, "dropout-mask", "W1 as the forward pass used it")
        let w2 = try values(record, "dropout-mask", "W2")
        XCTAssertEqual(try values(record, "dropout-mask", "W2 as the forward pass used it"), w2)
        // Tutorial 003's backward pass by hand, on the dropped forward pass: what it reports.
        let pass = try BostonPass(x0: boston.features, t: boston.target,
                                  w1: try Tensor(shape: [3, 4], scalars: used), w2: try Tensor(shape: [4, 1], scalars: w2))
        let reported = try values(record, "dropout-mask", "W1.grad (mask ignored)")
        let scale = pass.dW1.scalars.map(Swift.abs).max()!
        for (a, b) in zip(reported, pass.dW1.scalars) { XCTAssertEqual(a, b, accuracy: 1e-12 * scale) }
        // The true gradient is 0 where a weight was dropped, the reported one elsewhere.
        let numeric = try values(record, "dropout-mask", "W1.grad (numeric, same mask)")
        let differs = try values(record, "dropout-mask", "W1 entries whose gradient differs")
        for i in w1.indices {
            let dropped = used[i] == 0 && w1[i] != 0
            XCTAssertEqual(numeric[i], dropped ? 0 : pass.dW1.scalars[i], accuracy: 1e-6 * scale, "W1[\(i)]")
            XCTAssertEqual(differs[i], dropped && pass.dW1.scalars[i] != 0 ? 1 : 0, "W1[\(i)]")
        }
        XCTAssertEqual(try scalar(record, "dropout-mask", "W2 entries that differ"), 0)
        XCTAssertEqual(try scalar(record, "dropout-mask", "entries that differ but were not dropped"), 0)
    }

    func testTheStaleLossIsTheEarlierPredictionSquared() throws {
        let record = try pitfalls()
        let data = try quickConfiguration().data.exams()
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed, scaling: .tutorial)
        let l3 = try net.forward(data.inputs, data.target).l3.scalars
        let n = Double(l3.count)
        let squared = l3.map { $0 * $0 }.reduce(0, +) / n
        let errors = zip(l3, data.target.scalars).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / n
        XCTAssertEqual(try scalar(record, "stale-loss", "loss as written, first call"), squared, accuracy: 1e-12)
        XCTAssertEqual(try scalar(record, "stale-loss", "loss as written, call 30"), squared, accuracy: 1e-12)
        XCTAssertEqual(try scalar(record, "stale-loss", "loss from diff, first call"), errors, accuracy: 1e-12)
        XCTAssertLessThan(try scalar(record, "stale-loss", "loss from diff, call 30"), errors / 10)
    }

    func testTwoBackwardCallsDoubleTheGradient() throws {
        let record = try pitfalls()
        let data = try quickConfiguration().data.exams()
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed, scaling: .kaiming)
        let byFunctions = try net.backward(data.inputs, data.target, try net.forward(data.inputs, data.target)).w2
        let once = try values(record, "unzeroed-grad", "w2.grad after one backward")
        XCTAssertEqual(once, byFunctions.scalars)
        XCTAssertEqual(try values(record, "unzeroed-grad", "w2.grad after two"), once.map { 2 * $0 })
        XCTAssertEqual(try values(record, "unzeroed-grad", "w2.grad after zeroGrad() and one backward"), once)
        XCTAssertTrue(once.contains { $0 != 0 })
    }
}
