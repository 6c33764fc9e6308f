import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// The standardised run of `synthetic-sgd` frame by frame, taken while it trains: the network,
/// its predictions of f along the line y = 0.5, and its training and held-out losses.
struct SyntheticFrames {
    /// Points of the line y = 0.5 the predictions are drawn at, and f there.
    static let gridCount = 21
    let grid: [Double]
    let truth: [Double]
    /// The grid as the network sees it (standardised), and the way back to the targets' units.
    let gridInputs: Tensor
    let sy: Standardizer
    /// The grid point whose activations the diagram shows: x = 0.5.
    let sample = gridCount / 2
    private(set) var frames: [ScrubberRecord.Frame] = []
    private(set) var heldOut: [Double] = []

    init(sx: Standardizer, sy: Standardizer) throws {
        grid = Tensor.linspace(0, 1, count: Self.gridCount).scalars
        truth = grid.map { SyntheticRegression.f($0, 0.5) }
        gridInputs = try sx.apply(try Tensor(shape: [Self.gridCount, 2], scalars: grid.flatMap { [$0, 0.5] }))
        self.sy = sy
    }

    /// Records `net` after `step` steps: `run` has just measured its losses.
    mutating func record(_ net: Sequential, step: Int, run: SyntheticRun) throws {
        let prediction = try sy.invert(try net.forward(gridInputs))
        let network = syntheticState(net, name: "step \(step)", x: gridInputs, sample: sample)
        frames.append(.init(value: Double(step), loss: run.trainLoss.last!, predictions: prediction.scalars, network: network))
        heldOut.append(run.valLoss.last!)
    }

    /// The frames as a scrubber: the training loss curve at the frames, with the held-out one.
    func scrubber(steps: Int) -> ScrubberRecord {
        let xs = frames.map(\.value)
        // A few frames without JavaScript: the first, the middle one and the last.
        let last = frames.count - 1
        return ScrubberRecord(
            name: "standardised", title: "The standardised run at steps \(xs.prefix(4).map { String(Int($0)) }.joined(separator: ", ")), ... \(steps)", label: "step",
            losses: .init(name: "training loss", x: xs, y: frames.map(\.loss)), targets: truth, frames: frames,
            strip: Array(Set([0, last / 2, last])).sorted(),
            layout: .init(exampleLabel: "x, along the line y = 0.5", examplePositions: grid, targetName: "f(x, 0.5)",
                          predictionName: "prediction", lossName: "training loss", lossLabel: "sum((Y - out)^2) / 2N",
                          logScale: true, otherLosses: [.init(name: "held-out loss", x: xs, y: heldOut)]))
    }
}
