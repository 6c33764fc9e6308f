import NeuralNet
import Tensor
import LessonRecords

/// What a run of tutorial 001's loop ended as, measured on all points.
struct TutorialLoopEvidence {
    /// Points where the output unit's input (before its ReLU) is positive.
    let openPoints: Int
    /// The mean prediction, and the spread of the predictions around it.
    let constant: Double, spread: Double
    /// The network's loss sum((Y - out)^2) / 2N, and that of predicting `constant` everywhere.
    let loss: Double, constantLoss: Double
    /// The largest gradient of any parameter, from one backward pass over all points.
    let largestGradient: Double

    /// Whether the network predicts one number for every point (to rounding).
    var isConstant: Bool { spread <= 1e-9 * Swift.max(1, Swift.abs(constant)) }

    init(_ run: TutorialLoopRun, _ xs: Tensor, _ ys: Tensor) throws {
        let net = run.net, loss = MSELoss(.sumOverTwiceBatch)
        net.zeroGrad()
        let out = try net.forward(xs)
        openPoints = net.outputs[net.outputs.count - 2].scalars.filter { $0 > 0 }.count
        self.loss = try loss(out, ys)
        _ = try net.backward(try loss.backward())
        largestGradient = net.parameters.map { $0.grad.map(maxAbs) ?? 0 }.max() ?? 0
        let stats = TensorStats(out.scalars)
        (constant, spread) = (stats.mean, stats.std)
        constantLoss = try halfMeanSquaredError(Tensor(shape: ys.shape, repeating: stats.mean), ys)
    }
}
