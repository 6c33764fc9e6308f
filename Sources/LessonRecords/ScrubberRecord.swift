/// Training as a sequence of recorded frames a learner scrubs through: at each value of
/// `label` (an epoch), the network, the predictions against the targets, and where the loss
/// curve has got to. Every frame is computed by the lesson, so `verify` covers it; the page only
/// switches between them.
public struct ScrubberRecord: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    /// What a frame is indexed by, e.g. `epoch`.
    public var label: String
    /// The loss curve, one point per frame's value (drawn once, with each frame's marker).
    public var losses: ChartRecord.Series
    /// The targets the predictions are compared with, one per example.
    public var targets: [Double]
    public var frames: [Frame]
    /// The frames shown one after another without JavaScript (a few, evenly spaced).
    public var strip: [Int]

    public struct Frame: Codable, Sendable, Equatable {
        /// The frame's position, e.g. the epoch (0 before training).
        public var value: Double
        /// The loss at this frame.
        public var loss: Double
        /// One prediction per example, aligned with `targets`.
        public var predictions: [Double]
        /// The network in this frame's state (weights as edges, one example's activations).
        public var network: NetworkState

        public init(value: Double, loss: Double, predictions: [Double], network: NetworkState) {
            self.value = value
            self.loss = loss
            self.predictions = predictions
            self.network = network
        }
    }

    public init(name: String, title: String, label: String, losses: ChartRecord.Series, targets: [Double],
                frames: [Frame], strip: [Int]) {
        self.name = name
        self.title = title
        self.label = label
        self.losses = losses
        self.targets = targets
        self.frames = frames
        self.strip = strip
    }
}
