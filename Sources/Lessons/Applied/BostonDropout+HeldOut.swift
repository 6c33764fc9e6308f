import NeuralNet
import Tensor
import LessonRecords

/// The held-out split the tutorial suggests for `boston-dropout`: 80% of the suburbs to train
/// on, 20% never seen in training, and each network's test error.
extension BostonDropoutLesson {
    /// One network trained on the training rows: its curves and final training and test MSE.
    typealias HeldOutResult = (variant: BostonWeights.Variant, curves: BostonCurves, trainMSE: Double, testMSE: Double)

    func recordHeldOut() throws -> [HeldOutResult] {
        var splitGenerator = Xoshiro256StarStar(seed: r.seed &+ 3)
        let order = splitGenerator.permutation(n)
        let trainCount = n * 4 / 5
        let trainRows = Array(order[0..<trainCount]), testRows = Array(order[trainCount...])
        let (xTrain, tTrain) = (x0.rows(trainRows), t.rows(trainRows))
        let (xTest, tTest) = (x0.rows(testRows), t.rows(testRows))
        var results: [HeldOutResult] = []
        for variant in BostonWeights.Variant.allCases {
            let model = weights.model(variant, probability: p, seed: r.seed &+ 1)
            do {
                let curves = try trainBoston(model, x: xTrain, t: tTrain, learningRate: alpha, iterations: iterations,
                                             validation: (xTest, tTest), perRow: true) { i, l in
                    r.progress(ProgressEvent(lesson: Self.id, phase: "held-out, \(variant.rawValue)", epoch: i, epochs: iterations, loss: l))
                }
                let trainMSE = try meanSquaredError(model, xTrain, tTrain)
                results.append((variant, curves, trainMSE, curves.val.last!))
            } catch { throw stop("held-out", error) }
        }
        let meanPredictor = (tTest - tTrain.mean()).squared().mean()

        try r.step("held-out") { s in
            s.tensor("test rows", Tensor(testRows.map(Double.init)), role: .other)
            s.scalar("training suburbs", Double(trainCount))
            s.scalar("test suburbs", Double(n - trainCount))
            s.scalar("test MSE of predicting the training mean", meanPredictor)
            for (variant, curves, _, testMSE) in results {
                s.chart(ChartRecord(name: "held-out-\(variant)", title: "\(variant.rawValue): \(trainCount) training suburbs, \(n - trainCount) held out",
                                    xLabel: "iteration", yLabel: "mean squared error ($1000s^2)",
                                    series: [.init(name: "train_loss", x: xAxis, y: curves.train),
                                             .init(name: "val_loss", x: xAxis, y: curves.val)]))
                s.scalar("test MSE, \(variant.rawValue)", testMSE)
                s.scalar("test RMSE, \(variant.rawValue)", testMSE.squareRoot())
            }
            s.tables.append(TableRecord(
                name: "test-error", title: "After \(iterations) iterations (errors in $1000s; dropout off when measuring)",
                header: ["network", "training MSE", "test MSE", "test RMSE"],
                rows: results.map { [$0.variant.rawValue, fmt($0.trainMSE, 5), fmt($0.testMSE, 5), fmt($0.testMSE.squareRoot(), 4)] }
                    + [["predict the training mean", "-", fmt(meanPredictor, 5), fmt(meanPredictor.squareRoot(), 4)]]))
            s.shapes("train: X0 rows (\(trainCount)x3), t (\(trainCount)x1); test: (\(n - trainCount)x3), (\(n - trainCount)x1)")
            if results.allSatisfy({ $0.testMSE > meanPredictor }) {
                s.note("None of the three beats always predicting the training mean. With step size 1e-6 and \(iterations) iterations the network is still underfit: its training error is no better than its test error. Dropout is a remedy for overfitting, so here it has nothing to fix and only adds noise to the steps.")
            }
            let best = results.min { $0.testMSE < $1.testMSE }!
            s.note("A seeded 80/20 split: \(trainCount) suburbs to train on, \(n - trainCount) held out. After \(iterations) iterations the test RMSE is \(results.map { "\(fmt($0.testMSE.squareRoot(), 4)) (\($0.variant.rawValue))" }.joined(separator: ", ")); always predicting the training mean scores \(fmt(meanPredictor.squareRoot(), 4)). Lowest: \(best.variant.rawValue).")
        }
        return results
    }
}
