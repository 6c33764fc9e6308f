import Tensor

/// max(x, 0) element by element; its gradient passes where the input was positive.
public class ReLU: Module {
    /// The input of the last forward pass (the gradient depends on its sign).
    public private(set) var input: Tensor?

    /// A layer with nothing remembered yet.
    public init() {}

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        self.input = input
        return relu(input)
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        try reluGrad(remembered(input, "input", in: self), gradOutput)
    }
}

/// The logistic function 1 / (1 + e^-x), whose derivative is s (1 - s).
///
/// Tutorial [002] calls its tanh layer "Sigmoid"; that one is `Tanh` here.
public final class Sigmoid: Module {
    /// The output of the last forward pass (the derivative is written in terms of it).
    public private(set) var output: Tensor?

    /// A layer with nothing remembered yet.
    public init() {}

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        // For very negative x, e^-x overflows to infinity and the result is 0, not NaN.
        let s = input.map { 1 / (1 + Libm.exp(-$0)) }
        output = s
        return s
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        let s = remembered(output, "output", in: self)
        return try gradOutput * s.map { $0 * (1 - $0) }
    }
}

/// The hyperbolic tangent, whose derivative is 1 - tanh^2.
public final class Tanh: Module {
    /// The output of the last forward pass (the derivative is written in terms of it).
    public private(set) var output: Tensor?

    /// A layer with nothing remembered yet.
    public init() {}

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        let t = input.tanh()
        output = t
        return t
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        let t = remembered(output, "output", in: self)
        return try gradOutput * t.map { 1 - $0 * $0 }
    }
}
