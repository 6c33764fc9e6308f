import Tensor

// The fast path beneath `lin`, `relu`, `linGrad` and the losses: the same arithmetic, in the same
// order (so the same numbers, bit for bit), written into buffers allocated once. A training loop
// that uses it allocates nothing per step: the matrix products write into preallocated outputs,
// the bias and the ReLU are applied in one pass over the product, the transposes are flags of the
// product (never materialised), and the SGD update happens in place.

/// `lin(x, w, b)` written into `out`, which must already have the shape (N x out). The bias is
/// added to each block of the product as soon as it is made (a matmul epilogue).
public func lin(_ x: Tensor, _ w: Tensor, _ b: Tensor, into out: inout Tensor) throws(ShapeError) {
    try checkBias(b, w)
    var failure: ShapeError?
    b.withUnsafeBufferPointer { bias in
        do throws(ShapeError) {
            try Tensor.matmul(x, w, into: &out) { rows, columns, z in
                BlockOps.addBias(z, bias: bias.baseAddress!, relu: nil, width: bias.count, rows: rows, columns: columns)
            }
        } catch { failure = error }
    }
    if let failure { throw failure }
}

/// `z = lin(x, w, b)` and `a = relu(z)`, both applied to each block of the product as soon as it
/// is made (a matmul epilogue); `z` is kept for the backward pass. Both must already have the
/// shape (N x out).
public func linReLU(_ x: Tensor, _ w: Tensor, _ b: Tensor, into z: inout Tensor, activation a: inout Tensor) throws(ShapeError) {
    try checkBias(b, w)
    precondition(a.shape == z.shape, "linReLU: the activation buffer \(formatShape(a.shape)) differs from \(formatShape(z.shape))")
    var failure: ShapeError?
    b.withUnsafeBufferPointer { bias in
        a.withUnsafeMutableBufferPointer { act in
            let act = act.baseAddress!
            do throws(ShapeError) {
                try Tensor.matmul(x, w, into: &z) { rows, columns, z in
                    // z + b, and relu(z) = z.clamp(min: 0) = Swift.max(z, 0)
                    BlockOps.addBias(z, bias: bias.baseAddress!, relu: act, width: bias.count, rows: rows, columns: columns)
                }
            } catch { failure = error }
        }
    }
    if let failure { throw failure }
}

/// The input's gradient of `lin` (`gradOutput @ w.T`) written into `product`, and, when the layer's
/// input came out of a ReLU with pre-activation `reluInput`, `reluGrad(reluInput, product)`
/// written into `masked` in the same pass (a matmul epilogue). Buffers of the input's shape.
public func linGradInput(_ gradOutput: Tensor, _ w: Tensor, reluInput: Tensor, into product: inout Tensor,
                         masked: inout Tensor) throws(ShapeError) {
    precondition(reluInput.shape == product.shape && masked.shape == product.shape, "linGradInput: buffer shapes differ")
    var failure: ShapeError?
    reluInput.withUnsafeBufferPointer { x in
        masked.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            do throws(ShapeError) {
                try Tensor.matmul(gradOutput, w, into: &product, transposeB: true) { rows, columns, g in
                    // reluGrad: g * (x > 0)
                    BlockOps.reluMask(out, gradient: g, input: x.baseAddress!, width: w.shape[0], rows: rows, columns: columns)
                }
            } catch { failure = error }
        }
    }
    if let failure { throw failure }
}

/// The weight gradient of `lin` (`x.T @ gradOutput`) written into `gradient`, and the SGD update
/// `w -= lr * gradient` applied to each block as soon as it is made (a matmul epilogue): the same
/// numbers as `w.subtract(gradient, scaledBy: lr)` afterwards, without another pass.
public func linGradWeightStep(_ x: Tensor, _ gradOutput: Tensor, into gradient: inout Tensor,
                              updating w: inout Tensor, learningRate lr: Double) throws(ShapeError) {
    guard gradient.shape == w.shape else {
        throw ShapeError(operation: "weight step", shapes: [w.shape, gradient.shape],
                         reason: "the gradient buffer needs the weights' shape")
    }
    var failure: ShapeError?
    w.withUnsafeMutableBufferPointer { weights in
        let weights = weights.baseAddress!
        do throws(ShapeError) {
            try Tensor.matmul(x, gradOutput, into: &gradient, transposeA: true) { rows, columns, g in
                // w -= lr * g
                BlockOps.subtractScaled(weights, g, scale: lr, width: gradOutput.shape[1], rows: rows, columns: columns)
            }
        } catch { failure = error }
    }
    if let failure { throw failure }
}

