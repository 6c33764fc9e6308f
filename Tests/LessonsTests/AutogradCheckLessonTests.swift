import XCTest
import Autograd
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The numbers the autograd-check prose quotes, recomputed here from the recorded tensors and
/// from the network itself, and the wrong backward pass caught where the lesson says it is.
final class AutogradCheckLessonTests: XCTestCase {
    private let floor = 1e-8

    private func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, "\(step): \(name)")
    }

    private func values(_ record: LessonRecord, _ name: String) throws -> [Double] {
        try XCTUnwrap(record.tensor(name)?.values, name)
    }

    /// The relative difference the lesson defines, written out: |a - b| / max(|a|, |b|, floor).
    private func largestRelative(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { x, y in x == y ? 0 : Swift.abs(x - y) / Swift.max(Swift.abs(x), Swift.abs(y), floor) }.max() ?? 0
    }

    /// The correct and the slipped gradients of the seeded network, computed afresh.
    private func gradients() throws -> (right: [String: [Double]], wrong: [String: [Double]], l1Grad: Tensor, l3Grad: Tensor) {
        let data = try ExamData(try quickConfiguration())
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed)
        let f = try net.forward(data.x, data.y)
        let g = try net.backward(data.x, data.y, f)
        let wrong = try net.wrongBackward(data.x, data.y, f)
        let right = ["w1": g.w1.scalars, "b1": g.b1.scalars, "w2": g.w2.scalars, "b2": g.b2.scalars]
        return (right, Dictionary(uniqueKeysWithValues: zip(wrong.names, wrong.values.map(\.scalars))), g.l1, g.l3)
    }

    func testTableRecordsTheDifferencesTheProseQuotes() throws {
        let record = try runLesson("autograd-check")
        let (right, _, _, _) = try gradients()
        let names = ["w1", "b1", "w2", "b2"]
        let numeric = try names.map { try values(record, "\($0).grad (numeric)") }
        let automatic = try names.map { try values(record, "\($0).grad (autograd)") }
        let manualVsNumeric = zip(names, numeric).map { largestRelative(right[$0]!, $1) }.max()!
        XCTAssertEqual(try scalar(record, "table", "largest relative difference (manual vs numeric)"), manualVsNumeric)
        let absolute = zip(names, numeric).map { name, n in zip(right[name]!, n).map { Swift.abs($0 - $1) }.max()! }.max()!
        XCTAssertEqual(try scalar(record, "table", "largest absolute difference (manual vs numeric)"), absolute)
        let manualVsAutograd = zip(names, automatic).map { largestRelative(right[$0]!, $1) }.max()!
        XCTAssertEqual(try scalar(record, "table", "largest relative difference (manual vs autograd)"), manualVsAutograd)
        XCTAssertLessThanOrEqual(manualVsAutograd, 4 * Double.ulpOfOne, "manual and autograd agree to rounding")
        let autogradVsNumeric = zip(automatic, numeric).map { largestRelative($0, $1) }.max()!
        XCTAssertEqual(try scalar(record, "table", "largest relative difference (autograd vs numeric)"), autogradVsNumeric)
        // The prose: the differences are of the size of the rounding estimate eps L / h, which
        // for this loss of order 1 is below the generic 1e-10.
        let loss = try scalar(record, "autograd", "loss (functions)")
        let estimate = try scalar(record, "table", "rounding estimate (eps L / h)")
        XCTAssertEqual(estimate, 2.220446049250313e-16 * loss / 1e-5, accuracy: 1e-25)
        XCTAssertEqual(loss, 1.1, accuracy: 0.1)
        XCTAssertLessThan(estimate, 1e-10)
        XCTAssertLessThan(manualVsNumeric, 1e-10)
        XCTAssertGreaterThan(absolute / estimate, 0.1)
        XCTAssertLessThan(absolute / estimate, 10)
        // Its note says no ReLU input lies within h of zero, the premise of "no truncation error".
        XCTAssertTrue(try XCTUnwrap(record.step("table")).notes.contains { $0.hasPrefix("No ReLU input lies within h") })
        XCTAssertEqual(record.step("table")?.checks.first?.rows.map(\.kinks), [0, 0, 0, 0])
    }

    func testWrongBackwardDiffersOnlyInTheNonZeroBiasGradients() throws {
        let (right, wrong, l1Grad, l3Grad) = try gradients()
        // Weights: bit for bit the right ones.
        XCTAssertEqual(wrong["w1"], right["w1"])
        XCTAssertEqual(wrong["w2"], right["w2"])
        // Biases: the column means of the incoming gradient, summed here by a plain loop.
        for (name, incoming) in [("b1", l1Grad), ("b2", l3Grad)] {
            let (rows, columns) = (incoming.shape[0], incoming.shape[1])
            for j in 0..<columns {
                var sum = 0.0
                for n in 0..<rows { sum += incoming.scalars[n * columns + j] }
                XCTAssertEqual(right[name]![j], sum, accuracy: 1e-14, "\(name)[\(j)]")
                XCTAssertEqual(wrong[name]![j], sum / 25, accuracy: 1e-15, "\(name)[\(j)]")
                XCTAssertEqual(wrong[name]![j] != right[name]![j], right[name]![j] != 0, "\(name)[\(j)] differs exactly where the right gradient is not zero")
            }
        }
    }

    func testWrongBackwardIsCaughtInTheBiasRowsOnly() throws {
        let record = try runLesson("autograd-check")
        XCTAssertEqual(record.steps.map(\.id), ["autograd", "tape", "twice", "numeric", "table", "wrong-backward"])
        let step = try XCTUnwrap(record.step("wrong-backward"))
        XCTAssertEqual(step.code, [CodeReference("Sources/Lessons/Core/AutogradCheck.swift", "code:wrong-backward")])
        let table = try XCTUnwrap(step.checks.first)
        XCTAssertEqual(table.rows.map(\.parameter), ["w1", "b1", "w2", "b2"])
        XCTAssertEqual(table.rows.map(\.passed), [true, false, true, false])
        let (right, wrong, _, _) = try gradients()
        XCTAssertEqual(try values(record, "b1.grad (wrong)"), wrong["b1"])
        XCTAssertEqual(try values(record, "b2.grad (wrong)"), wrong["b2"])
        let names = ["w1", "b1", "w2", "b2"]
        let vsAutograd = try names.map { largestRelative(wrong[$0]!, try values(record, "\($0).grad (autograd)")) }.max()!
        let vsNumeric = try names.map { largestRelative(wrong[$0]!, try values(record, "\($0).grad (numeric)")) }.max()!
        XCTAssertEqual(try scalar(record, "wrong-backward", "largest relative difference vs autograd"), vsAutograd)
        XCTAssertEqual(try scalar(record, "wrong-backward", "largest relative difference vs numeric"), vsNumeric)
        // 1 - 1/N with N = 25 students, as the prose derives.
        XCTAssertEqual(vsAutograd, 0.96, accuracy: 1e-14)
        XCTAssertEqual(vsNumeric, 0.96, accuracy: 1e-9)
        let differing = names.map { zip(wrong[$0]!, right[$0]!).filter { $0 != $1 }.count }.reduce(0, +)
        let nonZeroBias = (right["b1"]! + right["b2"]!).filter { $0 != 0 }.count
        XCTAssertEqual(differing, nonZeroBias)
        XCTAssertEqual(try scalar(record, "wrong-backward", "elements differing from the right gradients"), Double(differing))
        XCTAssertEqual(try scalar(record, "wrong-backward", "parameters failing"), 2)
        XCTAssertEqual(step.notes.first?.hasPrefix("Failing: b1, b2; passing: w1, w2."), true, step.notes.first ?? "")
    }
}
