import NeuralNet
import Tensor
import LessonRecords

/// The held-out split the tutorial suggests for `boston-dropout`: 80% of the suburbs to train
/// on, 20% never seen in training, each network's test error, and the runs frame by frame.
extension BostonDropoutLesson {
    /// One network trained on the training rows: its curves and final training and test MSE.
    typealias HeldOutResult = (variant: BostonWeights.Variant, curves: BostonCurves, trainMSE: Double, testMSE: Double)

    func recordHeldOut() throws -> (results: [HeldOutResult], frames: BostonFrames, meanPredictor: Double) {
        var splitGenerator = Xoshiro256StarStar(seed: r.seed &+ 3)
        let order = splitGenerator.permutation(n)
        let trainCount = n * 4 / 5
        let trainRows = Array(order[0..<trainCount]), testRows = Array(order[trainCount...])
        let (xTrain, tTrain) = (x0.rows(trainRows), t.rows(trainRows))
        let (xTest, tTest) = (x0.rows(testRows), t.rows(testRows))
        var results: [HeldOutResult] = []
        var frames = BostonFrames(xTrain: xTrain, tTrain: tTrain, xTest: xTest, tTest: tTest)
        for variant in BostonWeights.Variant.allCases {
            let model = weights.model(variant, probability: p, seed: r.seed &+ 1)
            do {
                // Frames of the runs with and without dropout on the activations, taken as they train.
                let curves = try trainBoston(model, x: xTrain, t: tTrain, learningRate: alpha, iterations: iterations,
                                             validation: (xTest, tTest), perRow: true,
                                             frameEvery: variant == .weights ? nil : iterations / 8,
                                             onFrame: { i throws(TrainingError) in try frames.capture(variant, model, iteration: i) }) { i, l in
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
        return (results, frames, meanPredictor)
    }

    /// The runs with inverted dropout and without, frame by frame: the gap between training and
    /// held-out error, and the predictions for a few held-out suburbs.
    func recordWatch(_ frames: BostonFrames) throws {
        let scrubber = try frames.scrubber(main: .inverted, other: .none, iterations: iterations)
        let main = frames.captures[.inverted]!, other = frames.captures[.none]!
        let targetSpread = TensorStats(scrubber.targets).std
        try r.step("watch") { s in
            s.scrubber = scrubber
            s.scalar("frames", Double(scrubber.frames.count))
            s.scalar("iterations between frames", Double(main[1].iteration))
            s.scalar("sampled suburbs", Double(scrubber.targets.count))
            s.scalar("target spread, sampled suburbs", targetSpread)
            for (name, run) in [("inverted dropout", main), ("no dropout", other)] {
                s.scalar("held-out MSE, \(name), last frame", run.last!.heldOut)
                s.scalar("training MSE, \(name), last frame", run.last!.training)
                s.scalar("gap, \(name), first frame", run[0].heldOut - run[0].training)
                s.scalar("gap, \(name), last frame", run.last!.heldOut - run.last!.training)
                s.scalar("prediction spread, \(name), last frame", TensorStats(run.last!.predictions).std)
            }
            s.shapes("each frame: held-out X0 rows (\(scrubber.targets.count)x3) -> predictions (\(scrubber.targets.count)x1), dropout off")
            s.note(gapNote(inverted: main, plain: other))
            let spreads = [main, other].map { TensorStats($0.last!.predictions).std }
            if spreads.max()! < 0.5 * targetSpread {
                s.note("After \(iterations) iterations the predictions for these \(scrubber.targets.count) suburbs spread by \(fmt(spreads[0], 3)) (inverted dropout) and \(fmt(spreads[1], 3)) (no dropout) against \(fmt(targetSpread, 3)) for their MEDV: both networks still predict much the same value for every suburb. A network that overfits follows its training targets closely; these do not yet follow them at all well.")
            }
        }
    }

    /// Whether a gap between held-out and training error opened, in words from the numbers.
    func gapNote(inverted: [BostonFrames.Capture], plain: [BostonFrames.Capture]) -> String {
        func gap(_ c: BostonFrames.Capture) -> Double { c.heldOut - c.training }
        let (a, b) = (gap(plain.last!), gap(inverted.last!))
        let smaller = a == b ? "The two gaps end equal." : "\(a < b ? "No dropout" : "Inverted dropout") ends with the smaller gap."
        let opened = a > 0.1 * plain.last!.training || b > 0.1 * inverted.last!.training
        return "Held-out minus training error ($1000s^2), without dropout: \(fmt(gap(plain[0]), 3)) before training, \(fmt(a, 3)) after \(iterations) iterations; with inverted dropout: \(fmt(gap(inverted[0]), 3)) and \(fmt(b, 3)). \(smaller) "
            + (opened ? "A held-out error ends more than 10% above its training error: a gap has opened, the network has begun to fit the training suburbs' noise."
                      : "Neither held-out error ends more than 10% above its training error: no real gap has opened, so there is little overfitting for dropout to prevent.")
    }
}
