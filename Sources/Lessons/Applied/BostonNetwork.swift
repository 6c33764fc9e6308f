import Foundation
import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 003's network: 3 inputs, 4 hidden ReLU units, 1 linear output, no biases, weights
/// uniform in [-1, 1) drawn from the lesson's seed (W1 first, then W2).
struct BostonWeights {
    let w1: Tensor
    let w2: Tensor

    init(seed: UInt64) {
        var g = Xoshiro256StarStar(seed: seed)
        w1 = Initializer.uniform(low: -1, high: 1).weights(fanIn: 3, fanOut: 4, using: &g)
        w2 = Initializer.uniform(low: -1, high: 1).weights(fanIn: 4, fanOut: 1, using: &g)
    }

    /// Fresh layers over copies of the weights, named `w1` and `w2`.
    func layers() -> (Linear, Linear) {
        (Linear(weight: w1, bias: nil, suffix: "1"), Linear(weight: w2, bias: nil, suffix: "2"))
    }

    /// The three networks the lesson trains, all from these weights.
    enum Variant: String, CaseIterable {
        case none = "no dropout"
        case weights = "weight dropout (as written)"
        case inverted = "inverted dropout"

        /// A name for a chart's legend: `dropout` for inverted dropout, the standard kind.
        var shortName: String {
            switch self {
            case .none: "no dropout"
            case .weights: "weight dropout"
            case .inverted: "dropout"
            }
        }
    }

    /// The network of `variant`; the dropout masks come from generators seeded with `seed`
    /// (and `seed + 1` for W2's weight dropout).
    func model(_ variant: Variant, probability: Double, seed: UInt64) -> Sequential {
        let (l1, l2) = layers()
        switch variant {
        case .none:
            return Sequential(l1, ReLU(), l2)
        case .weights:
            return Sequential(
                WeightDropout(l1, probability: probability, generator: Xoshiro256StarStar(seed: seed)), ReLU(),
                WeightDropout(l2, probability: probability, generator: Xoshiro256StarStar(seed: seed &+ 1)))
        case .inverted:
            return Sequential(l1, ReLU(), Dropout(probability: probability, generator: Xoshiro256StarStar(seed: seed)), l2)
        }
    }
}

/// The forward pass and the backward pass of tutorial 003, written out with its names.
struct BostonPass {
    let z1: Tensor, x1: Tensor, y: Tensor, error: Double
    let dy: Tensor, dX1: Tensor, dW2: Tensor, dZ1: Tensor, dX0: Tensor, dW1: Tensor

    init(x0: Tensor, t: Tensor, w1: Tensor, w2: Tensor) throws {
        z1 = try x0.matmul(w1)
        x1 = relu(z1)
        y = try x1.matmul(w2)
        error = 0.5 * (try y - t).squared().sum()
        dy = try y - t
        dX1 = try Tensor.matmul(dy, w2, transposeB: true)
        dW2 = try Tensor.matmul(x1, dy, transposeA: true)
        dZ1 = try dX1 * (z1 > 0)
        dX0 = try Tensor.matmul(dZ1, w1, transposeB: true)
        dW1 = try Tensor.matmul(x0, dZ1, transposeA: true)
    }
}

/// Loss curves of one training run.
struct BostonCurves {
    var train: [Double] = []
    var val: [Double] = []
}

/// Full-batch gradient descent as tutorial 003 runs it: loss 1/2 sum (y - t)^2, step size
/// `learningRate`, one step per iteration. `train` records the loss of each iteration's forward
/// pass (dropout active), divided by the number of rows when `perRow` (as a mean squared
/// error, 2 x loss / N); `val` the mean squared error on `validation` with dropout off. With
/// `frameEvery`, `onFrame` sees the model before training and after every `frameEvery` iterations.
func trainBoston(
    _ model: Sequential, x: Tensor, t: Tensor, learningRate: Double, iterations: Int,
    validation: (x: Tensor, t: Tensor)? = nil, perRow: Bool,
    frameEvery: Int? = nil, onFrame: (Int) throws(TrainingError) -> Void = { _ in },
    progress: (Int, Double) -> Void
) throws(TrainingError) -> BostonCurves {
    let trainer = Trainer(model: model, loss: MSELoss(.halfSum), learningRate: learningRate)
    var curves = BostonCurves()
    let n = Double(x.shape[0])
    if frameEvery != nil { try onFrame(0) }
    for iteration in 1...iterations {
        let loss = try trainer.step(inputs: x, targets: t, epoch: iteration)
        curves.train.append(perRow ? 2 * loss / n : loss)
        if let validation {
            curves.val.append(try meanSquaredError(model, validation.x, validation.t))
        }
        if let frameEvery, iteration % frameEvery == 0 { try onFrame(iteration) }
        if iteration % 50 == 0 || iteration == iterations { progress(iteration, loss) }
    }
    return curves
}

/// mean((y - t)^2) of `model` on `x` with dropout off (training mode restored afterwards).
func meanSquaredError(_ model: Sequential, _ x: Tensor, _ t: Tensor) throws(TrainingError) -> Double {
    let prediction = try evaluate(model, x)
    do {
        return (try prediction - t).squared().mean()
    } catch {
        throw .shape(error)
    }
}

/// The predictions of `model` on `x` with dropout off (training mode restored afterwards).
func evaluate(_ model: Sequential, _ x: Tensor) throws(TrainingError) -> Tensor {
    model.setTraining(false)
    defer { model.setTraining(true) }
    do {
        return try model.forward(x)
    } catch {
        throw .shape(error)
    }
}

/// The diagram of the 3-4-1 network for one suburb.
func bostonState(name: String, x0: Tensor, w1: Tensor, w2: Tensor, pass: BostonPass, gradients: Bool,
                 after: (Tensor, Tensor)? = nil, activeLayer: Int?, sample: Int = 0) -> NetworkState {
    func row(_ t: Tensor) -> [Double] {
        let w = t.shape[1]
        return Array(t.scalars[(sample * w)..<((sample + 1) * w)])
    }
    var input = NetworkState.Layer(name: "X0", units: 3)
    var hidden = NetworkState.Layer(name: "X1 = relu(Z1)", units: 4)
    var output = NetworkState.Layer(name: "y", units: 1)
    input.values = row(gradients ? pass.dX0 : x0)
    hidden.values = row(gradients ? pass.dZ1 : pass.x1)
    output.values = row(gradients ? pass.dy : pass.y)
    input.valueKind = gradients ? "gradient" : "activation"
    hidden.valueKind = input.valueKind
    output.valueKind = input.valueKind
    hidden.weights = w1.scalars
    output.weights = w2.scalars
    if gradients {
        hidden.weightGradients = pass.dW1.scalars
        output.weightGradients = pass.dW2.scalars
    }
    if let after {
        hidden.weightsAfter = after.0.scalars
        output.weightsAfter = after.1.scalars
    }
    return NetworkState(name: name, sample: sample, activeLayer: activeLayer, layers: [input, hidden, output])
}