private func checkBias(_ b: Tensor, _ w: Tensor) throws(ShapeError) {
    guard w.rank == 2, b.shape == [w.shape[1]] else {
        throw ShapeError(operation: "add bias", shapes: [w.shape, b.shape], symbol: "+",
                         reason: "the bias needs one value per column of the weights")
    }
}

/// `reluGrad(input, gradOutput)` (`gradOutput * (input > 0)`) written into `out`.
public func reluGrad(_ input: Tensor, _ gradOutput: Tensor, into out: inout Tensor) {
    precondition(input.count == gradOutput.count && out.count == input.count, "reluGrad into: sizes differ")
    input.withUnsafeBufferPointer { x in
        gradOutput.withUnsafeBufferPointer { g in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] = g[i] * (x[i] > 0 ? 1 : 0) }
            }
        }
    }
}

/// `gradOutput.sum(axis: 0)` of a matrix written into `out` (its column count): the bias
/// gradient, summed over rows in order from 0 as `sum(axis:)` does.
public func columnSums(_ gradOutput: Tensor, into out: inout Tensor) {
    let (rows, columns) = (gradOutput.shape[0], gradOutput.shape[1])
    precondition(out.count == columns, "columnSums into: \(out.count) outputs for \(columns) columns")
    gradOutput.withUnsafeBufferPointer { g in
        out.withUnsafeMutableBufferPointer { o in
            BlockOps.columnSums(g.baseAddress!, into: o.baseAddress!, rows: rows, columns: columns)
        }
    }
}

/// Buffers for training a stack of dense layers (ReLU between them, none after the last) on
/// batches of a fixed size with SGD, allocated once. `step` does what the readable loop does —
/// `lin`, `relu`, the loss and its gradient, `linGrad` layer by layer from the last, each layer's
/// input gradient taken with the weights before their update, then `w -= lr * w.grad` — with the
/// same numbers, and without allocating.
public final class DenseWorkspace {
    /// What the last layer's output is compared with.
    public enum Objective {
        /// Softmax cross-entropy against class indices (`SoftmaxCrossEntropy`).
        case softmaxCrossEntropy
        /// Squared error against targets of the output's shape (`MSELoss`).
        case mse(MSEReduction)
    }

    /// Layer sizes, input first.
    public let sizes: [Int]
    /// Rows per batch.
    public let batch: Int
    /// A batch of inputs gathered by `gather` (batch x sizes[0]).
    public var input: Tensor
    /// Targets gathered by `gather`, for `.mse` (batch x sizes.last).
    public var targets: Tensor
    /// Class indices gathered by `gather`, for `.softmaxCrossEntropy`.
    public var labels: [Int]
    /// The next batch's inputs, being gathered by `gatherNext` (the shape of `input`, with which
    /// it swaps).
    private var spareInput: Tensor
    /// Pre-activations of each layer (batch x out) after the last forward pass; the last is the
    /// network's output.
    public var z: [Tensor] { small.map { s in (0..<sizes.count - 1).map { s.z($0) } } ?? zBuffers }
    /// relu(z[k]) for every layer but the last.
    public var activations: [Tensor] { small.map { s in (0..<sizes.count - 2).map { s.activation($0) } } ?? activationBuffers }
    private var zBuffers: [Tensor]
    private var activationBuffers: [Tensor]
    /// For a network whose every product is small: its buffers, and the step in one C call a pass.
    private let smallBuffers: SmallDenseBuffers?
    /// `smallBuffers`, which keeps it alive, for the step to call without retaining it each time.
    private unowned(unsafe) let small: SmallDenseBuffers?
    private var gradZ: [Tensor]
    private var gradA: [Tensor]
    private var gradW: [Tensor]
    private var gradB: [Tensor]

    /// Buffers for a network of layer sizes `sizes` (at least two) on batches of `batch` rows.
    public init(sizes: [Int], batch: Int) {
        precondition(sizes.count >= 2 && batch > 0, "DenseWorkspace: needs two sizes and a batch")
        self.sizes = sizes
        self.batch = batch
        let layers = sizes.count - 1
        input = Tensor.zeros(batch, sizes[0])
        targets = Tensor.zeros(batch, sizes[layers])
        labels = Array(repeating: 0, count: batch)
        spareInput = input
        zBuffers = (0..<layers).map { Tensor.zeros(batch, sizes[$0 + 1]) }
        activationBuffers = (0..<layers - 1).map { Tensor.zeros(batch, sizes[$0 + 1]) }
        gradZ = zBuffers
        gradA = activationBuffers
        smallBuffers = SmallDenseBuffers.fits(sizes: sizes, batch: batch) ? SmallDenseBuffers(sizes: sizes, batch: batch) : nil
        small = smallBuffers
        gradW = (0..<layers).map { Tensor.zeros(sizes[$0], sizes[$0 + 1]) }
        gradB = (0..<layers).map { Tensor.zeros(sizes[$0 + 1]) }
    }

