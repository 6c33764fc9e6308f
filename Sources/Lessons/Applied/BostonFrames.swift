import NeuralNet
import Tensor
import LessonRecords

/// The held-out runs of `boston-dropout` frame by frame, taken while they train: at each frame
/// the weights, the training and held-out errors (dropout off) and the predictions for a few
/// held-out suburbs, for the network with inverted dropout and the one without.
struct BostonFrames {
    /// What one run was at one frame.
    struct Capture {
        let iteration: Int
        let w1: Tensor, w2: Tensor
        /// Mean squared errors with dropout off, on the held-out and on the training suburbs.
        let heldOut: Double, training: Double
        /// The predictions for the sampled held-out suburbs.
        let predictions: [Double]
    }

    /// Held-out suburbs whose predictions each frame draws: the first of the shuffled held-out rows.
    static let sampleCount = 16
    let xTrain: Tensor, tTrain: Tensor
    let xTest: Tensor, tTest: Tensor
    let xSample: Tensor, tSample: Tensor
    private(set) var captures: [BostonWeights.Variant: [Capture]] = [:]

    init(xTrain: Tensor, tTrain: Tensor, xTest: Tensor, tTest: Tensor) {
        (self.xTrain, self.tTrain, self.xTest, self.tTest) = (xTrain, tTrain, xTest, tTest)
        let sample = Array(0..<Swift.min(Self.sampleCount, xTest.shape[0]))
        (xSample, tSample) = (xTest.rows(sample), tTest.rows(sample))
    }

    /// Records `model` of `variant` after `iteration` iterations, measured as the test table
    /// measures it (dropout off), without touching what it trains on next.
    mutating func capture(_ variant: BostonWeights.Variant, _ model: Sequential, iteration: Int) throws(TrainingError) {
        let linears = linearLayers(model)
        captures[variant, default: []].append(Capture(
            iteration: iteration, w1: linears[0].weight.value, w2: linears[1].weight.value,
            heldOut: try meanSquaredError(model, xTest, tTest), training: try meanSquaredError(model, xTrain, tTrain),
            predictions: try evaluate(model, xSample).scalars))
    }

    /// The frames of `main` (its diagram, its predictions and its held-out error), with `other`'s
    /// predictions beside them and both runs' training and held-out errors as curves.
    func scrubber(main: BostonWeights.Variant, other: BostonWeights.Variant, iterations: Int) throws -> ScrubberRecord {
        let mine = captures[main] ?? [], theirs = captures[other] ?? []
        precondition(mine.map(\.iteration) == theirs.map(\.iteration) && mine.count > 2, "both runs captured at the same iterations")
        let ids = (0..<xSample.shape[0]).map(Double.init)
        let frames = try zip(mine, theirs).map { m, o in
            let pass = try BostonPass(x0: xSample, t: tSample, w1: m.w1, w2: m.w2)
            return ScrubberRecord.Frame(
                value: Double(m.iteration), loss: m.heldOut, predictions: m.predictions,
                network: bostonState(name: "iteration \(m.iteration)", x0: xSample, w1: m.w1, w2: m.w2, pass: pass,
                                     gradients: false, activeLayer: nil),
                otherPredictions: [.init(name: other.shortName, x: ids, y: o.predictions)])
        }
        let xs = frames.map(\.value)
        func curve(_ name: String, _ captures: [Capture], _ value: (Capture) -> Double) -> ChartRecord.Series {
            .init(name: name, x: xs, y: captures.map(value))
        }
        // Short names: every point of every frame's charts repeats them, and the legend fits.
        let (a, b) = (main.shortName, other.shortName)
        return ScrubberRecord(
            name: "held-out", title: "\(main.rawValue) and \(other.rawValue): \(xSample.shape[0]) of the \(xTest.shape[0]) held-out suburbs, every \(mine[1].iteration) iterations of \(iterations)",
            label: "iteration", losses: curve("\(a), test", mine, \.heldOut), targets: tSample.scalars,
            frames: frames, strip: [0, frames.count / 2, frames.count - 1],
            layout: .init(exampleLabel: "held-out suburb, by MEDV", targetName: "MEDV", predictionName: a,
                          lossName: "test MSE with \(a)", lossLabel: "MSE ($1000s^2)", logScale: false,
                          otherLosses: [curve("\(a), train", mine, \.training),
                                        curve("\(b), test", theirs, \.heldOut),
                                        curve("\(b), train", theirs, \.training)]))
    }
}
