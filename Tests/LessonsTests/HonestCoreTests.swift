import XCTest
import NeuralNet
import Tensor
import LessonRecords
@testable import Lessons

/// The numbers issue 16 added to the core lessons, each against an independent computation:
/// the worked elements, what the backward diagrams show, the baselines, the dead units and the
/// spread over seeds.
final class HonestCoreTests: XCTestCase {
    private func scalar(_ record: LessonRecord, _ step: String, _ name: String) throws -> Double {
        try XCTUnwrap(record.step(step)?.scalars.first { $0.name == name }?.value, "\(step): \(name)")
    }

    private func tensor(_ record: LessonRecord, _ name: String) throws -> Tensor {
        let t = try XCTUnwrap(record.tensor(name), name)
        return try Tensor(shape: t.shape, scalars: try XCTUnwrap(t.values, name))
    }

    func testWorkedElementsAreTheRecordedGradientsWithPlainSums() throws {
        for seed: UInt64 in [42, 7] {
            let record = try runLesson("manual-backward", seed: seed)
            let j = Int(try scalar(record, "lin2-grad", "worked unit"))
            let i = Int(try scalar(record, "lin2-grad", "worked student"))
            let l1 = try tensor(record, "l1"), l2 = try tensor(record, "l2"), x = try tensor(record, "x")
            let l3g = try tensor(record, "l3.grad"), l1g = try tensor(record, "l1.grad")
            // the worked element is live, as the prose says
            XCTAssertGreaterThan(l1[i, j], 0, "seed \(seed)")
            // plain sums in a different order agree to rounding; the recorded totals are exact
            let w2 = (0..<25).reversed().reduce(0.0) { $0 + l2[$1, j] * l3g[$1, 0] }
            XCTAssertEqual(try scalar(record, "lin2-grad", "w2.grad worked"), w2, accuracy: 1e-12)
            XCTAssertEqual(try scalar(record, "lin2-grad", "w2.grad worked"), try tensor(record, "w2.grad")[j, 0])
            let w1 = (0..<25).reduce(0.0) { $0 + x[$1, 0] * l1g[$1, j] }
            XCTAssertEqual(try scalar(record, "lin1-grad", "w1.grad worked"), w1, accuracy: 1e-12)
            let b1 = (0..<25).reduce(0.0) { $0 + l1g[$1, j] }
            XCTAssertEqual(try scalar(record, "lin1-grad", "b1.grad worked"), b1, accuracy: 1e-12)
            for (step, key) in [("lin2-grad", "w2.grad"), ("lin2-grad", "b2.grad"), ("lin2-grad", "l2.grad"),
                                ("lin1-grad", "w1.grad"), ("lin1-grad", "b1.grad"), ("lin1-grad", "x.grad")] {
                XCTAssertEqual(try scalar(record, step, "\(key) worked difference"), 0, "\(key) seed \(seed)")
            }
            // the loss gradient by hand
            let y = try tensor(record, "y"), l3 = try tensor(record, "l3")
            XCTAssertEqual(try scalar(record, "mse-grad", "l3.grad[i] by hand"), 2 * (l3[i, 0] - y[i]) / 25, accuracy: 1e-15)
        }
    }

    func testBackwardDiagramsShowOnlyWhatHasBeenComputedByName() throws {
        let record = try runLesson("manual-backward")
        var known = [String: Tensor]()
        let order = ["mse-grad", "lin2-grad", "relu-grad", "lin1-grad"]
        for id in order {
            let step = try XCTUnwrap(record.step(id))
            for t in step.tensors { known[t.name] = try Tensor(shape: t.shape, scalars: t.values!) }
            let state = try XCTUnwrap(step.networks.first)
            for layer in state.layers {
                guard let values = layer.values else {
                    XCTAssertNil(known["\(layer.name).grad"], "\(id): \(layer.name) is blank although its gradient is known")
                    continue
                }
                let t = try XCTUnwrap(known["\(layer.name).grad"], "\(id): \(layer.name).grad shown before it is computed")
                let row = Array(t.scalars[(state.sample * t.shape[1])..<((state.sample + 1) * t.shape[1])])
                XCTAssertEqual(values, row, "\(id): \(layer.name)")
            }
            let w1Shown = state.layers[1].weightGradients, w2Shown = state.layers[2].weightGradients
            XCTAssertEqual(w1Shown, known["w1.grad"]?.scalars, "\(id): w1.grad")
            XCTAssertEqual(w2Shown, known["w2.grad"]?.scalars, "\(id): w2.grad")
        }
        // the hidden column is l2.grad after the second layer, l1.grad after the ReLU
        XCTAssertEqual(record.step("lin2-grad")?.networks.first?.layers[1].name, "l2")
        XCTAssertEqual(record.step("relu-grad")?.networks.first?.layers[1].name, "l1")
        XCTAssertNil(record.step("relu-grad")?.networks.first?.layers[0].values, "x.grad is not known before lin1-grad")
    }

