import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 001's mistakes: MNIST's test file used for training and validation, and a ReLU on
/// the output of a regression.
extension PitfallsLesson {
    func testFile(_ s: inout StepRecord) throws -> Bool {
        // code: test-file
        // Tutorial 001 loads MNIST(train=False), MNIST's test file, and splits it 80/20
        // at random; mnist-mse splits it the same way, from the same seed.
        let labels = try r.configuration.data.idx(.testLabels, kind: .labels)
        let imagesInFile = labels.dimensions[0]
        var generator = Xoshiro256StarStar(seed: r.seed)
        let parts = randomSplitIndices(count: imagesInFile, fraction: 0.8, using: &generator)
        // end code
        let trained = Set(parts.train), watched = Set(parts.heldOut)
        let untouched = imagesInFile - trained.union(watched).count
        s.scalar("images in MNIST's test file", Double(imagesInFile))
        s.scalar("test-file images trained on", Double(trained.count))
        s.scalar("test-file images used to watch training", Double(watched.count))
        s.scalar("images in both parts", Double(trained.intersection(watched).count))
        s.scalar("test-file images left untouched", Double(untouched))
        s.note("The check: count what each part of the run took from the test file. Of its \(imagesInFile) images, \(trained.count) are trained on and \(watched.count) watched during training (\(trained.intersection(watched).count) in both): \(untouched) are left for a final test.")
        try scoredOnTrainingRows(&s)
        return !trained.isEmpty && untouched == 0
    }

    /// Why rows kept out of training matter, on the exam data: a model scored on the rows it
    /// trained on, against one scored on rows it never saw.
    private func scoredOnTrainingRows(_ s: inout StepRecord) throws {
        let epochs = 200, lr = 0.05
        let rows = Array(0..<x.shape[0])
        var all = kaiming
        let allLosses = try all.train(x, y, epochs: epochs, learningRate: lr)
        let trainRows = Array(rows.dropLast(5)), heldOut = Array(rows.suffix(5))
        var fair = kaiming
        _ = try fair.train(x.rows(trainRows), y.rows(trainRows), epochs: epochs, learningRate: lr)
        let seenScore = try all.forward(x, y).loss
        let fairTest = try fair.forward(x.rows(heldOut), y.rows(heldOut)).loss
        s.scalar("exam loss on the rows it trained on (all)", seenScore)
        s.scalar("exam training loss (first 20)", try fair.forward(x.rows(trainRows), y.rows(trainRows)).loss)
        s.scalar("exam held-out loss (last 5)", fairTest)
        s.scalar("exam rows shared by training and scoring, all rows", Double(Set(rows).intersection(rows).count))
        s.scalar("exam rows shared by training and scoring, 20 / 5", Double(Set(trainRows).intersection(heldOut).count))
        s.chart(ChartRecord(name: "train-all", title: "Training on everything: the loss only ever looks good",
                            xLabel: "epoch", yLabel: "loss (MSE)", logScale: true,
                            series: [.init(name: "loss on the training rows", x: (1...epochs).map(Double.init), y: allLosses)]))
        s.note("On the exam data: scored on the \(rows.count) students it trained on, the model reports \(fmt(seenScore)); trained on \(trainRows.count) and scored on the \(heldOut.count) it never saw, \(fmt(fairTest)).")
    }

