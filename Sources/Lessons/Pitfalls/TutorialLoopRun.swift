import NeuralNet

/// One run of tutorial 001's training loop.
struct TutorialLoopRun {
    let net: Sequential
    var batchLosses: [Double] = []
    /// The first step after which the output was 0 on every point (0: before the first step).
    var deadFrom: Int?
    /// The error that stopped the run, if one did.
    var failure: TrainingError?
}
