import Tensor

/// Plain stochastic gradient descent: `value -= learningRate * grad` for every parameter that
/// has a gradient, in place.
public final class SGD {
    /// The parameters updated by `step()`, in order.
    public let parameters: [Parameter]
    /// The step size.
    public var learningRate: Double

    /// An optimiser for `parameters` with step size `learningRate`.
    public init(parameters: [Parameter], learningRate: Double) {
        self.parameters = parameters
        self.learningRate = learningRate
    }

    /// Moves every parameter one step against its gradient. A parameter without a gradient
    /// (not reached by the last backward pass) stays where it is.
    public func step() throws(ShapeError) {
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            try parameter.value.subtract(grad, scaledBy: learningRate)
        }
    }

    /// Forgets all gradients, before the next backward pass.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}
