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
    /// How the charts are labelled and what else they draw, when not as in `sgd-step` (absent
    /// from the JSON then, so a record without one reads and writes as before).
    public var layout: Layout?

    public struct Frame: Codable, Sendable, Equatable {
        /// The frame's position, e.g. the epoch (0 before training).
        public var value: Double
        /// The loss at this frame.
        public var loss: Double
        /// One prediction per example, aligned with `targets`.
        public var predictions: [Double]
        /// The network in this frame's state (weights as edges, one example's activations).
        public var network: NetworkState
        /// Other networks' predictions at the same point of their own runs (e.g. without
        /// dropout), each aligned with `targets`; absent from the JSON when nil.
        public var otherPredictions: [ChartRecord.Series]?

        public init(value: Double, loss: Double, predictions: [Double], network: NetworkState,
                    otherPredictions: [ChartRecord.Series]? = nil) {
            self.value = value
            self.loss = loss
            self.predictions = predictions
            self.network = network
            self.otherPredictions = otherPredictions
        }
    }

    /// The charts' labels for a scrubber that is not about examples ordered by target and one
    /// loss curve: e.g. predictions along an input, or held-out losses beside training ones.
    public struct Layout: Codable, Sendable, Equatable {
        /// The predictions chart's x axis, e.g. `x, along y = 0.5`.
        public var exampleLabel: String
        /// Each example's position on that axis, aligned with `targets`; nil: the examples are
        /// numbered in the order of their targets.
        public var examplePositions: [Double]?
        /// The series names of the targets and of each frame's `predictions`.
        public var targetName: String
        public var predictionName: String
        /// What a frame's `loss` is, in its label (e.g. `held-out MSE`), and the loss chart's y axis.
        public var lossName: String
        public var lossLabel: String
        public var logScale: Bool
        /// More curves drawn with `losses` (e.g. the held-out loss), at the frames' values.
        public var otherLosses: [ChartRecord.Series]

        public init(exampleLabel: String, examplePositions: [Double]? = nil, targetName: String, predictionName: String,
                    lossName: String, lossLabel: String, logScale: Bool, otherLosses: [ChartRecord.Series] = []) {
            self.exampleLabel = exampleLabel
            self.examplePositions = examplePositions
            self.targetName = targetName
            self.predictionName = predictionName
            self.lossName = lossName
            self.lossLabel = lossLabel
            self.logScale = logScale
            self.otherLosses = otherLosses
        }
    }

    public init(name: String, title: String, label: String, losses: ChartRecord.Series, targets: [Double],
                frames: [Frame], strip: [Int], layout: Layout? = nil) {
        self.name = name
        self.title = title
        self.label = label
        self.losses = losses
        self.targets = targets
        self.frames = frames
        self.strip = strip
        self.layout = layout
    }
}
