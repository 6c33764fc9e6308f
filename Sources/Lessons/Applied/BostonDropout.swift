import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 003: Boston housing through a 3-4-1 ReLU network without biases, the backward
    /// pass on a computation graph, its weight "dropout" as written, inverted dropout, and the
    /// held-out test error the tutorial suggests and never computes.
    static let bostonDropout = Lesson(
        id: "boston-dropout", number: 11, title: "Boston housing, a computation graph and dropout",
        summary: "A 3-4-1 network on CRIM, TAX, PTRATIO: dimensions, the bar-notation backward pass, two kinds of dropout, a held-out test error.",
        track: .applied,
        steps: [
            Step("data", "Three columns of a troubled data set", phase: .data),
            Step("dimensions", "The dimension table", phase: .none),
            Step("forward", "The forward pass", phase: .forward),
            Step("backward", "The backward pass on the computation graph", phase: .backward),
            Step("corrected", "One update, and the tutorial's bugs", phase: .update,
                 code: [.source("Lessons/Applied/BostonNetwork", "trainBoston")]),
            Step("weight-dropout", "Dropout as written: zeroing weights", phase: .update,
                 code: [.source("Lessons/Applied/BostonNetwork", "BostonWeights.model"), .source("NeuralNet/Dropout", "WeightDropout")]),
            Step("inverted-dropout", "Dropout on activations, inverted", phase: .update,
                 code: [.source("NeuralNet/Dropout", "Dropout")]),
            Step("held-out", "A held-out split and its test error", phase: .check),
            Step("watch", "Watch it learn, held out", phase: .update,
                 code: [.source("Lessons/Applied/BostonFrames", "BostonFrames.capture")]),
        ]
    ) { r in
        try BostonDropoutLesson(r).run()
    }
}

/// The run of `boston-dropout`, one function per step: the data and its shapes here, the passes
/// by hand in `BostonDropout+Graph.swift`, the dropout runs in `BostonDropout+Dropout.swift`, the
/// held-out split and its runs frame by frame in `BostonDropout+HeldOut.swift`.
struct BostonDropoutLesson {
    static let id = "boston-dropout"
    let r: Recorder
    /// Full-batch steps of every training run.
    let iterations: Int
    /// The step size, and the dropout probability.
    let alpha = 1e-6
    let p = 0.2
    let boston: Boston
    /// The scaled features and the targets (MEDV), one row per suburb.
    let x0: Tensor, t: Tensor
    let n: Int
    let names = ["CRIM", "TAX", "PTRATIO"]
    let weights: BostonWeights
    /// Each training run's iterations, 1 to `iterations`, as a chart's x values.
    let xAxis: [Double]

    init(_ r: Recorder) throws {
        self.r = r
        iterations = r.profile == .full ? 1000 : 200
        boston = try r.configuration.data.boston()
        (x0, t) = (boston.features, boston.target)
        n = x0.shape[0]
        weights = BostonWeights(seed: r.seed)
        xAxis = (1...iterations).map(Double.init)
    }

    func run() throws {
        try recordData()
        try recordDimensions()
        let pass = try BostonPass(x0: x0, t: t, w1: weights.w1, w2: weights.w2)
        try recordForward(pass)
        try recordBackward(pass)
        try recordCorrected(pass)
        let written = try recordWeightDropout()
        try recordInvertedDropout(written: written)
        let (results, frames, meanPredictor) = try recordHeldOut()
        try recordWatch(frames)
        let inverted = results.first { $0.variant == .inverted }!
        r.headline("error on unseen suburbs, inverted dropout (RMSE, $1000s)", inverted.testMSE.squareRoot(),
                   against: .init(label: "predicting the training mean", value: meanPredictor.squareRoot()))
    }

    /// Training that stops here was not expected to: the lesson stops with the trainer's message.
    func stop(_ step: String, _ error: any Error) -> any Error {
        guard let training = error as? TrainingError else { return error }
        return LessonError.nonFinite(lesson: Self.id, step: step, detail: training.description)
    }

    func recordData() throws {
        try r.step("data") { s in
            s.tensor("X0", x0, role: .input, columnLabels: names)
            s.tensor("t", t, role: .target, columnLabels: ["MEDV"])
            s.tensor("column maxima", Tensor(boston.featureMaxima), role: .other, columnLabels: names)
            let capped = t.scalars.filter { $0 >= 50 }.count
            let stats = TensorStats(t.scalars)
            s.scalar("suburbs", Double(n))
            s.scalar("MEDV mean", stats.mean)
            s.scalar("MEDV at the 50 cap", Double(capped))
            s.shapes("X0 = [CRIM, TAX, PTRATIO] / column maxima -> (\(n)x3); t = MEDV -> (\(n)x1)")
            s.note("Each feature is divided by its largest value (CRIM \(fmt(boston.featureMaxima[0], 5)), TAX \(fmt(boston.featureMaxima[1], 4)), PTRATIO \(fmt(boston.featureMaxima[2], 4))), so every column lies in (0, 1]. MEDV, the median home value in $1000s, is left as it is: mean \(fmt(stats.mean, 4)).")
            s.note("\(capped) of the \(n) suburbs have MEDV exactly 50: the values were capped there, the truncation the tutorial mentions.")
            s.note("Harrison and Rubinfeld assembled the data in 1978 for a study of what clean air is worth to home buyers. One of its 13 columns was computed from the share of Black residents in each town, built on the assumption that racial segregation affects house prices; scikit-learn deprecated its copy (the StatLib one the tutorial loads) in version 1.0 and removed it in 1.2 for this and other problems. This lesson keeps only CRIM, TAX, PTRATIO and MEDV.")
        }
    }

    func recordDimensions() throws {
        try r.step("dimensions") { s in
            let rows: [[String]] = [
                ["X0", "(N, D)", "(\(n), 3)", "the data: N suburbs, D features", "dX0 (\(n), 3)"],
                ["W1", "(D, n_h)", "(3, 4)", "weights into the hidden layer", "dW1 (3, 4)"],
                ["Z1", "(N, n_h)", "(\(n), 4)", "Z1 = X0 W1", "dZ1 (\(n), 4)"],
                ["X1", "(N, n_h)", "(\(n), 4)", "X1 = relu(Z1), elementwise", "dX1 (\(n), 4)"],
                ["W2", "(n_h, 1)", "(4, 1)", "weights into the output", "dW2 (4, 1)"],
                ["y", "(N, 1)", "(\(n), 1)", "y = X1 W2, the prediction", "dy (\(n), 1)"],
                ["t", "(N, 1)", "(\(n), 1)", "the targets (MEDV)", "-"],
            ]
            s.tables.append(TableRecord(name: "dimensions", title: "Every tensor's shape, N = \(n), D = 3, n_h = 4",
                                        header: ["tensor", "symbols", "here", "what it is", "gradient"], rows: rows))
            s.scalar("N", Double(n))
            s.scalar("D", 3)
            s.scalar("n_h", 4)
            s.shapes("X0 (\(n)x3) @ W1 (3x4) -> Z1 (\(n)x4)")
            s.shapes("relu(Z1) -> X1 (\(n)x4)")
            s.shapes("X1 (\(n)x4) @ W2 (4x1) -> y (\(n)x1)")
        }
    }
}
