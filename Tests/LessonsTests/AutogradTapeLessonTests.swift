import XCTest
import Autograd
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The autograd-check steps that open up the tape: the recorded sweep adds up, its numbers are
/// those of the hand-written network, and a second backward call doubles every gradient exactly.
final class AutogradTapeLessonTests: XCTestCase {
    private func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, "\(step): \(name)")
    }

    /// The seeded network's forward pass and hand-written gradients, computed afresh.
    private func network() throws -> (x: Tensor, y: Tensor, forward: ExamNetwork.Forward, gradients: ExamNetwork.Gradients) {
        let data = try ExamData(try quickConfiguration())
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed)
        let f = try net.forward(data.x, data.y)
        return (data.x, data.y, f, try net.backward(data.x, data.y, f))
    }

    func testTheTapeHoldsTheNetworkEntryByEntry() throws {
        let record = try runLesson("autograd-check")
        XCTAssertEqual(record.steps.map(\.id), ["autograd", "tape", "twice", "numeric", "table", "wrong-backward"])
        let tape = try XCTUnwrap(record.step("tape")?.tape)
        XCTAssertEqual(tape.entries.map(\.operation), ["variable", "variable", "variable", "variable", "constant", "constant",
                                                       "matmul", "add", "relu", "matmul", "add", "squeeze", "subtract", "square", "mean"])
        XCTAssertEqual(tape.entries.map(\.name), ["w1", "b1", "w2", "b2", "x", "y", nil, "l1", "l2", nil, "l3", nil, nil, nil, "loss"])
        XCTAssertEqual(tape.visits.map(\.entry), [14, 13, 12, 11, 10, 9, 8, 7, 6, 3, 2, 1, 0])
        XCTAssertEqual(try scalar(record, "tape", "entries"), 15)
        XCTAssertEqual(try scalar(record, "tape", "entries visited"), 13)
        XCTAssertEqual(try scalar(record, "tape", "pullbacks run"), 9)
        XCTAssertEqual(try scalar(record, "tape", "constants passed by"), 2)
        // The values are the hand-written forward pass's, and the loss the functions' loss.
        let (x, y, f, _) = try network()
        XCTAssertEqual(tape.entries[4].value, TapeRecord.Excerpt(shape: [25, 3], first: Array(x.scalars.prefix(3))))
        XCTAssertEqual(tape.entries[5].value, TapeRecord.Excerpt(shape: [25], first: Array(y.scalars.prefix(3))))
        XCTAssertEqual(tape.entries[8].value.first, Array(f.l2.scalars.prefix(3)))
        XCTAssertEqual(try XCTUnwrap(tape.entries[14].value.first.first), f.loss, accuracy: 1e-14)
    }

    func testEachRunningTotalIsTheSumOfTheAdditionsSoFar() throws {
        let tape = try XCTUnwrap(try runLesson("autograd-check").step("tape")?.tape)
        var sums: [Int: [Double]] = [:]
        for visit in tape.visits {
            if visit.entry == 14 {
                XCTAssertEqual(visit.gradient, TapeRecord.Excerpt(shape: [], first: [1]), "the seed")
            } else {
                let sum = try XCTUnwrap(sums[visit.entry], "#\(visit.entry) was added to before its visit")
                for (got, want) in zip(visit.gradient.first, sum) { XCTAssertEqual(got, want, accuracy: 1e-15, "#\(visit.entry)") }
            }
            XCTAssertEqual(visit.stored, visit.gradient, "one call from nothing stores this pass's gradient")
            for addition in visit.additions {
                let before = sums[addition.input] ?? [0, 0, 0]
                sums[addition.input] = zip(before, addition.gradient.first).map(+)
                XCTAssertEqual(addition.total.first, sums[addition.input], "total of #\(addition.input)")
            }
        }
    }

    func testTheSweepGivesTheHandWrittenGradientsAndTheWorkedElement() throws {
        let record = try runLesson("autograd-check")
        let tape = try XCTUnwrap(record.step("tape")?.tape)
        let (_, y, f, g) = try network()
        let stored = Dictionary(uniqueKeysWithValues: tape.visits.map { ($0.entry, $0.stored.first) })
        for (position, manual) in [(0, g.w1), (1, g.b1), (2, g.w2), (3, g.b2), (7, g.l1), (10, g.l3)] {
            for (got, want) in zip(try XCTUnwrap(stored[position]), manual.scalars) {
                XCTAssertEqual(got, want, accuracy: 1e-12 * Swift.max(1, Swift.abs(want)), "#\(position)")
            }
        }
        XCTAssertEqual(try scalar(record, "tape", "largest difference from the autograd step"), 0)
        // The prose's element: d0 = l3[0] - y[0], q.grad = 1/N, d.grad = 2 d0 / N, b2.grad = sum.
        let n = Double(y.count)
        let d0 = f.l3[0, 0] - y[0]
        XCTAssertEqual(try scalar(record, "tape", "N"), 25)
        XCTAssertEqual(try scalar(record, "tape", "d[0]"), d0, accuracy: 1e-14)
        XCTAssertEqual(try scalar(record, "tape", "q.grad[0]"), 1 / n)
        XCTAssertEqual(try scalar(record, "tape", "d.grad[0]"), 2 * d0 / n, accuracy: 1e-15)
        XCTAssertEqual(try scalar(record, "tape", "b2.grad"), g.b2[0], accuracy: 1e-13)
        // and the frames show the same numbers where the prose says they are.
        let square = try XCTUnwrap(tape.visits.first { $0.entry == 13 })
        XCTAssertEqual(square.additions.map(\.input), [12])
        XCTAssertEqual(try XCTUnwrap(square.additions[0].gradient.first.first), 2 * d0 / n, accuracy: 1e-15)
        XCTAssertEqual(tape.visits.first { $0.entry == 14 }?.additions.first?.gradient.first, [1 / n, 1 / n, 1 / n])
    }

    func testBackwardTwiceDoublesEveryGradientExactly() throws {
        let record = try runLesson("autograd-check")
        let step = try XCTUnwrap(record.step("twice"))
        let once = try XCTUnwrap(step.tensors.first { $0.name == "b1.grad after one call" }?.values)
        let twice = try XCTUnwrap(step.tensors.first { $0.name == "b1.grad after two calls" }?.values)
        XCTAssertEqual(twice, once.map { 2 * $0 })
        let g = try network().gradients
        for (got, want) in zip(once, g.b1.scalars) { XCTAssertEqual(got, want, accuracy: 1e-13) }
        let b2Once = try scalar(record, "twice", "b2.grad after one call")
        XCTAssertEqual(b2Once, g.b2[0], accuracy: 1e-13)
        XCTAssertEqual(try scalar(record, "twice", "b2.grad after two calls"), 2 * b2Once)
        XCTAssertEqual(try scalar(record, "twice", "loss.grad after two calls"), 2)
        XCTAssertEqual(try scalar(record, "twice", "largest difference, two calls vs 2 x one"), 0)
        XCTAssertEqual(try scalar(record, "twice", "largest difference, zeroGradients and one call vs one"), 0)
        XCTAssertEqual(step.code.map(\.symbol), ["code:twice", "Tape.zeroGradients", "Trainer.step"])
    }
}
