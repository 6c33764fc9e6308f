/// A layered network as one step left it, for the diagram: per layer its units' values for one
/// example, and the weights into it where the layer is small enough to draw every edge.
public struct NetworkState: Codable, Sendable, Equatable {
    public var name: String
    /// Which example of the batch the node values belong to.
    public var sample: Int
    /// The layer the step is about (lit up in the diagram), if any.
    public var activeLayer: Int?
    public var layers: [Layer]

    public struct Layer: Codable, Sendable, Equatable {
        /// `x`, `l1`, `l2`, `l3`...
        public var name: String
        public var units: Int
        /// Activations (forward) or gradients (backward) of the units for `sample`.
        public var values: [Double]?
        /// What `values` hold: `activation` or `gradient`.
        public var valueKind: String?
        /// Bias of each unit, if the layer has one.
        public var bias: [Double]?
        /// The biases after the update, on update steps (so the diagram after it shows the new values).
        public var biasAfter: [Double]?
        /// Weights from the previous layer, (previous units x units) row-major; nil when too many to draw.
        public var weights: [Double]?
        /// The weights' gradient, same layout, on backward steps.
        public var weightGradients: [Double]?
        /// The weights after the update, on update steps.
        public var weightsAfter: [Double]?
        /// For a 784-unit input layer: the input drawn as an image instead of 784 nodes.
        public var image: ImageRecord?

        public init(name: String, units: Int) {
            self.name = name
            self.units = units
        }
    }

    public init(name: String, sample: Int = 0, activeLayer: Int? = nil, layers: [Layer]) {
        self.name = name
        self.sample = sample
        self.activeLayer = activeLayer
        self.layers = layers
    }
}
