import XCTest
import Autograd
import NeuralNet
import Tensor
@testable import Lessons

/// The numbers the autograd-check prose quotes, recomputed here from the recorded tensors and
/// from the network itself.
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

    /// The correct gradients of the seeded network, computed afresh.
    private func gradients() throws -> [String: [Double]] {
        let data = try ExamData(try quickConfiguration())
        let net = ExamNetwork(seed: LessonConfiguration.defaultSeed)
        let g = try net.backward(data.x, data.y, try net.forward(data.x, data.y))
        return ["w1": g.w1.scalars, "b1": g.b1.scalars, "w2": g.w2.scalars, "b2": g.b2.scalars]
    }

    func testTableRecordsTheDifferencesTheProseQuotes() throws {
        let record = try runLesson("autograd-check")
        let right = try gradients()
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
}
