/// A computation graph drawn with its values and gradients (the Boston tutorial's bar notation).
public struct ComputationGraph: Codable, Sendable, Equatable {
    public var name: String
    public var nodes: [Node]
    /// Pairs of node ids, from input to output.
    public var edges: [[String]]

    public struct Node: Codable, Sendable, Equatable {
        public var id: String
        /// As the page writes it, e.g. `Z1 = X0 W1`.
        public var label: String
        public var shape: [Int]
        /// The node's value, summarised (a scalar, or the first element of a tensor).
        public var value: Double?
        /// The gradient of the loss with respect to the node (bar notation), summarised alike.
        public var gradient: Double?
        /// The gradient's name in bar notation, e.g. `dZ1`.
        public var gradientName: String?
        public init(id: String, label: String, shape: [Int], value: Double? = nil,
                    gradient: Double? = nil, gradientName: String? = nil) {
            self.id = id
            self.label = label
            self.shape = shape
            self.value = value
            self.gradient = gradient
            self.gradientName = gradientName
        }
    }

    public init(name: String, nodes: [Node], edges: [[String]]) {
        self.name = name
        self.nodes = nodes
        self.edges = edges
    }
}
