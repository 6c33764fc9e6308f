import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 001's synthetic regression: the backward pass by hand through the last two
    /// layers of `Net((2,7,7,3,1))`, the `SGD` optimiser, a run with the tutorial's settings and why it fails,
    /// then a setting that fits.
    static let syntheticSGD = Lesson(
        id: "synthetic-sgd", number: 8, title: "Mini-batch SGD on a synthetic function",
        summary: "Net((2,7,7,3,1)) on f(x,y) = (x+4)^3 + 4y: the backward pass by hand, SGD, a run that dies, and one that fits.",
        track: .applied,
        steps: [
            Step("data", "Ten thousand points of f(x, y)", phase: .data),
            Step("forward", "One batch through Net((2,7,7,3,1))", phase: .forward,
                 code: [.source("Lessons/Applied/SyntheticRun", "syntheticNet")]),
            Step("last-layer", "By hand through the last layer", phase: .backward),
            Step("second-last-layer", "By hand through the layer before", phase: .backward),
            Step("optimizer", "net.backward() and SGD.step()", phase: .update,
                 code: [.source("NeuralNet/Sequential", "Sequential.backward"), .source("NeuralNet/SGD", "SGD.step")]),
            Step("as-written", "The tutorial's settings: LR 0.1, ReLU on the output", phase: .update,
                 code: [.source("Lessons/Applied/SyntheticRun", "runSynthetic"), .source("NeuralNet/Training", "Trainer.step")]),
            Step("linear-output", "Without the output ReLU", phase: .update),
            Step("standardised", "Standardised inputs and targets, a smaller step", phase: .update),
            Step("watch", "Watch it fit, step by step", phase: .update,
                 code: [.source("Lessons/Applied/SyntheticFrames", "SyntheticFrames.record")]),
            Step("fit", "What each network learned", phase: .check),
        ]
    ) { r in
        try SyntheticSGDLesson(r).run()
    }
}

/// The run of `synthetic-sgd`: the data, then the hand walk (`SyntheticHandWalk`), then the
/// training runs (`SyntheticSGD+Runs.swift`, `SyntheticSGD+Standardised.swift`), each step a function.
struct SyntheticSGDLesson {
    static let id = "synthetic-sgd"
    let r: Recorder
    let count: Int, heldOutCount: Int
    /// Steps of the runs with the tutorial's learning rate, and of the standardised run.
    let writtenSteps: Int, fixedSteps: Int
    let checkpointEvery: Int
    /// Other seeds each failing setting is repeated from.
    let seedCount: Int
    let batchSize = 32
    let lr = 0.1
    let fixedLR = 0.05
    let sizes = [2, 7, 7, 3, 1]
    let x: Tensor, y: Tensor
    let heldOut: SyntheticRegression
    let targetStats: TensorStats
    /// sum(Y^2) / 2N, the loss of a dead output, and half the variance, that of predicting the mean.
    let zeroLoss: Double, meanLoss: Double

    init(_ r: Recorder) throws {
        self.r = r
        let full = r.profile == .full
        count = full ? 10_000 : 2_000
        heldOutCount = full ? 2_000 : 500
        writtenSteps = full ? 2_000 : 300
        fixedSteps = full ? 20_000 : 2_000
        checkpointEvery = full ? 100 : 50
        seedCount = full ? 5 : 3
        var dataGenerator = Xoshiro256StarStar(seed: r.seed)
        let data = SyntheticRegression(count: count, using: &dataGenerator)
        (x, y) = (data.inputs, data.targets)
        var heldOutGenerator = Xoshiro256StarStar(seed: r.seed &+ 3)
        heldOut = SyntheticRegression(count: heldOutCount, using: &heldOutGenerator)
        targetStats = TensorStats(y.scalars)
        zeroLoss = try halfMeanSquaredError(Tensor.zeros(shape: y.shape), y)
        meanLoss = targetStats.std * targetStats.std / 2
    }

    func run() throws {
        try recordData()
        let walk = try SyntheticHandWalk(self)
        try walk.recordForward()
        try walk.recordLastLayer()
        try walk.recordSecondLastLayer()
        try walk.recordOptimizer()
        let written = try recordAsWritten(initial: walk.initial)
        let linear = try recordLinearOutput()
        let fixed = try recordStandardised(written: written.run)
        try recordWatch(fixed)
        try recordFit(written: written, linear: linear, fixed: fixed)
        let meanPredictor = 0.5 * (heldOut.targets - y.mean()).squared().mean()
        r.headline("held-out loss of the run that fits, sum((Y - out)^2) / 2N", fixed.run.valLoss.last!,
                   against: .init(label: "predicting the training mean", value: meanPredictor))
    }

    /// The network of `syntheticNet` drawn from `seed + seedOffset`: offset 1 is the walk's
    /// initial weights, so every run from it starts where the walk did.
    func freshNet(lastReLU: Bool, seedOffset: UInt64 = 1) -> Sequential {
        var g = Xoshiro256StarStar(seed: r.seed &+ seedOffset)
        return syntheticNet(sizes, lastReLU: lastReLU, using: &g)
    }

    /// The batches of the walk and of the three main runs (each run copies it, so all draw the same rows).
    var batchSeed: Xoshiro256StarStar { Xoshiro256StarStar(seed: r.seed &+ 2) }

    func recordData() throws {
        try r.step("data") { s in
            s.tensor("x", x, role: .input)
            s.tensor("Y", y, role: .target)
            s.tensor("x[:5]", x.rows(0..<5), role: .input, columnLabels: ["x", "y"])
            s.tensor("Y[:5]", y.rows(0..<5), role: .target)
            s.scalar("points", Double(count))
            s.scalar("target min", targetStats.min)
            s.scalar("target max", targetStats.max)
            s.scalar("target mean", targetStats.mean)
            s.scalar("target variance", targetStats.std * targetStats.std)
            s.scalar("loss predicting 0 everywhere", zeroLoss)
            s.scalar("loss predicting the mean everywhere", meanLoss)
            s.shapes("x (\(count)x2), Y (\(count)x1)")
            s.note("The targets run from \(fmt(targetStats.min, 4)) to \(fmt(targetStats.max, 4)) with mean \(fmt(targetStats.mean, 4)). Two reference losses, sum((Y - out)^2) / 2N: predicting 0 everywhere scores \(fmt(zeroLoss, 5)); predicting the mean everywhere scores half the variance, \(fmt(meanLoss, 5)).")
        }
    }
}
