import Tensor

/// A learnable tensor with its gradient: a class, so that a layer, an optimiser and a lesson
/// all see the same weights and an update made by one is seen by the others.
public final class Parameter {
    /// The name the tutorials give it (`w1`, `b1`, ...); its gradient is recorded as `name.grad`.
    public var name: String
    /// The current value.
    public var value: Tensor
    /// The gradient of the loss with respect to `value`, summed over the `backward` calls since
    /// the last `zeroGrad()`; `nil` when there has been none.
    public var grad: Tensor?

    /// A parameter without a gradient yet.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
    }

    /// Adds `gradient` to `grad`. The first gradient is stored as it is rather than added to
    /// zeros, so a single backward pass gives exactly the numbers the gradient functions give.
    public func accumulate(_ gradient: Tensor) throws(ShapeError) {
        guard gradient.shape == value.shape else {
            throw ShapeError(operation: "accumulate gradient of \(name)", shapes: [value.shape, gradient.shape],
                             reason: "a gradient has the shape of the thing it is the gradient of")
        }
        if grad == nil {
            grad = gradient
        } else {
            try grad!.add(gradient)
        }
    }

    /// Forgets the gradient, before the next backward pass.
    public func zeroGrad() { grad = nil }
}

/// A piece of a network: maps an input batch to an output batch, and back-propagates.
///
/// A module remembers what its `backward` needs from the last `forward` (its input, its output,
/// a dropout mask), so `backward` must follow the `forward` it belongs to.
public protocol Module: AnyObject {
    /// Computes the output for `input` and remembers what `backward` needs.
    func forward(_ input: Tensor) throws(ShapeError) -> Tensor

    /// Takes the gradient of the loss with respect to the last output, adds the gradients of the
    /// parameters to their `grad`, and returns the gradient with respect to the last input.
    func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor

    /// The learnable parameters, in a fixed order (the order an optimiser and a lesson see).
    var parameters: [Parameter] { get }

    /// Forgets the gradients of all parameters.
    func zeroGrad()

    /// Switches between training (dropout active) and evaluation (dropout off). Most modules
    /// behave the same in both.
    func setTraining(_ training: Bool)
}

extension Module {
    /// `module(x)` is `module.forward(x)`.
    public func callAsFunction(_ input: Tensor) throws(ShapeError) -> Tensor {
        try forward(input)
    }

    public var parameters: [Parameter] { [] }

    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }

    public func setTraining(_ training: Bool) {}
}

/// The value a module remembered from its forward pass, or a stop if there was none.
func remembered(_ value: Tensor?, _ what: String, in module: AnyObject) -> Tensor {
    guard let value else {
        preconditionFailure("\(type(of: module)).backward called before forward: no \(what) remembered")
    }
    return value
}
