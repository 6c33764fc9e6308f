import Tensor

/// Modules applied one after another; backward runs them in reverse.
public final class Sequential: Module {
    /// The layers, first to last.
    public let layers: [any Module]
    /// The output of each layer in the last forward pass (the activations a diagram shows).
    public private(set) var outputs: [Tensor] = []
    /// The gradient of the loss with respect to each layer's output in the last backward pass,
    /// aligned with `outputs`.
    public private(set) var outputGradients: [Tensor] = []

    /// The layers in the order the input goes through them.
    public init(_ layers: [any Module]) {
        self.layers = layers
    }

    /// The layers in the order the input goes through them.
    public convenience init(_ layers: any Module...) {
        self.init(layers)
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public func setTraining(_ training: Bool) {
        for layer in layers { layer.setTraining(training) }
    }

    public func forward(_ input: Tensor) throws(ShapeError) -> Tensor {
        outputs.removeAll(keepingCapacity: true)
        var x = input
        for layer in layers {
            x = try layer.forward(x)
            outputs.append(x)
        }
        return x
    }

    public func backward(_ gradOutput: Tensor) throws(ShapeError) -> Tensor {
        outputGradients = Array(repeating: gradOutput, count: layers.count)
        var g = gradOutput
        for index in layers.indices.reversed() {
            outputGradients[index] = g
            g = try layers[index].backward(g)
        }
        return g
    }
}
