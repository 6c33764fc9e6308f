import Tensor

// The `Trainer`'s step for its common case, beneath the same API: a `Sequential` of `Linear`
// layers (with or without bias), each optionally followed by one `ReLU`, trained on `MSELoss` or
// `SoftmaxCrossEntropy` by the trainer's `SGD` over exactly the model's parameters.
//
// It does what `Trainer.step` does through the modules — forward, loss, backward, the non-finite
// checks in the same order, `value -= lr * grad` — with the same operations in the same order, so
// the same numbers bit for bit, but into buffers allocated once per batch size: the products write
// into preallocated outputs, the bias and the ReLU are applied to each block of the forward product
// as it is made, `x.T` and `w.T` are flags of the product, and the update is done in place.
//
// It leaves behind what the modules would: `model.outputs`, `model.outputGradients`, every
// `grad`, the layers' remembered inputs and the loss's remembered values hold the same numbers
// after every step (also one that stops on a non-finite number). They share the buffers' storage
// until the next step lets go of them; a caller that keeps one of those tensors keeps its own copy
// (the buffer is copied on the next write, as any tensor is).

/// The allocation-free step of a `Trainer` whose model and loss it recognises.
final class DenseTrainerPath {
    /// A `Linear` layer and the `ReLU` straight after it, if any.
    struct Stage {
        let linear: Linear
        /// The position of `linear` in the model's layers (the ReLU is at `index + 1`).
        let index: Int
        let relu: ReLU?
        let inputs: Int
        let outputs: Int
        /// The position of the layer whose output is this stage's output.
        var outputIndex: Int { relu == nil ? index : index + 1 }
    }

    enum Objective {
        case mse(MSELoss)
        case softmax(SoftmaxCrossEntropy)
    }

    /// How a step ended.
    enum Outcome {
        /// The loss before the update.
        case finished(Double)
        /// `tensor` (named as `Trainer.step` names it) was the first to be NaN or infinite.
        case nonFinite(tensor: String, loss: Double)
    }

    /// The buffers for one batch size.
    final class Buffers {
        /// One per model layer, as `Sequential.outputs`.
        var outputs: [Tensor]
        /// One per model layer, as `Sequential.outputGradients`.
        var outputGradients: [Tensor]
        /// The loss's gradient, made before the checks and moved into `outputGradients` only when
        /// the backward pass runs (a step stopped earlier keeps the previous gradients, as
        /// `Sequential` does).
        var lossGradient: Tensor
        /// One per parameter, in the optimiser's order.
        var grads: [Tensor]
        /// For `SoftmaxCrossEntropy`: what its `forward` remembers.
        var probabilities: Tensor
        var losses: Tensor
        var labels: [Int]
        /// Rows gathered by `Trainer.train`.
        var input: Tensor
        var targets: Tensor?

        init(batch: Int, path: DenseTrainerPath) {
            let layerCount = path.model.layers.count
            var widths = [Int](repeating: 0, count: layerCount)
            for stage in path.stages {
                widths[stage.index] = stage.outputs
                if stage.relu != nil { widths[stage.index + 1] = stage.outputs }
            }
            outputs = widths.map { Tensor.zeros(batch, $0) }
            outputGradients = outputs
            let classes = path.stages[path.stages.count - 1].outputs
            lossGradient = Tensor.zeros(batch, classes)
            grads = path.parameters.map { Tensor.zeros(shape: $0.value.shape) }
            if case .softmax = path.objective {
                probabilities = Tensor.zeros(batch, classes)
                losses = Tensor.zeros(batch)
            } else {
                probabilities = Tensor.zeros(0)
                losses = Tensor.zeros(0)
            }
            labels = [Int](repeating: 0, count: batch)
            input = Tensor.zeros(batch, path.stages[0].inputs)
        }
    }

    let model: Sequential
    let stages: [Stage]
    let objective: Objective
    /// The model's parameters, which are also the optimiser's, in the same order.
    let parameters: [Parameter]
    private var buffers: [Int: Buffers] = [:]