    /// Copies the rows `indices` of `inputs` into `input`, and of `targets` (a matrix) or
    /// `labels` (class indices) into the matching buffer.
    public func gather(_ indices: [Int], inputs: Tensor, targets: Tensor? = nil, labels: [Int]? = nil) {
        inputs.rows(indices, into: &input)
        gatherTargets(indices, targets: targets, labels: labels)
    }

    /// The rows `indices` of `targets` or `labels` into the matching buffer.
    private func gatherTargets(_ indices: [Int], targets: Tensor?, labels: [Int]?) {
        if let targets { targets.rows(indices, into: &self.targets) }
        if let labels {
            for (r, i) in indices.enumerated() { self.labels[r] = labels[i] }
        }
    }

    /// Runs `body` (a step on the current batch, say) while the rows `indices` are copied into
    /// spare buffers on another core, then makes them the current batch, as `gather` would: a
    /// training loop's next batch comes in from memory while this one trains. The products in
    /// `body` run on its thread alone meanwhile (see `Tensor.rows(_:into:during:)`); without a
    /// free core the rows are copied first. The numbers are those of a loop that gathers each
    /// batch before its step. `body` must not gather into this workspace itself.
    public func gatherNext<R>(_ indices: [Int], inputs: Tensor, targets: Tensor? = nil, labels: [Int]? = nil,
                              during body: () throws -> R) rethrows -> R {
        let result = try inputs.rows(indices, into: &spareInput, during: body)
        swap(&input, &spareInput)
        // a few numbers a row: copied after the step, into the buffers it has finished with
        gatherTargets(indices, targets: targets, labels: labels)
        return result
    }

    /// The forward pass on `x` (batch x sizes[0]) through the general path: fills `z` and
    /// `activations`.
    private func forward(_ x: Tensor, weights: [Tensor], biases: [Tensor]) throws(ShapeError) {
        let last = weights.count - 1
        for k in 0...last {
            let layerInput = k == 0 ? x : activationBuffers[k - 1]
            if k < last {
                try linReLU(layerInput, weights[k], biases[k], into: &zBuffers[k], activation: &activationBuffers[k])
            } else {
                try lin(layerInput, weights[k], biases[k], into: &zBuffers[k])
            }
        }
    }

    /// Whether the small path can take these operands (anything else goes the general way, which
    /// reports what does not fit).
    private func fitsSmallPath(_ x: Tensor, _ weights: [Tensor], _ biases: [Tensor], _ objective: Objective) -> Bool {
        // element by element: an array literal to compare with would be built on every step
        let layers = sizes.count - 1
        guard x.rank == 2, x.shape[0] == batch, x.shape[1] == sizes[0], weights.count == layers,
              biases.count == layers else { return false }
        for k in 0..<layers {
            let w = weights[k].shape, b = biases[k].shape
            guard w.count == 2, w[0] == sizes[k], w[1] == sizes[k + 1], b.count == 1, b[0] == sizes[k + 1] else {
                return false
            }
        }
        if case .mse = objective { return targets.count == batch * sizes[layers] }
        return true
    }

    /// One SGD step on the batch `x` (batch x sizes[0]) against `labels` or `targets` (as the
    /// objective needs): forward, loss, backward, update in place. Returns the loss before the
    /// update; when it is not finite, nothing is updated.
    @discardableResult
    public func step(_ x: Tensor, weights: inout [Tensor], biases: inout [Tensor], objective: Objective,
                     learningRate lr: Double) throws(ShapeError) -> Double {
        if let small, fitsSmallPath(x, weights, biases, objective) {
            // targets and labels reached in place (a mutable access), not copied out of the
            // object, which would retain and release their storage on every step
            return x.withUnsafeBufferPointer { input in
                targets.withUnsafeMutableBufferPointer { targets in
                    labels.withUnsafeMutableBufferPointer { labels in
                        small.step(input.baseAddress!, weights: &weights, biases: &biases, objective: objective,
                                   targets: targets.baseAddress!, labels: UnsafeBufferPointer(labels), learningRate: lr)
                    }
                }
            }
        }
        try forward(x, weights: weights, biases: biases)
        let last = weights.count - 1
        let loss: Double
        switch objective {
        case .softmaxCrossEntropy:
            loss = SoftmaxCrossEntropy.lossAndGradient(zBuffers[last], labels: labels, into: &gradZ[last])
        case .mse(let reduction):
            loss = MSELoss.lossAndGradient(zBuffers[last], targets, reduction: reduction, into: &gradZ[last])
        }
        guard loss.isFinite else { return loss }
        for k in stride(from: last, through: 0, by: -1) {
            let layerInput = k == 0 ? x : activationBuffers[k - 1]
            let upstream = gradZ[k]
            // the input's gradient first, with the weights before their update
            if k > 0 {
                try linGradInput(upstream, weights[k], reluInput: zBuffers[k - 1], into: &gradA[k - 1], masked: &gradZ[k - 1])
            }
            // then w.grad = input.T @ upstream, and w -= lr * w.grad block by block as it is made
            try linGradWeightStep(layerInput, upstream, into: &gradW[k], updating: &weights[k], learningRate: lr)
            columnSums(upstream, into: &gradB[k])
            try biases[k].subtract(gradB[k], scaledBy: lr)
        }
        return loss
    }
}

