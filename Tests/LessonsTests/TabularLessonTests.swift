import Foundation
import XCTest
import Datasets
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The synthetic and Boston lessons record what the issue promises, with real values.
final class TabularLessonTests: XCTestCase {
    /// Each lesson runs once (quick profile) for all the tests that read it.
    private static let records: [String: Result<LessonRecord, any Error>] = Dictionary(
        uniqueKeysWithValues: ["synthetic-sgd", "boston-dropout"].map { id in (id, Result { try runLesson(id) }) })

    private func record(_ id: String) throws -> LessonRecord {
        try XCTUnwrap(Self.records[id]).get()
    }

    private func scalar(_ step: StepRecord?, _ name: String) throws -> Double {
        try XCTUnwrap(step?.scalars.first { $0.name == name }?.value, name)
    }

    private func matrix(_ record: LessonRecord, _ step: String, _ name: String) throws -> Tensor {
        let t = try XCTUnwrap(record.step(step)?.tensors.first { $0.name == name }, name)
        return try Tensor(shape: t.shape, scalars: try XCTUnwrap(t.values, name))
    }

    // MARK: synthetic-sgd

    func testSyntheticHandWalkHasTheTutorialsShapesAndMatchesBackward() throws {
        let record = try record("synthetic-sgd")
        let shapes: [String: [Int]] = ["d": [32, 1], "dx_1": [32, 3], "w4.grad": [3, 1], "b4.grad": [1],
                                       "dx_2": [32, 7], "w3.grad": [7, 3], "b3.grad": [3]]
        for (name, shape) in shapes {
            XCTAssertEqual(record.tensor(name)?.shape, shape, name)
        }
        // The walk has numbers to show: not all zero.
        XCTAssertGreaterThan(record.tensor("w4.grad")!.values!.map(abs).max()!, 0)
        XCTAssertFalse(record.step("last-layer")!.shapeEquations.isEmpty)
        // w4.grad = a3.T @ d / 32, recomputed from the recorded tensors.
        let a3 = try matrix(record, "forward", "a3")
        let d = try matrix(record, "last-layer", "d")
        let dw4 = try Tensor.matmul(a3, d, transposeA: true) / 32
        let recorded = record.tensor("w4.grad")!.values!
        // With a dead output the walk uses the same weights without the output ReLU, so `a3` is shared.
        for (a, b) in zip(dw4.scalars, recorded) { XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b))) }
        let optimizer = try XCTUnwrap(record.step("optimizer"))
        XCTAssertLessThan(try scalar(optimizer, "largest gradient difference"), 1e-9)
        XCTAssertLessThan(try scalar(optimizer, "largest weight difference after the step"), 1e-9)
        XCTAssertEqual(optimizer.tables.first?.rows.count, 4)
    }

    /// The update diagram of the hand walk shows the biases after SGD.step: b - lr * the hand-walked gradient.
    func testSyntheticUpdateDiagramShowsTheBiasesAfterTheStep() throws {
        let record = try record("synthetic-sgd")
        let step = try XCTUnwrap(record.step("optimizer"))
        let state = try XCTUnwrap(step.networks.first)
        let lr = try scalar(step, "lr")
        for (index, name) in [(3, "b3"), (4, "b4")] {
            let layer = state.layers[index]
            let before = try XCTUnwrap(layer.bias, name)
            let gradient = try XCTUnwrap(record.tensor("\(name).grad")?.values, name)
            let after = try XCTUnwrap(layer.biasAfter, name)
            XCTAssertEqual(after, try XCTUnwrap(record.tensor("\(name) after")?.values), name)
            for (k, value) in after.enumerated() {
                XCTAssertEqual(value, before[k] - lr * gradient[k], accuracy: 1e-12, "\(name)[\(k)]")
            }
        }
    }

    func testSyntheticAsWrittenFailureIsDetectedAndNamed() throws {
        let record = try record("synthetic-sgd")
        let written = try XCTUnwrap(record.step("as-written"))
        let zeroLoss = try scalar(record.step("data"), "loss predicting 0 everywhere")
        let meanLoss = try scalar(record.step("data"), "loss predicting the mean everywhere")
        // The ReLU output dies: the run says at which step and ends at sum(Y^2)/2N.
        let dead = try scalar(written, "output dead from step")
        XCTAssertGreaterThanOrEqual(dead, 0)
        XCTAssertTrue(written.notes.contains { $0.hasPrefix("Dead output unit") }, "\(written.notes)")
        XCTAssertEqual(try scalar(written, "final full-data loss"), zeroLoss, accuracy: 1e-9 * zeroLoss)
        XCTAssertEqual(zeroLoss, 4568, accuracy: 150)
        XCTAssertEqual(written.charts.first?.series.first?.name, "train_loss")

        // Without the output ReLU: the loss explodes at a named step, through a named tensor,
        // and the network ends up predicting the mean.
        let linear = try XCTUnwrap(record.step("linear-output"))
        let explodedAt = try scalar(linear, "batch loss > 1e6 at step")
        XCTAssertGreaterThanOrEqual(explodedAt, 1)
        let table = try XCTUnwrap(linear.tables.first { $0.name == "exploding" })
        XCTAssertTrue(table.rows.contains { $0[0] == "w1.grad" })
        let note = try XCTUnwrap(linear.notes.first { $0.hasPrefix("Exploding loss") })
        XCTAssertTrue(note.contains("step \(Int(explodedAt))") && note.contains(".grad"), note)
        XCTAssertEqual(try scalar(linear, "final full-data loss"), meanLoss, accuracy: 0.05 * meanLoss)
        XCTAssertLessThan(try scalar(linear, "prediction spread (std)"), 1e-6)
        XCTAssertEqual(meanLoss, 158, accuracy: 10)
    }

    func testSyntheticStandardisedRunFitsFarBetter() throws {
        let record = try record("synthetic-sgd")
        let fixed = try XCTUnwrap(record.step("standardised"))
        let writtenLoss = try scalar(record.step("as-written"), "final full-data loss")
        let linearLoss = try scalar(record.step("linear-output"), "final full-data loss")
        let fixedLoss = try scalar(fixed, "final full-data loss")
        let heldOut = try scalar(fixed, "held-out loss")
        XCTAssertLessThan(fixedLoss, writtenLoss / 1000)
        XCTAssertLessThan(fixedLoss, linearLoss / 100)
        XCTAssertTrue(heldOut.isFinite)
        XCTAssertLessThan(heldOut, 1)
        let chart = try XCTUnwrap(fixed.charts.first)
        XCTAssertEqual(chart.series.map(\.name), ["train_loss", "val_loss"])
        XCTAssertEqual(chart.series[0].x.count, chart.series[1].y.count)
        XCTAssertLessThan(chart.series[0].y.last!, chart.series[0].y.first! / 100)
        XCTAssertEqual(record.headline?.value, heldOut)
        // Predicting the mean costs half the targets' variance: for f = (x+4)^3 + 4y + noise with
        // x, y uniform on [0, 1), Var = E[u^6] - E[u^3]^2 over u in [4, 5), + 16/12 + 0.01.
        let mean3: Double = (625.0 - 256.0) / 4            // (5^4 - 4^4) / 4
        let mean6: Double = (78_125.0 - 16_384.0) / 7      // (5^7 - 4^7) / 7
        let variance: Double = mean6 - mean3 * mean3 + 16.0 / 12 + 0.01
        let halfVariance = 0.5 * variance
        let comparison = try XCTUnwrap(record.headline?.comparison)
        XCTAssertEqual(comparison.label, "predicting the training mean")
        XCTAssertEqual(comparison.value, halfVariance, accuracy: 0.1 * halfVariance)
        XCTAssertLessThan(heldOut, comparison.value / 100, "the run that fits is far better than the mean")
        let summary = try XCTUnwrap(record.step("fit")?.tables.first)
        XCTAssertEqual(summary.rows.last?.last, "fits")
    }

    func testSyntheticCatchesANonFiniteRunAsACaughtError() throws {
        // A run that must overflow: a linear model (no ReLU to die) on the raw targets with a huge step.
        var g = Xoshiro256StarStar(seed: 1)
        let net = syntheticNet([2, 1], lastReLU: false, using: &g)
        var dataGenerator = Xoshiro256StarStar(seed: 2)
        let data = Datasets.SyntheticRegression(count: 200, using: &dataGenerator)
        let run = try runSynthetic(net: net, x: data.inputs, y: data.targets, yTrue: data.targets,
                                   learningRate: 1e3, steps: 500, batchSize: 32,
                                   batchGenerator: Xoshiro256StarStar(seed: 3), checkpointEvery: 10,
                                   watchDeadOutput: false) { _, _ in }
        guard case let .nonFinite(step, _, tensor, _)? = run.failure else {
            return XCTFail("expected a non-finite stop, got \(String(describing: run.failure))")
        }
        XCTAssertEqual(run.stepsRun, step)
        XCTAssertFalse(tensor.isEmpty)
        var s = StepRecord(id: "x", title: "x")
        s.errors.append(CaughtError(code: "trainer.step", message: "\(run.failure!)"))
        XCTAssertTrue(s.errors[0].message.contains("training stopped at step \(step)"), s.errors[0].message)
    }

    // MARK: boston-dropout

    func testBostonDimensionTable() throws {
        let record = try record("boston-dropout")
        let table = try XCTUnwrap(record.step("dimensions")?.tables.first)
        XCTAssertEqual(table.rows.map { $0[0] }, ["X0", "W1", "Z1", "X1", "W2", "y", "t"])
        XCTAssertEqual(table.rows.map { $0[1] }, ["(N, D)", "(D, n_h)", "(N, n_h)", "(N, n_h)", "(n_h, 1)", "(N, 1)", "(N, 1)"])
        XCTAssertEqual(table.rows.map { $0[2] }, ["(506, 3)", "(3, 4)", "(506, 4)", "(506, 4)", "(4, 1)", "(506, 1)", "(506, 1)"])
        XCTAssertEqual(record.tensor("X0")?.shape, [506, 3])
        XCTAssertEqual(record.tensor("t")?.shape, [506, 1])
        XCTAssertEqual(record.tensor("X0")?.columnLabels, ["CRIM", "TAX", "PTRATIO"])
        // Each feature divided by its maximum: every column's largest value is 1.
        let x0 = record.tensor("X0")!.values!
        for c in 0..<3 { XCTAssertEqual(stride(from: c, to: x0.count, by: 3).map { x0[$0] }.max(), 1) }
        let w1 = record.tensor("W1")!.values!
        XCTAssertTrue(w1.allSatisfy { $0 >= -1 && $0 < 1 })
    }

    func testBostonGraphGradientsEqualTheManualOnes() throws {
        let record = try record("boston-dropout")
        let step = try XCTUnwrap(record.step("backward"))
        let graph = try XCTUnwrap(step.graphs.first)
        XCTAssertEqual(Set(graph.nodes.map(\.id)), ["X0", "W1", "Z1", "X1", "W2", "y", "t", "L"])
        let byName = ["X0": "X0.grad", "W1": "W1.grad", "Z1": "Z1.grad", "X1": "X1.grad", "W2": "W2.grad", "y": "y.grad"]
        for node in graph.nodes where byName[node.id] != nil {
            XCTAssertEqual(node.gradientName, "d" + node.id)
            XCTAssertEqual(node.gradient, record.tensor(byName[node.id]!)?.values?.first, node.id)
        }
        // The recorded gradients are the tutorial's formulas on the recorded tensors.
        let x0 = try matrix(record, "data", "X0"), t = try matrix(record, "data", "t")
        let w1 = try matrix(record, "forward", "W1"), w2 = try matrix(record, "forward", "W2")
        let z1 = try x0.matmul(w1)
        let x1 = relu(z1)
        let dy = try x1.matmul(w2) - t
        let dZ1 = try Tensor.matmul(dy, w2, transposeB: true) * (z1 > 0)
        XCTAssertEqual(try Tensor.matmul(x1, dy, transposeA: true).scalars, record.tensor("W2.grad")!.values!)
        XCTAssertEqual(try Tensor.matmul(x0, dZ1, transposeA: true).scalars, record.tensor("W1.grad")!.values!)
        // And the modules agree exactly.
        let check = try XCTUnwrap(step.tables.first)
        XCTAssertEqual(check.rows.map { $0[3] }, ["0", "0", "0", "0", "0"])
        let error = try scalar(record.step("forward"), "error")
        XCTAssertEqual(graph.nodes.first { $0.id == "L" }?.value, error)
        XCTAssertEqual(error, 0.5 * dy.squared().sum(), accuracy: 1e-9 * error)
    }

    func testBostonDropoutCurvesAndHeldOutError() throws {
        let record = try record("boston-dropout")
        let iterations = 200   // the quick profile
        let weight = try XCTUnwrap(record.step("weight-dropout"))
        XCTAssertEqual(try scalar(weight, "W1 weights dropped per pass"), 2)
        XCTAssertEqual(try scalar(weight, "W2 weights dropped per pass"), 0)
        XCTAssertEqual(record.tensor("W1 (first pass, dropped)")?.values?.filter { $0 == 0 }.count, 2)
        for chart in weight.charts + record.step("inverted-dropout")!.charts {
            XCTAssertEqual(chart.series.map(\.name), ["train_loss"], chart.name)
            XCTAssertEqual(chart.series[0].y.count, iterations, chart.name)
            XCTAssertLessThan(chart.series[0].y.last!, chart.series[0].y.first!, chart.name)
        }
        XCTAssertEqual(try scalar(record.step("inverted-dropout"), "scale of the survivors"), 1.25)

        let heldOut = try XCTUnwrap(record.step("held-out"))
        XCTAssertEqual(try scalar(heldOut, "training suburbs"), 404)
        XCTAssertEqual(try scalar(heldOut, "test suburbs"), 102)
        XCTAssertEqual(heldOut.charts.count, 3)
        for chart in heldOut.charts {
            XCTAssertEqual(chart.series.map(\.name), ["train_loss", "val_loss"], chart.name)
            XCTAssertEqual(chart.series.map(\.y.count), [iterations, iterations], chart.name)
        }
        for variant in ["no dropout", "weight dropout (as written)", "inverted dropout"] {
            let mse = try scalar(heldOut, "test MSE, \(variant)")
            XCTAssertTrue(mse.isFinite && mse > 0, variant)
        }
        let table = try XCTUnwrap(heldOut.tables.first)
        XCTAssertEqual(table.rows.count, 4)
        XCTAssertEqual(record.headline?.value, try scalar(heldOut, "test RMSE, inverted dropout"))
        // Its baseline, recomputed from the data file: the RMSE on the test rows of predicting the
        // mean MEDV of the other rows.
        let medv = try quickConfiguration().data.boston().target.scalars
        let testRows = Set(record.tensor("test rows")!.values!.map { Int($0) })
        let trainValues = medv.indices.filter { !testRows.contains($0) }.map { medv[$0] }
        let trainMean = trainValues.reduce(0, +) / Double(trainValues.count)
        let squares = testRows.sorted().map { (medv[$0] - trainMean) * (medv[$0] - trainMean) }
        let rmse = (squares.reduce(0, +) / Double(squares.count)).squareRoot()
        XCTAssertEqual(try XCTUnwrap(record.headline?.comparison).value, rmse, accuracy: 1e-9)
        // The test rows are disjoint from nothing but themselves: 102 distinct suburbs.
        XCTAssertEqual(Set(record.tensor("test rows")!.values!).count, 102)
    }

    func testTabularLessonsAreInTheCatalogWithTheirNumbers() {
        XCTAssertEqual(Catalog.lesson("synthetic-sgd")?.number, 8)
        XCTAssertEqual(Catalog.lesson("boston-dropout")?.number, 11)
        XCTAssertEqual(Catalog.lesson("synthetic-sgd")?.proseFileName, "08-synthetic-sgd.md")
        XCTAssertEqual(Catalog.lesson("boston-dropout")?.proseFileName, "11-boston-dropout.md")
    }
}
