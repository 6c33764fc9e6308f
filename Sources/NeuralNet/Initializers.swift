import Tensor

/// How a layer's weight matrix (fanIn x fanOut) is drawn. Every scheme fills the matrix in
/// row-major order from one generator, so one seed always gives the same network.
public enum Initializer: Sendable, Equatable {
    /// Standard normal N(0, 1), unscaled ([004]'s `torch.randn`).
    case randn
    /// Uniform in [low, high) ([003] uses [-1, 1)).
    case uniform(low: Double, high: Double)
    /// Kaiming (He) normal: N(0, 1) times sqrt(2 / fanIn), which keeps the variance of ReLU
    /// activations from shrinking or growing from layer to layer.
    case kaimingNormal
    /// The exam tutorial's [000] version, N(0, 1) *divided* by sqrt(2 / fanIn). It calls this
    /// Kaiming initialisation, but dividing makes the weights larger instead of smaller (by
    /// fanIn / 2 in variance), which is why its first loss is large.
    case kaimingDivided
    /// Xavier (Glorot) normal: N(0, 1) times sqrt(2 / (fanIn + fanOut)) ([002]'s `Dense`).
    case xavierNormal
    /// All zeros (biases; weights of zero never break symmetry).
    case zeros

    /// The weight matrix of a layer with `fanIn` inputs and `fanOut` outputs.
    public func weights(fanIn: Int, fanOut: Int, using generator: inout Xoshiro256StarStar) -> Tensor {
        let shape = [fanIn, fanOut]
        switch self {
        case .randn:
            return Tensor.randn(shape: shape, using: &generator)
        case let .uniform(low, high):
            return Tensor.uniform(shape: shape, low: low, high: high, using: &generator)
        case .kaimingNormal:
            return Tensor.randn(shape: shape, using: &generator) * (2 / Double(fanIn)).squareRoot()
        case .kaimingDivided:
            return Tensor.randn(shape: shape, using: &generator) / (2 / Double(fanIn)).squareRoot()
        case .xavierNormal:
            return Tensor.randn(shape: shape, using: &generator) * (2 / Double(fanIn + fanOut)).squareRoot()
        case .zeros:
            return Tensor.zeros(shape: shape)
        }
    }

    /// A zero bias of `count` entries, as every tutorial starts with.
    public static func bias(_ count: Int) -> Tensor {
        Tensor.zeros(count)
    }
}
