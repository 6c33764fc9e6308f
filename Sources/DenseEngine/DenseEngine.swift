import NeuralNet
import Tensor

/// A fused, allocation-free SGD step for one shape of network: `Linear` layers with biases and a
/// `ReLU` between each two (none after the last), trained on `MSELoss` or `SoftmaxCrossEntropy`.
///
/// It is built from the `Sequential` and the loss a lesson would train with the readable
/// `Trainer`, and it updates that model's parameters in place. A step does what the modules do,
/// with the same operations in the same order, so the parameters come out the same bit for bit:
/// forward (`lin`, `relu`), the loss module's own `forward` and `backward`, then from the last
/// layer `linGrad` (the input's gradient with the weights before their update) and
/// `value -= lr * grad`. What differs is where the numbers live: in buffers allocated once for the
/// batch size, with the bias, the ReLU, the ReLU's mask and the update applied to each block of a
/// matrix product as it is made.
///
/// A lesson that trains with it says so on its page and records `DenseEngine.check`'s comparison
/// with the modules. The engine does not fill the modules' remembered values (`Linear.input`,
/// `Sequential.outputs`): call the model itself to look at a forward pass.
public final class DenseEngine {
    /// Why a model or a loss is not one the engine takes.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// The network trained; its parameters are updated in place by `step`.
    public let model: Sequential
    /// The loss minimised (an `MSELoss` or a `SoftmaxCrossEntropy`), called as it is.
    public let loss: any Loss
    /// Rows per batch.
    public let batch: Int
    /// The linear layers, first to last.
    private let linears: [Linear]
    /// A batch of inputs gathered by `gather` (batch x inputs).
    public private(set) var input: Tensor
    /// The batch's targets gathered by `gather`: (batch x outputs) for `MSELoss`, or (batch) class
    /// indices for `SoftmaxCrossEntropy`.
    public private(set) var targets: Tensor?
    /// The next batch's inputs, being gathered by `gatherNext` (it swaps with `input`).
    private var spareInput: Tensor
    /// Each layer's pre-activation (batch x out) after the last step; the last is the output.
    public private(set) var z: [Tensor]
    /// relu(z[k]) for every layer but the last.
    public private(set) var activations: [Tensor]
    private var gradZ: [Tensor]
    private var gradA: [Tensor]
    private var gradW: [Tensor]
    private var gradB: [Tensor]

    /// An engine for `model` trained on `loss` with batches of `batch` rows. Throws `Unsupported`,
    /// saying what does not fit, for any other shape of network or loss.
    public init(model: Sequential, loss: any Loss, batch: Int) throws(Unsupported) {
        guard batch > 0 else { throw Unsupported(description: "DenseEngine: the batch needs at least one row") }
        guard loss is MSELoss || loss is SoftmaxCrossEntropy else {
            throw Unsupported(description: "DenseEngine: trains on MSELoss or SoftmaxCrossEntropy, not \(type(of: loss))")
        }
        linears = try Self.linearLayers(of: model)
        self.model = model
        self.loss = loss
        self.batch = batch
        let sizes = [linears[0].weight.value.shape[0]] + linears.map { $0.weight.value.shape[1] }
        input = Tensor.zeros(batch, sizes[0])
        spareInput = input
        z = (1..<sizes.count).map { Tensor.zeros(batch, sizes[$0]) }
        activations = Array(z.dropLast())
        gradZ = z
        gradA = activations
        gradW = linears.map { Tensor.zeros(shape: $0.weight.value.shape) }
        gradB = linears.map { Tensor.zeros(shape: $0.weight.value.shape.suffix(1)) }
    }

    /// The model's `Linear` layers, checked to alternate with `ReLU`s and to chain.
    private static func linearLayers(of model: Sequential) throws(Unsupported) -> [Linear] {
        var linears = [Linear]()
        for (index, layer) in model.layers.enumerated() {
            let expected = index % 2 == 0 ? "Linear" : "ReLU"
            if index % 2 == 1 {
                guard layer is ReLU else {
                    throw Unsupported(description: "DenseEngine: layer \(index + 1) is \(type(of: layer)), expected ReLU")
                }
                continue
            }
            guard let linear = layer as? Linear, linear.bias != nil else {
                throw Unsupported(description: "DenseEngine: layer \(index + 1) is \(type(of: layer)), expected \(expected) with a bias")
            }
            if let previous = linears.last, previous.weight.value.shape[1] != linear.weight.value.shape[0] {
                throw Unsupported(description: "DenseEngine: layer \(index + 1) takes \(linear.weight.value.shape[0]) inputs, the layer before gives \(previous.weight.value.shape[1])")
            }
            linears.append(linear)
        }
        guard !linears.isEmpty, model.layers.count % 2 == 1 else {
            throw Unsupported(description: "DenseEngine: needs Linear layers with a ReLU between each two and none after the last")
        }
        return linears
    }

