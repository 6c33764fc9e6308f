import Foundation
import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 001's `Net(sizes)`: a `Linear` layer (with bias, Kaiming-normal weights, zero bias)
/// between each pair of sizes, each followed by a ReLU, the last one only if `lastReLU`.
/// Parameters are named `w1`, `b1`, ... from the input side.
///
/// The tutorial's `src/model.py` is not shown, so its initialisation is unknown; its `Net`
/// takes `last_relu` and the MNIST part passes `last_relu=False`, so the default puts a ReLU
/// on the output unit too.
func syntheticNet(_ sizes: [Int], lastReLU: Bool, using generator: inout Xoshiro256StarStar) -> Sequential {
    var layers: [any Module] = []
    for i in 0..<(sizes.count - 1) {
        layers.append(Linear(sizes[i], sizes[i + 1], bias: true, initializer: .kaimingNormal,
                             suffix: "\(i + 1)", using: &generator))
        if i < sizes.count - 2 || lastReLU { layers.append(ReLU()) }
    }
    return Sequential(layers)
}

/// The linear layers of a `Sequential`, in order.
func linearLayers(_ net: Sequential) -> [Linear] {
    net.layers.compactMap { $0 as? Linear }
}

/// Names for the outputs of a `Sequential` made by `syntheticNet`: `z1`, `a1`, `z2`, ... and
/// `out` for the last one.
func syntheticOutputNames(_ net: Sequential) -> [String] {
    var names: [String] = []
    var k = 0
    for layer in net.layers {
        if layer is Linear { k += 1; names.append("z\(k)") } else { names.append("a\(k)") }
    }
    if !names.isEmpty { names[names.count - 1] = "out" }
    return names
}

/// sum((Y - out)^2) / (2 N), the tutorial's loss, over a whole data set.
func halfMeanSquaredError(_ prediction: Tensor, _ target: Tensor) throws -> Double {
    try (prediction - target).squared().sum() / (2 * Double(target.shape[0]))
}

/// The standardisation of a column-wise data set: (v - mean) / std per column.
struct Standardizer {
    let mean: Tensor
    let std: Tensor

    init(_ data: Tensor) throws {
        let m = try data.mean(axis: 0)
        let v = try (try data - m).squared().mean(axis: 0)
        mean = m
        std = v.sqrt()
    }

    func apply(_ data: Tensor) throws -> Tensor { try (try data - mean) / std }
    func invert(_ data: Tensor) throws -> Tensor { try data * std + mean }
}

/// Everything one training run of the synthetic lesson measured.
struct SyntheticRun {
    /// Steps at which the full-data loss was measured (0 = before training).
    var checkpoints: [Double] = []
    /// The full-data loss, sum((Y - out)^2) / (2N), in the targets' own units, at each checkpoint.
    var trainLoss: [Double] = []
    /// The same on held-out points, when the run has them.
    var valLoss: [Double] = []
    /// The loss of every step's batch, before its update.
    var batchLosses: [Double] = []
    /// The first step whose batch loss passed `explodeThreshold`.
    var explodedAt: Int?
    /// At that step, the largest |value| of each tensor the step made, in the order it made them.
    var explodedMagnitudes: [(String, Double)] = []
    /// The first step after which the output was 0 for every training point.
    var outputDeadAt: Int?
    /// The error that stopped training, if any.
    var failure: TrainingError?
    /// Per hidden layer: (name, units, units that are 0 on every training point) at the end.
    var deadUnits: [(String, Int, Int)] = []
    /// Mean and spread of the final predictions over the training points (targets' units).
    var predictionMean = 0.0
    var predictionStd = 0.0
    var stepsRun = 0

    static let explodeThreshold = 1e6
}

