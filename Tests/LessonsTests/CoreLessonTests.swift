import XCTest
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The records hold what the issue promises, with real values.
final class CoreLessonTests: XCTestCase {
    func testManualBackwardRecordsEveryTensorInFull() throws {
        let record = try runLesson("manual-backward")
        let expected = ["x": [25, 3], "y": [25], "w1": [3, 5], "b1": [5], "w2": [5, 1], "b2": [1],
                        "l1": [25, 5], "l2": [25, 5], "l3": [25, 1], "loss": [],
                        "w1.grad": [3, 5], "b1.grad": [5], "w2.grad": [5, 1], "b2.grad": [1]]
        for (name, shape) in expected {
            let t = try XCTUnwrap(record.tensor(name), name)
            XCTAssertEqual(t.shape, shape, name)
            XCTAssertEqual(t.values?.count, shape.reduce(1, *), name)
        }
        // The first student scored 73, 80, 75 and 152.
        XCTAssertEqual(record.tensor("x")?.values?.prefix(3).map { $0 }, [0.73, 0.8, 0.75])
        XCTAssertEqual(record.tensor("y")?.values?.first, 0.76)
        // The recorded gradient is what the gradient functions give for the recorded weights.
        let w2 = try Tensor(shape: [5, 1], scalars: record.tensor("w2")!.values!)
        let l2 = try Tensor(shape: [25, 5], scalars: record.tensor("l2")!.values!)
        let l3g = try Tensor(shape: [25, 1], scalars: record.tensor("l3.grad")!.values!)
        let (_, w2g, b2g) = try linGrad(l2, w2, l3g)
        XCTAssertEqual(w2g.scalars, record.tensor("w2.grad")!.values!)
        XCTAssertEqual(b2g.scalars, record.tensor("b2.grad")!.values!)
    }

    func testSGDStepMovesEachParameterByMinusLearningRateTimesGradient() throws {
        let record = try runLesson("sgd-step")
        let update = try XCTUnwrap(record.step("update"))
        XCTAssertEqual(update.scalars.first { $0.name == "lr" }?.value, 0.01)
        for name in ["w1", "b1", "w2", "b2"] {
            let before = try XCTUnwrap(record.step("before")?.tensors.first { $0.name == name }?.values)
            let grad = try XCTUnwrap(record.step("gradient")?.tensors.first { $0.name == "\(name).grad" }?.values)
            let after = try XCTUnwrap(update.tensors.first { $0.name == "\(name) after" }?.values)
            XCTAssertEqual(after, zip(before, grad).map { $0 - 0.01 * $1 }, name)
        }
        let loss = try XCTUnwrap(record.step("train")?.charts.first?.series.first)
        XCTAssertEqual(loss.name, "loss")
        XCTAssertEqual(loss.y.count, 30)
        XCTAssertLessThan(loss.y.last!, loss.y.first! / 10)
        let after = record.step("after")!.scalars
        XCTAssertLessThan(after.first { $0.name == "loss after" }!.value, after.first { $0.name == "loss before" }!.value)
    }

    func testRefactorGivesIdenticalNumbersAndCatchesTheShapeMistake() throws {
        let record = try runLesson("refactor")
        let table = try XCTUnwrap(record.step("same-gradients")?.tables.first)
        XCTAssertEqual(table.rows.map { $0[2] }, ["yes", "yes", "yes", "yes"])
        let series = try XCTUnwrap(record.step("same-training")?.charts.first?.series)
        XCTAssertEqual(series[0].y, series[1].y)
        XCTAssertEqual(record.headline?.value, 30)
        XCTAssertEqual(record.headline?.label, "epochs (of 30) where the modules' loss equals the functions' bit for bit")
        let error = try XCTUnwrap(record.step("shape-mistake")?.errors.first)
        XCTAssertTrue(error.message.contains("(1x1)") && error.message.contains("(25)"), error.message)
    }

    func testAutogradCheckHasThreeWayDifferencesPerParameter() throws {
        let record = try runLesson("autograd-check")
        let table = try XCTUnwrap(record.step("table")?.checks.first)
        XCTAssertEqual(table.rows.map(\.parameter), ["w1", "b1", "w2", "b2"])
        for row in table.rows {
            XCTAssertTrue(row.passed, row.parameter)
            XCTAssertLessThanOrEqual(row.manualVsAutogradRel, 1e-12, row.parameter)
            XCTAssertLessThanOrEqual(row.manualVsNumericRel, 1e-6, row.parameter)
            XCTAssertGreaterThan(row.manualVsNumericAbs, 0, "finite differences are never exact")
        }
    }

    func testForwardShowsBothInitialisations() throws {
        let record = try runLesson("forward")
        let s = try XCTUnwrap(record.step("kaiming")).scalars
        let divided = s.first { $0.name == "first loss (divided)" }!.value
        let kaiming = s.first { $0.name == "first loss (Kaiming)" }!.value
        XCTAssertGreaterThan(divided, kaiming)
        XCTAssertEqual(record.headline?.value, divided)
        // The card reads the first loss against predicting the mean of y, computed here afresh.
        let targets = try quickConfiguration().data.exams().target.scalars
        let mean = targets.reduce(0, +) / Double(targets.count)
        let variance = targets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(targets.count)
        let comparison = try XCTUnwrap(record.headline?.comparison)
        XCTAssertEqual(comparison.label, "predicting the mean")
        XCTAssertEqual(comparison.value, variance, accuracy: 1e-15)
        XCTAssertEqual(comparison.value, 0.01387, accuracy: 5e-6, "the reference point measured outside the project")
    }

    func testSameSeedSameBytesOtherSeedOtherNumbers() throws {
        for id in ["manual-backward", "pitfalls"] {
            let a = try RecordJSON.encode(try runLesson(id))
            let b = try RecordJSON.encode(try runLesson(id))
            XCTAssertEqual(a, b, id)
            let c = try RecordJSON.encode(try runLesson(id, seed: 7))
            XCTAssertNotEqual(a, c, id)
        }
    }
}