    func reluOutput(_ s: inout StepRecord) throws -> Bool {
        var dataGenerator = Xoshiro256StarStar(seed: r.seed)
        let data = SyntheticRegression(count: 10_000, using: &dataGenerator)
        let (xs, ys) = (data.inputs, data.targets)
        let run = try tutorialLoop(xs, ys, seed: r.seed)
        let e = try TutorialLoopEvidence(run, xs, ys)
        s.tensor("batch losses, last 5 steps", Tensor(Array(run.batchLosses.suffix(5))), role: .loss)
        s.scalar("steps run", Double(run.batchLosses.count))
        s.scalar("points where the output unit's input is > 0", Double(e.openPoints))
        s.scalar("prediction spread (std)", e.spread)
        s.scalar("largest |gradient| on all points", e.largestGradient)
        s.scalar("full-data loss", e.loss)
        s.scalar("loss of predicting its constant everywhere", e.constantLoss)
        s.scalar("loss predicting 0 everywhere", try halfMeanSquaredError(Tensor.zeros(shape: ys.shape), ys))
        s.scalar("loss predicting the mean everywhere", try halfMeanSquaredError(Tensor(shape: ys.shape, repeating: ys.mean()), ys))
        if let dead = run.deadFrom {
            s.scalar("output dead from step", Double(dead))
            s.note("Dead output unit: \(dead == 0 ? "before the first step" : "from step \(dead)") its input is <= 0 on all \(ys.count) points, so the network outputs 0 everywhere and its ReLU passes no gradient: the largest gradient of any parameter on all points is \(fmt(e.largestGradient)), and no later step can move it. Its loss, \(fmt(e.loss, 5)), is that of predicting 0 everywhere.")
        } else if e.isConstant {
            s.note("Collapsed: the output is alive but the same, \(fmt(e.constant, 5)), for every point (spread \(fmt(e.spread, 3))); the loss, \(fmt(e.loss, 5)), is that of predicting that constant everywhere.")
        }
        s.tables.append(try otherSeeds(xs, ys))
        if let failure = run.failure { s.errors.append(CaughtError(code: "trainer.step", message: "\(failure)")) }
        return e.isConstant && Swift.abs(e.loss - e.constantLoss) <= 1e-9 * e.constantLoss
    }

    /// The same loop from other starting weights and batches, same data.
    private func otherSeeds(_ xs: Tensor, _ ys: Tensor) throws -> TableRecord {
        var rows: [[String]] = []
        for k in 1...7 {
            let run = try tutorialLoop(xs, ys, seed: r.seed &+ UInt64(10 * k))
            let e = try TutorialLoopEvidence(run, xs, ys)
            let last = run.batchLosses.suffix(5)
            let outcome = run.failure.map { "stopped: \($0)" }
                ?? run.deadFrom.map { "dead \($0 == 0 ? "before step 1" : "from step \($0)"): predicts 0" }
                ?? (e.isConstant ? "predicts the constant \(fmt(e.constant, 4))" : "varies (spread \(fmt(e.spread, 3)))")
            rows.append(["seed + \(10 * k)", outcome,
                         last.isEmpty ? "-" : "\(fmt(last.min()!, 4)) - \(fmt(last.max()!, 4))", fmt(e.loss, 5)])
        }
        return TableRecord(name: "seeds", title: "Tutorial 001's loop from other starting weights and batches (same data)",
                           header: ["seed", "outcome after 50 steps", "last 5 batch losses", "full-data loss"], rows: rows)
    }

    /// Runs tutorial 001's loop from `seed`; a non-finite number stops it and is kept.
    func tutorialLoop(_ xs: Tensor, _ ys: Tensor, seed: UInt64) throws -> TutorialLoopRun {
        // code: tutorial-loop
        // Tutorial 001's loop: Net((2, 3, 1)) with a ReLU after every layer, the output's
        // too; 50 steps on 32 rows drawn with replacement, LR 0.1, and the loss
        // sum((Y - out)^2) / (2 x 32).
        var g = Xoshiro256StarStar(seed: seed &+ 1)
        let net = syntheticNet([2, 3, 1], lastReLU: true, using: &g)
        let loss = MSELoss(.sumOverTwiceBatch)
        let trainer = Trainer(model: net, loss: loss, learningRate: 0.1)
        var batches = SampledBatches(count: xs.shape[0], batchSize: 32,
                                     generator: Xoshiro256StarStar(seed: seed &+ 2))
        var run = TutorialLoopRun(net: net)
        func outputIsZero() throws -> Bool {
            try net.forward(xs).scalars.allSatisfy { $0 == 0 }
        }
        if try outputIsZero() { run.deadFrom = 0 }
        for step in 1...50 {
            let rows = batches.next()
            do {
                let batchLoss = try trainer.step(inputs: xs.rows(rows), targets: ys.rows(rows))
                run.batchLosses.append(batchLoss)
            } catch {
                run.failure = error
                break
            }
            if run.deadFrom == nil, try outputIsZero() { run.deadFrom = step }
        }
        // end code
        return run
    }
}