/// Trains `net` with tutorial 001's loop: batches of `batchSize` rows drawn with replacement,
/// loss sum((Y - out)^2) / (2 x batch), SGD with `learningRate`. Inputs and targets are given
/// in the units the network sees; `toTargetUnits` maps predictions back for the losses reported.
///
/// A non-finite number stops the run with the trainer's `TrainingError`, kept in `failure`
/// (the caller decides whether that is expected). With `frameSteps`, `onFrame` sees the network
/// before training and after each of those steps (each one also measured, so the frame's losses
/// are points of the curves), with the run so far, so that a page can show the run as it went.
func runSynthetic(
    net: Sequential, x: Tensor, y: Tensor, yTrue: Tensor,
    validation: (x: Tensor, y: Tensor)? = nil,
    toTargetUnits: (Tensor) throws -> Tensor = { $0 },
    learningRate: Double, steps: Int, batchSize: Int, batchGenerator: Xoshiro256StarStar,
    checkpointEvery: Int, watchDeadOutput: Bool,
    frameSteps: Set<Int> = [], onFrame: (Int, SyntheticRun) throws -> Void = { _, _ in },
    progress: (Int, Double) -> Void
) throws -> SyntheticRun {
    var run = SyntheticRun()
    let trainer = Trainer(model: net, loss: MSELoss(.sumOverTwiceBatch), learningRate: learningRate)
    var batches = SampledBatches(count: x.shape[0], batchSize: batchSize, generator: batchGenerator)
    let names = syntheticOutputNames(net)

    func fullPrediction(_ inputs: Tensor) throws -> Tensor {
        try toTargetUnits(try net.forward(inputs))
    }
    func measure(_ step: Int) throws {
        run.checkpoints.append(Double(step))
        run.trainLoss.append(try halfMeanSquaredError(try fullPrediction(x), yTrue))
        if let validation {
            run.valLoss.append(try halfMeanSquaredError(try fullPrediction(validation.x), validation.y))
        }
    }

    try measure(0)
    if !frameSteps.isEmpty { try onFrame(0, run) }
    if watchDeadOutput, try net.forward(x).scalars.allSatisfy({ $0 == 0 }) { run.outputDeadAt = 0 }
    for step in 1...steps {
        let rows = batches.next()
        let loss: Double
        do {
            loss = try trainer.step(inputs: x.rows(rows), targets: y.rows(rows))
        } catch {
            run.failure = error
            run.stepsRun = step
            break
        }
        run.stepsRun = step
        run.batchLosses.append(loss)
        if run.explodedAt == nil && loss > SyntheticRun.explodeThreshold {
            run.explodedAt = step
            var magnitudes: [(String, Double)] = []
            for (name, t) in zip(names, net.outputs) { magnitudes.append((name, maxAbs(t))) }
            for p in trainer.optimizer.parameters { magnitudes.append((p.name + ".grad", p.grad.map(maxAbs) ?? 0)) }
            for p in trainer.optimizer.parameters { magnitudes.append((p.name, maxAbs(p.value))) }
            run.explodedMagnitudes = magnitudes
        }
        if watchDeadOutput && run.outputDeadAt == nil {
            if try net.forward(x).scalars.allSatisfy({ $0 == 0 }) { run.outputDeadAt = step }
        }
        if step % checkpointEvery == 0 || step <= 20 || step == steps || frameSteps.contains(step) { try measure(step) }
        if frameSteps.contains(step) { try onFrame(step, run) }
        if step % 100 == 0 || step == steps { progress(step, loss) }
    }

    // The state the run ended in, on the training points.
    let final = try net.forward(x)
    var k = 0
    for (index, layer) in net.layers.enumerated() where layer is ReLU && index < net.layers.count - 1 {
        k += 1
        let a = net.outputs[index]
        let units = a.shape[1]
        var dead = 0
        for u in 0..<units where stride(from: u, to: a.count, by: units).allSatisfy({ a.scalars[$0] == 0 }) { dead += 1 }
        run.deadUnits.append(("a\(k)", units, dead))
    }
    let prediction = try toTargetUnits(final)
    let stats = TensorStats(prediction.scalars)
    run.predictionMean = stats.mean
    run.predictionStd = stats.std
    return run
}

/// The largest absolute value of a tensor (infinity if any element is not finite).
func maxAbs(_ t: Tensor) -> Double {
    var m = 0.0
    for v in t.scalars {
        guard v.isFinite else { return .infinity }
        m = Swift.max(m, Swift.abs(v))
    }
    return m
}

/// The diagram of a `syntheticNet` network for one example: every layer's units, values
/// (activations after ReLU, or gradients), all weights and biases.
func syntheticState(_ net: Sequential, name: String, x: Tensor, sample: Int = 0,
                    gradients: Bool = false, after: [Tensor]? = nil, biasAfter: [Tensor]? = nil,
                    activeLayer: Int? = nil) -> NetworkState {
    func row(_ t: Tensor) -> [Double] {
        let w = t.shape[1]
        return Array(t.scalars[(sample * w)..<((sample + 1) * w)])
    }
    let linears = linearLayers(net)
    var layers = [NetworkState.Layer(name: "x", units: x.shape[1])]
    layers[0].values = gradients ? nil : row(x)
    layers[0].valueKind = gradients ? nil : "activation"
    var outputIndex = 0
    for (k, linear) in linears.enumerated() {
        // The value shown for the layer's units: after its ReLU if it has one.
        let linearIndex = net.layers.firstIndex { $0 === linear }!
        outputIndex = linearIndex + 1 < net.layers.count && net.layers[linearIndex + 1] is ReLU ? linearIndex + 1 : linearIndex
        let last = k == linears.count - 1
        var layer = NetworkState.Layer(name: last ? "out" : "a\(k + 1)", units: linear.weight.value.shape[1])
        if gradients {
            if net.outputGradients.count == net.layers.count {
                layer.values = row(net.outputGradients[linearIndex])
                layer.valueKind = "gradient"
            }
            layer.weightGradients = linear.weight.grad?.scalars
        } else if net.outputs.count == net.layers.count {
            layer.values = row(net.outputs[outputIndex])
            layer.valueKind = "activation"
        }
        layer.bias = linear.bias?.value.scalars
        layer.weights = linear.weight.value.scalars
        if let after { layer.weightsAfter = after[k].scalars }
        if let biasAfter { layer.biasAfter = biasAfter[k].scalars }
        layers.append(layer)
    }
    return NetworkState(name: name, sample: sample, activeLayer: activeLayer, layers: layers)
}