    /// A fast path for `model`, or nil when it is not the case this handles.
    init?(model: Sequential, loss: any Loss, optimizer: SGD) {
        let layers = model.layers
        guard !layers.isEmpty else { return nil }
        // Every module once (a module appearing twice remembers only its last input).
        var seen = Set<ObjectIdentifier>()
        for layer in layers { guard seen.insert(ObjectIdentifier(layer)).inserted else { return nil } }
        var stages = [Stage]()
        var index = 0
        while index < layers.count {
            guard let linear = layers[index] as? Linear else { return nil }
            let relu = index + 1 < layers.count ? layers[index + 1] as? ReLU : nil
            let shape = linear.weight.value.shape
            guard shape.count == 2, shape[0] > 0, shape[1] > 0 else { return nil }
            if let last = stages.last, last.outputs != shape[0] { return nil }
            stages.append(Stage(linear: linear, index: index, relu: relu, inputs: shape[0], outputs: shape[1]))
            index += relu == nil ? 1 : 2
        }
        if let loss = loss as? MSELoss {
            objective = .mse(loss)
        } else if let loss = loss as? SoftmaxCrossEntropy {
            objective = .softmax(loss)
        } else {
            return nil
        }
        // The optimiser updates exactly the model's parameters, each once, in the model's order.
        let parameters = model.parameters
        guard parameters.count == optimizer.parameters.count,
              zip(parameters, optimizer.parameters).allSatisfy({ $0 === $1 }),
              Set(parameters.map(ObjectIdentifier.init)).count == parameters.count else { return nil }
        self.model = model
        self.stages = stages
        self.parameters = parameters
    }

    // MARK: - Whether a batch is one this path takes

    /// Whether `inputs` and `targets` (or their `rows`, when given) are a batch this path steps on
    /// exactly as the modules would. Anything else (a shape the modules refuse, a label that is
    /// not a class) goes the general way, which says what is wrong.
    func fits(inputs: Tensor, targets: Tensor, rows: [Int]? = nil) -> Bool {
        let batch = rows?.count ?? (inputs.shape.first ?? 0)
        guard batch > 0, inputs.shape.count == 2, inputs.shape[1] == stages[0].inputs,
              targets.shape.count >= 1 else { return false }
        if rows != nil, inputs.shape[0] != targets.shape[0] { return false }
        for stage in stages {
            let w = stage.linear.weight.value.shape
            guard w.count == 2, w[0] == stage.inputs, w[1] == stage.outputs else { return false }
            if let bias = stage.linear.bias {
                let b = bias.value.shape
                guard b.count == 1, b[0] == stage.outputs else { return false }
            }
        }
        let t = targets.shape
        let classes = stages[stages.count - 1].outputs
        switch objective {
        case .mse:
            // As `squaredErrorDifference`: a trailing axis of 1 dropped from either side, then
            // equal shapes. The prediction is (batch x classes).
            guard t[0] == batch || rows != nil else { return false }
            let rank = t.count >= 2 && t[t.count - 1] == 1 ? t.count - 1 : t.count
            if classes == 1 { return rank == 1 }
            return rank == 2 && t[1] == classes
        case .softmax:
            // As `SoftmaxCrossEntropy.classIndices`.
            guard t[0] == batch || rows != nil, t.count == 1 || (t.count == 2 && t[1] == 1) else { return false }
            return targets.withUnsafeBufferPointer { labels in
                func isClass(_ v: Double) -> Bool { v == v.rounded() && v >= 0 && v < Double(classes) }
                if let rows {
                    for r in rows where !isClass(labels[r]) { return false }
                } else {
                    for v in labels where !isClass(v) { return false }
                }
                return true
            }
        }
    }

    // MARK: - Buffers

    private func buffers(batch: Int) -> Buffers {
        if let existing = buffers[batch] { return existing }
        // A few sizes at most in a training run (the batch, a last short one, the full data).
        if buffers.count >= 4 { buffers.removeAll() }
        let made = Buffers(batch: batch, path: self)
        buffers[batch] = made
        return made
    }

    /// Lets go of the tensors the last step left with the model, its layers and the loss (the
    /// general path replaces them anyway), so that the buffers can be written without a copy.
    /// Gradients are forgotten as `SGD.zeroGrad()` does.
    private func release() {
        for parameter in parameters { parameter.zeroGrad() }
        model.outputs = []
        for stage in stages {
            stage.linear.input = nil
            stage.relu?.input = nil
        }
        switch objective {
        case .mse(let loss):
            loss.prediction = nil
            loss.target = nil
        case .softmax(let loss):
            loss.probabilities = nil
            loss.losses = nil
            loss.labels = []
        }
    }

