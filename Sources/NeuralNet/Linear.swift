import Tensor

/// A fully connected layer: `x @ w + b` (or `x @ w` without bias), with `w` of shape
/// (in x out) so that a batch of rows goes in on the left, as in the tutorials.
public class Linear: Module {
    /// The weights, (in x out).
    public let weight: Parameter
    /// The bias, (out), or `nil` for a layer without one (the Boston network of [003]).
    public let bias: Parameter?
    /// The input of the last forward pass.
    public private(set) var input: Tensor?

    /// A layer over existing parameters (shared with whoever else holds them).
    public init(weight: Parameter, bias: Parameter?) {
        precondition(weight.value.rank == 2, "Linear: weight must be a matrix, got \(formatShape(weight.value.shape))")
        if let bias {
            precondition(bias.value.shape == [weight.value.shape[1]],
                         "Linear: bias \(formatShape(bias.value.shape)) does not fit weight \(formatShape(weight.value.shape))")
        }
        self.weight = weight
        self.bias = bias
    }

    /// A layer with the given values; its parameters are named `w` and `b` followed by `suffix`
    /// (`suffix: "1"` gives `w1` and `b1`).
    public convenience init(weight: Tensor, bias: Tensor?, suffix: String = "") {
        self.init(weight: Parameter(name: "w" + suffix, value: weight),
                  bias: bias.map { Parameter(name: "b" + suffix, value: $0) })
    }

    /// A layer of `inFeatures` inputs and `outFeatures` outputs, weights drawn by `initializer`,
    /// bias (if any) zero.
    public convenience init(
        _ inFeatures: Int, _ outFeatures: Int, bias: Bool = true,
        initializer: Initializer = .kaimingNormal, suffix: String = "",
        using generator: inout Xoshiro256StarStar
    ) {
        self.init(weight: initializer.weights(fanIn: inFeatures, fanOut: outFeatures, using: &generator),
                  bias: bias ? Initializer.bias(outFeatures) : nil, suffix: suffix)
    }

    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        self.input = input
        return try output(input, weight: weight.value)
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        try backward(gradOutput, input: remembered(input, "input", in: self))
    }

    /// The forward map with `weight` in place of the layer's own (for weight dropout).
    func output(_ input: Tensor, weight: Tensor) throws(ShapeError) -> Tensor {
        if let bias { return try lin(input, weight, bias.value) }
        return try input.matmul(weight)
    }

    /// The one place the layer's gradients are computed: always with the layer's own weights.
    func backward(_ gradOutput: Tensor, input: Tensor) throws(ShapeError) -> Tensor {
        let grads = try linGrad(input, weight.value, gradOutput)
        try weight.accumulate(grads.w)
        try bias?.accumulate(grads.b)
        return grads.x
    }
}