extension SoftmaxCrossEntropy {
    /// `forward(logits, labels)` then `backward()`, with the gradient written into `grad` (the
    /// logits' shape) and the same numbers: the fast path of a training loop.
    public static func lossAndGradient(_ logits: Tensor, labels: [Int], into grad: inout Tensor) -> Double {
        let (rows, columns) = (logits.shape[0], logits.shape[1])
        precondition(labels.count == rows && grad.count == logits.count, "lossAndGradient: sizes differ")
        return logits.withUnsafeBufferPointer { x in
            grad.withUnsafeMutableBufferPointer { g in
                labels.withUnsafeBufferPointer { labels in
                    lossAndGradient(x.baseAddress!, labels: labels, rows: rows, columns: columns, into: g.baseAddress!)
                }
            }
        }
    }

    /// The same on raw row-major storage (rows x columns).
    static func lossAndGradient(_ x: UnsafePointer<Double>, labels: UnsafeBufferPointer<Int>, rows: Int, columns: Int,
                                into g: UnsafeMutablePointer<Double>) -> Double {
        let batch = Double(rows)
        var total = 0.0
        for r in 0..<rows {
            let row = x + r * columns, out = g + r * columns
            let label = labels[r]
            precondition(label >= 0 && label < columns, "label \(label) is not a class index in 0..<\(columns)")
            var m = row[0]
            for j in 1..<columns where m < row[j] { m = row[j] }
            // exp(x - m) kept in the gradient's row for the division (the same values as
            // computing them twice)
            var s = 0.0
            for j in 0..<columns {
                out[j] = _exp(row[j] - m)
                s += out[j]
            }
            total += (m - row[label]) + _log(s)
            for j in 0..<columns { out[j] /= s }
            out[label] -= 1
            for j in 0..<columns { out[j] /= batch }
        }
        return total / batch
    }
}

extension MSELoss {
    /// `MSELoss(reduction).forward(prediction, target)` then `backward()` for a prediction and a
    /// target of the same shape, with the gradient written into `grad`: the same numbers.
    public static func lossAndGradient(_ prediction: Tensor, _ target: Tensor, reduction: MSEReduction,
                                       into grad: inout Tensor) -> Double {
        precondition(prediction.count == target.count && grad.count == prediction.count, "lossAndGradient: sizes differ")
        let batch = prediction.rank == 0 ? 1 : prediction.shape[0]
        return prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { t in
                grad.withUnsafeMutableBufferPointer { g in
                    lossAndGradient(p.baseAddress!, t.baseAddress!, count: g.count, batch: batch, reduction: reduction,
                                    into: g.baseAddress!)
                }
            }
        }
    }

    /// The same on raw storage: `count` predictions and targets, `batch` rows.
    static func lossAndGradient(_ p: UnsafePointer<Double>, _ t: UnsafePointer<Double>, count: Int, batch rows: Int,
                                reduction: MSEReduction, into g: UnsafeMutablePointer<Double>) -> Double {
        let n = Double(count), batch = Double(rows)
        var total = 0.0
        // one loop per reduction: a switch inside the loop cost more than the arithmetic on the
        // exam network's 25 rows
        switch reduction {
        case .mean:
            for i in 0..<count {
                let d = p[i] - t[i]
                total += d * d
                g[i] = 2 * d / n
            }
        case .sumOverTwiceBatch:
            for i in 0..<count {
                let d = p[i] - t[i]
                total += d * d
                g[i] = d / batch
            }
        case .halfSum:
            for i in 0..<count {
                let d = p[i] - t[i]
                total += d * d
                g[i] = d
            }
        }
        switch reduction {
        case .mean: return total / n
        case .sumOverTwiceBatch: return total / (2 * batch)
        case .halfSum: return 0.5 * total
        }
    }
}