    /// The rows `rows` of `inputs` and `targets`, gathered into the buffers of their batch size
    /// (after `fits(inputs:targets:rows:)`).
    func gather(_ rows: [Int], inputs: Tensor, targets: Tensor) -> (inputs: Tensor, targets: Tensor) {
        let b = buffers(batch: rows.count)
        release()
        inputs.rows(rows, into: &b.input)
        // Targets (rows x ...): made on the first batch of this size, or if their shape changed.
        let t = targets.shape
        if let existing = b.targets?.shape, existing.count == t.count, existing[0] == rows.count,
           existing.dropFirst() == t.dropFirst() {
        } else {
            b.targets = Tensor.zeros(shape: [rows.count] + t.dropFirst())
        }
        targets.rows(rows, into: &b.targets!)
        return (b.input, b.targets!)
    }

    // MARK: - The step

    /// One step on a batch that `fits`: what `Trainer.step` does between `zeroGrad()` and its
    /// return, checks included.
    func step(inputs: Tensor, targets: Tensor, optimizer: SGD) throws(ShapeError) -> Outcome {
        let b = buffers(batch: inputs.shape[0])
        release()
        let last = stages.count - 1
        let layerCount = model.layers.count

        // Forward: `lin` (+ `relu`) per stage, each product written into the layer's output.
        var failure: ShapeError?
        b.outputs.withUnsafeMutableBufferPointer { outs in
            do throws(ShapeError) {
                for (k, stage) in stages.enumerated() {
                    let x = k == 0 ? inputs : outs[stages[k - 1].outputIndex]
                    let w = stage.linear.weight.value
                    switch (stage.linear.bias, stage.relu) {
                    case (let bias?, .some):
                        try linReLU(x, w, bias.value, into: &outs[stage.index], activation: &outs[stage.index + 1])
                    case let (bias?, nil):
                        try lin(x, w, bias.value, into: &outs[stage.index])
                    case let (nil, relu):
                        try Tensor.matmul(x, w, into: &outs[stage.index])
                        if relu != nil { reluForward(outs[stage.index], into: &outs[stage.index + 1]) }
                    }
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        // What the modules remember of the forward pass.
        model.outputs = b.outputs
        for (k, stage) in stages.enumerated() {
            stage.linear.input = k == 0 ? inputs : b.outputs[stages[k - 1].outputIndex]
            stage.relu?.input = b.outputs[stage.index]
        }

        // The loss, and its gradient (kept aside until the backward pass).
        let value: Double
        switch objective {
        case .mse(let loss):
            value = MSELoss.lossAndGradient(b.outputs[layerCount - 1], targets, reduction: loss.reduction,
                                            into: &b.lossGradient)
            loss.prediction = b.outputs[layerCount - 1]
            loss.target = targets
        case .softmax(let loss):
            value = Self.softmaxCrossEntropy(b.outputs[layerCount - 1], labels: targets, buffers: b)
            loss.probabilities = b.probabilities
            loss.losses = b.losses
            loss.labels = b.labels
        }

        // The checks `Trainer.step` makes before the backward pass, in its order.
        for i in 0..<layerCount where !allFinite(b.outputs[i]) {
            return .nonFinite(tensor: "layer \(i + 1) (\(type(of: model.layers[i]))) output", loss: value)
        }
        guard value.isFinite else { return .nonFinite(tensor: "loss", loss: value) }

        // Backward, from the last stage: the gradient of each layer's output, and of each parameter.
        model.outputGradients = []
        swap(&b.lossGradient, &b.outputGradients[layerCount - 1])
        var parameterIndex = parameters.count
        b.outputGradients.withUnsafeMutableBufferPointer { gradients in
            do throws(ShapeError) {
                for k in stride(from: last, through: 0, by: -1) {
                    let stage = stages[k]
                    if k == last, stage.relu != nil {
                        // A ReLU on the output: `reluGrad` of the loss's gradient.
                        reluGrad(b.outputs[stage.index], gradients[stage.index + 1], into: &gradients[stage.index])
                    }
                    let g = gradients[stage.index]
                    let x = k == 0 ? inputs : b.outputs[stages[k - 1].outputIndex]
                    let w = stage.linear.weight.value
                    // `linGrad`: w.grad = x.T @ g, b.grad = g summed over rows ...
                    if stage.linear.bias != nil {
                        parameterIndex -= 2
                        try Tensor.matmul(x, g, into: &b.grads[parameterIndex], transposeA: true)
                        columnSums(g, into: &b.grads[parameterIndex + 1])
                    } else {
                        parameterIndex -= 1
                        try Tensor.matmul(x, g, into: &b.grads[parameterIndex], transposeA: true)
                    }
                    // ... and x.grad = g @ w.T, through the previous stage's ReLU if it has one (the
                    // first layer's input needs no gradient).
                    guard k > 0 else { continue }
                    let previous = stages[k - 1]
                    if previous.relu != nil {
                        try linGradInput(g, w, reluInput: b.outputs[previous.index],
                                         into: &gradients[previous.index + 1], masked: &gradients[previous.index])
                    } else {
                        try Tensor.matmul(g, w, into: &gradients[previous.index], transposeB: true)
                    }
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        model.outputGradients = b.outputGradients
        for (j, parameter) in parameters.enumerated() { parameter.grad = b.grads[j] }
        for (j, parameter) in parameters.enumerated() where !allFinite(b.grads[j]) {
            return .nonFinite(tensor: "\(parameter.name).grad", loss: value)
        }

        // `SGD.step()`, in place, then the last check.
        let learningRate = optimizer.learningRate
        for (j, parameter) in parameters.enumerated() {
            try parameter.value.subtract(b.grads[j], scaledBy: learningRate)
        }
        for parameter in parameters where !allFinite(parameter.value) {
            return .nonFinite(tensor: parameter.name, loss: value)
        }
        return .finished(value)
    }

    /// `SoftmaxCrossEntropy.forward(logits, labels)` then `backward()`, into the buffers: the
    /// probabilities, the per-example losses, the class indices and the gradient (in
    /// `lossGradient`), with the same operations in the same order. Returns the loss.
    private static func softmaxCrossEntropy(_ logits: Tensor, labels: Tensor, buffers b: Buffers) -> Double {
        let (rows, columns) = (logits.shape[0], logits.shape[1])
        labels.withUnsafeBufferPointer { v in
            for r in 0..<rows { b.labels[r] = Int(v[r]) }
        }
        logits.withUnsafeBufferPointer { x in
            b.probabilities.withUnsafeMutableBufferPointer { p in
                b.losses.withUnsafeMutableBufferPointer { l in
                    for r in 0..<rows {
                        let row = x.baseAddress! + r * columns, out = p.baseAddress! + r * columns
                        // `ShiftedRows`: the row's maximum as `Sequence.max()` finds it, then the
                        // sum of exp(v - m) in order.
                        var m = row[0]
                        for j in 1..<columns where m < row[j] { m = row[j] }
                        var s = 0.0
                        for j in 0..<columns { s += _exp(row[j] - m) }
                        l[r] = (m - row[b.labels[r]]) + _log(s)
                        for j in 0..<columns { out[j] = _exp(row[j] - m) / s }
                    }
                }
            }
        }
        // `backward()`: the probabilities, 1 taken from each label's, all divided by the batch.
        let batch = Double(rows)
        b.lossGradient.withUnsafeMutableBufferPointer { g in
            b.probabilities.withUnsafeBufferPointer { p in
                for i in 0..<g.count { g[i] = p[i] }
            }
            for r in 0..<rows { g[r * columns + b.labels[r]] -= 1 }
            for i in 0..<g.count { g[i] /= batch }
        }
        return b.losses.mean()
    }
}

/// `relu(z)` (`z.clamp(min: 0)`, that is `Swift.max(z, 0)`) written into `out`.
private func reluForward(_ z: Tensor, into out: inout Tensor) {
    z.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<o.count { o[i] = Swift.max(x[i], 0) }
        }
    }
}

/// `t.isFinite` without stopping at the first bad number (a loop the compiler vectorises): a
/// number is NaN or infinite exactly when its exponent bits are all ones.
private func allFinite(_ t: Tensor) -> Bool {
    t.withUnsafeBufferPointer { p in
        guard let base = p.baseAddress, !p.isEmpty else { return true }
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        return UnsafeRawPointer(base).withMemoryRebound(to: UInt64.self, capacity: p.count) { bits in
            var top: UInt64 = 0
            for i in 0..<p.count { top = Swift.max(top, bits[i] & exponent) }
            return top != exponent
        }
    }
}