    func testBaselinesAreTheVarianceAndTheNormalEquationsSolution() throws {
        let data = try ExamData(try quickConfiguration())
        let baselines = ExamBaselines(x: data.x, y: data.y)
        let mean = data.y.mean()
        XCTAssertEqual(baselines.meanPredictor, (data.y - mean).squared().mean(), accuracy: 1e-15)
        // least squares: the residual is orthogonal to every column of [x, 1] ...
        let b = baselines.coefficients
        let residual = (0..<25).map { i in b[0] * data.x[i, 0] + b[1] * data.x[i, 1] + b[2] * data.x[i, 2] + b[3] - data.y[i] }
        for k in 0..<4 {
            let dot = (0..<25).reduce(0.0) { $0 + residual[$1] * (k < 3 ? data.x[$1, k] : 1) }
            XCTAssertEqual(dot, 0, accuracy: 1e-12, "column \(k)")
        }
        // ... so moving any coefficient makes the fit worse
        for k in 0..<4 {
            for delta in [-1e-3, 1e-3] {
                var moved = b
                moved[k] += delta
                var loss = 0.0
                for i in 0..<25 {
                    let p: Double = moved[0] * data.x[i, 0] + moved[1] * data.x[i, 1] + moved[2] * data.x[i, 2] + moved[3]
                    let d: Double = p - data.y[i]
                    loss += d * d / 25
                }
                XCTAssertGreaterThan(loss, baselines.leastSquares)
            }
        }
        XCTAssertLessThan(baselines.leastSquares, baselines.meanPredictor)
    }

    /// Every core card that shows a loss shows the mean predictor's beside it: the variance of y.
    func testCoreHeadlineLossesStandBesideThePredictingTheMeanLoss() throws {
        let y = try ExamData(try quickConfiguration()).y.scalars
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(y.count)
        for id in ["forward", "manual-backward", "sgd-step"] {
            let headline = try XCTUnwrap(try runLesson(id).headline, id)
            XCTAssertEqual(headline.comparison?.label, "predicting the mean", id)
            XCTAssertEqual(try XCTUnwrap(headline.comparison?.value, id), variance, accuracy: 1e-15, id)
        }
        let sgd = try runLesson("sgd-step")
        let losses = try XCTUnwrap(sgd.step("train")?.charts.first?.series.first?.y)
        XCTAssertEqual(sgd.headline?.value, losses.last)
        XCTAssertEqual(sgd.headline?.label, "loss at epoch 30 of full-batch descent (before that epoch's update)")
        // The scrubber's last frame is after the 30th update, one update further than the curve's epoch 30.
        let frames = try XCTUnwrap(sgd.step("watch")?.scrubber)
        XCTAssertEqual(frames.label, "after update")
        XCTAssertEqual(frames.frames[29].loss, losses.last)
    }

    func testDeadUnitsAreOffForEveryStudentAndNeverMove() throws {
        for seed: UInt64 in [42, 7] {
            let record = try runLesson("sgd-step", seed: seed)
            let net = ExamNetwork(seed: seed)
            let data = try ExamData(try quickConfiguration(seed: seed))
            let l1 = try net.forward(data.x, data.y).l1
            let dead = (0..<5).filter { j in (0..<25).allSatisfy { l1[$0, j] <= 0 } }
            XCTAssertEqual(try scalar(record, "dead-units", "dead units at the start"), Double(dead.count), "seed \(seed)")
            let trained = try XCTUnwrap(record.step("train")?.tensors.first { $0.name == "w1 (epoch 30)" }?.values)
            for j in dead {
                XCTAssertEqual((0..<3).map { trained[$0 * 5 + j] }, (0..<3).map { net.w1[$0, j] }, "dead unit \(j) moved")
            }
        }
    }

    func testTheSpreadOverSeedsCountsWhatItSays() throws {
        let record = try runLesson("sgd-step")
        let seeds = Int(try scalar(record, "seeds", "seeds"))
        XCTAssertGreaterThanOrEqual(seeds, 20)
        let data = try ExamData(try quickConfiguration())
        var finals = [Double]()
        for seed in 0..<seeds {
            var net = ExamNetwork(seed: UInt64(seed))
            var loss = 0.0
            for _ in 0..<30 {
                let f = try net.forward(data.x, data.y)
                loss = f.loss
                try net.step(try net.backward(data.x, data.y, f), learningRate: 0.01)
            }
            finals.append(loss)
        }
        let sorted = finals.sorted()
        XCTAssertEqual(try scalar(record, "seeds", "median (divided)"), (sorted[seeds / 2 - 1] + sorted[seeds / 2]) / 2)
        let mean = try scalar(record, "train", "predict the mean")
        XCTAssertEqual(try scalar(record, "seeds", "share worse than the mean (divided)"),
                       Double(finals.filter { $0 > mean }.count) / Double(seeds))
        XCTAssertEqual(try scalar(record, "seeds", "this seed's loss"), try scalar(record, "train", "final loss"))
    }
}
