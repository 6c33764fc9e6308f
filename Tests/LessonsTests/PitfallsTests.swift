import XCTest
import Datasets
import Foundation
import NeuralNet
import Tensor
@testable import Lessons

/// The pitfalls lesson: its headline counts the checks that fired, and every number a check
/// rests on agrees with a computation of the test's own.
final class PitfallsTests: XCTestCase {
    /// Why the shared run failed, kept as text so that it can be shared between tests.
    private struct RunFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// One run of the lesson, shared by the tests.
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
        XCTAssertEqual(record.steps.count, 6)
        XCTAssertEqual(record.headline?.value, shown.reduce(0, +))
        XCTAssertEqual(shown, Array(repeating: 1, count: 6), "every check fires at seed 42")
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
}