    /// Copies the rows `indices` of `inputs` and of `targets` into the batch buffers.
    public func gather(_ indices: [Int], inputs: Tensor, targets: Tensor) {
        precondition(indices.count == batch, "DenseEngine.gather: \(indices.count) rows for a batch of \(batch)")
        inputs.rows(indices, into: &input)
        gatherTargets(indices, targets)
    }

    private func gatherTargets(_ indices: [Int], _ targets: Tensor) {
        if self.targets?.shape.dropFirst() != targets.shape.dropFirst() {
            self.targets = Tensor.zeros(shape: [batch] + targets.shape.dropFirst())
        }
        targets.rows(indices, into: &self.targets!)
    }

    /// Runs `body` (a step on the current batch, say) while the rows `indices` are copied into
    /// spare buffers on another core, then makes them the current batch, as `gather` would: the
    /// next batch comes in from memory while this one trains. Without a free core the rows are
    /// copied first. `body` must not gather into this engine itself.
    public func gatherNext<R>(_ indices: [Int], inputs: Tensor, targets: Tensor,
                              during body: () throws -> R) rethrows -> R {
        precondition(indices.count == batch, "DenseEngine.gatherNext: \(indices.count) rows for a batch of \(batch)")
        let result = try inputs.rows(indices, into: &spareInput, during: body)
        swap(&input, &spareInput)
        // a few numbers a row: copied after the step, into the buffer it has finished with
        gatherTargets(indices, targets)
        return result
    }

    /// One SGD step on the gathered batch: forward, loss, backward, and the update of the model's
    /// parameters in place. Returns the loss before the update; when it is not finite, nothing is
    /// updated (the caller stops training and says where).
    @discardableResult
    public func step(learningRate lr: Double) throws(ShapeError) -> Double {
        guard let targets else { preconditionFailure("DenseEngine.step: gather a batch first") }
        let x = input
        let last = linears.count - 1
        for k in 0...last {
            let layerInput = k == 0 ? x : activations[k - 1]
            let w = linears[k].weight.value, b = linears[k].bias!.value
            if k < last {
                try linReLU(layerInput, w, b, into: &z[k], activation: &activations[k])
            } else {
                try lin(layerInput, w, b, into: &z[k])
            }
        }
        let value = try loss.forward(z[last], targets)
        guard value.isFinite else { return value }
        // the loss module's own gradient: defined once, in NeuralNet
        var upstream = try loss.backward()
        for k in stride(from: last, through: 0, by: -1) {
            let layerInput = k == 0 ? x : activations[k - 1]
            // the input's gradient first, with the weights before their update, masked by the ReLU
            if k > 0 {
                try linGradInput(upstream, linears[k].weight.value, reluInput: z[k - 1], into: &gradA[k - 1],
                                 masked: &gradZ[k - 1])
            }
            // then w.grad = input.T @ upstream, and w -= lr * w.grad block by block as it is made
            try linGradWeightStep(layerInput, upstream, into: &gradW[k], updating: &linears[k].weight.value,
                                  learningRate: lr)
            columnSums(upstream, into: &gradB[k])
            try linears[k].bias!.value.subtract(gradB[k], scaledBy: lr)
            if k > 0 { upstream = gradZ[k - 1] }
        }
        return value
    }
}

extension DenseEngine {
    /// The check a lesson that trains with the engine records: copies of `model` take the same
    /// `steps` first steps (the batches `rows`) once through the engine and once through the
    /// modules (`Trainer.step`), and the largest difference between their parameters afterwards
    /// is returned (0 when they are bit-identical). `model` itself is not changed.
    public static func differenceFromModules(
        model: Sequential, loss makeLoss: () -> any Loss, inputs: Tensor, targets: Tensor,
        batches rows: [[Int]], learningRate: Double
    ) throws -> Double {
        let viaEngine = copy(of: model), viaModules = copy(of: model)
        let engine = try DenseEngine(model: viaEngine, loss: makeLoss(), batch: rows[0].count)
        let trainer = Trainer(model: viaModules, loss: makeLoss(), learningRate: learningRate)
        for batch in rows {
            engine.gather(batch, inputs: inputs, targets: targets)
            try engine.step(learningRate: learningRate)
            try trainer.step(inputs: inputs.rows(batch), targets: targets.rows(batch))
        }
        var largest = 0.0
        for (a, b) in zip(viaEngine.parameters, viaModules.parameters) {
            largest = Swift.max(largest, try (a.value - b.value).abs().max())
        }
        return largest
    }

    /// A network of the same layers with copies of the parameters (names kept).
    public static func copy(of model: Sequential) -> Sequential {
        Sequential(model.layers.map { layer -> any Module in
            guard let linear = layer as? Linear else {
                precondition(layer is ReLU, "DenseEngine.copy: \(type(of: layer)) is not a layer the engine takes")
                return ReLU()
            }
            return Linear(weight: Parameter(name: linear.weight.name, value: linear.weight.value),
                          bias: linear.bias.map { Parameter(name: $0.name, value: $0.value) })
        })
    }
}
