import Tensor

/// Standard (inverted) dropout on activations: in training, each element is kept with
/// probability 1 - p and scaled by 1 / (1 - p), so that the expected output equals the input
/// and evaluation needs no rescaling; in evaluation it is the identity.
///
/// The backward pass multiplies by the same mask, since the output is the input times a
/// constant that happens to be 0 or 1 / (1 - p).
public final class Dropout: Module {
    /// The probability of dropping an element, in [0, 1).
    public let probability: Double
    /// Whether elements are dropped; `false` makes the layer the identity.
    public var isTraining = true
    /// The mask of the last training forward pass: 0 or 1 / (1 - p) per element; `nil` after an
    /// evaluation pass.
    public private(set) var mask: Tensor?
    /// The source of the masks, advanced by each training forward pass.
    public private(set) var generator: Xoshiro256StarStar

    /// Dropout with drop probability `probability`, masks drawn from `generator`.
    public init(probability: Double, generator: Xoshiro256StarStar) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
        self.generator = generator
    }

    public func setTraining(_ training: Bool) { isTraining = training }

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        guard isTraining else {
            mask = nil
            return input
        }
        let p = probability, scale = 1 / (1 - probability)
        // Drawn in row-major order, one uniform per element: element i is dropped when u < p.
        let m = input.map { _ in generator.nextUniform() < p ? 0 : scale }
        mask = m
        return try input * m
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        guard let mask else { return gradOutput }
        return try gradOutput * mask
    }
}

/// The "dropout" of tutorial [003], reproduced as written: each forward pass sets
/// floor(count x p) randomly chosen *weights* of the wrapped layer to zero (chosen without
/// replacement), and the backward pass then uses the undropped weights.
///
/// This is not standard dropout, which zeroes activations and rescales the survivors (see
/// `Dropout`). Nor is it a consistent "drop-connect": there the backward pass would use the
/// same dropped weights and mask the weight gradient. Here the mask is ignored in backward, so
/// the gradients are those of a network the forward pass did not run. The lesson compares both.
/// Note that floor(count x p) is 0 for small matrices (the tutorial's 4x1 output weights at
/// p = 0.2), so nothing is dropped there.
public final class WeightDropout: Module {
    /// The wrapped layer, whose parameters are the ones trained.
    public let layer: Linear
    /// The fraction of the weights zeroed in each forward pass.
    public let probability: Double
    /// Whether weights are dropped; `false` makes this the wrapped layer itself.
    public var isTraining = true
    /// The weights used by the last forward pass, with the dropped ones set to zero.
    public private(set) var droppedWeight: Tensor?
    /// The row-major positions of the weights dropped in the last forward pass.
    public private(set) var droppedIndices: [Int] = []
    /// The source of the dropped positions, advanced by each training forward pass.
    public private(set) var generator: Xoshiro256StarStar
    private var input: Tensor?

    /// Wraps `layer`, dropping floor(count x `probability`) of its weights per forward pass,
    /// positions drawn from `generator`.
    public init(_ layer: Linear, probability: Double, generator: Xoshiro256StarStar) {
        precondition(probability >= 0 && probability <= 1, "WeightDropout: probability must be in [0, 1], got \(probability)")
        self.layer = layer
        self.probability = probability
        self.generator = generator
    }

    public var parameters: [Parameter] { layer.parameters }

    public func setTraining(_ training: Bool) { isTraining = training }

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        self.input = input
        guard isTraining else {
            droppedWeight = nil
            droppedIndices = []
            return try layer.output(input, weight: layer.weight.value)
        }
        var w = layer.weight.value
        let dropCount = Int((Double(w.count) * probability).rounded(.down))
        droppedIndices = generator.sampleWithoutReplacement(dropCount, from: w.count)
        w.withUnsafeMutableBufferPointer { p in
            for i in droppedIndices { p[i] = 0 }
        }
        droppedWeight = w
        return try layer.output(input, weight: w)
    }

    /// The wrapped layer's backward pass with its undropped weights, as the tutorial does.
    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        try layer.backward(gradOutput, input: remembered(input, "input", in: self))
    }
}
