import Foundation

/// One step of a lesson: what it computed, in the order a learner should see it.
public struct StepRecord: Codable, Sendable, Equatable {
    /// Unique within the lesson; the prose names it and the page uses it as the URL fragment.
    public var id: String
    public var title: String
    /// The state of the network the step's diagram draws.
    public var phase: Phase
    /// The source code the step shows (declared with the step, read from the file at build time).
    public var code: [CodeReference] = []
    /// Shape bookkeeping, e.g. `x (25x3) @ w1 (3x5) + b1 (5) -> l1 (25x5)`.
    public var shapeEquations: [String] = []
    public var tensors: [TensorRecord] = []
    public var scalars: [ScalarRecord] = []
    public var charts: [ChartRecord] = []
    public var images: [ImageGrid] = []
    public var networks: [NetworkState] = []
    public var graphs: [ComputationGraph] = []
    public var checks: [GradientCheckTable] = []
    public var tables: [TableRecord] = []
    public var errors: [CaughtError] = []
    /// Frames of training to scrub through, if the step records them (absent from the JSON
    /// otherwise, so records without one read and write as before).
    public var scrubber: ScrubberRecord?
    /// An autograd tape and a backward sweep over it to step through, if the step records one
    /// (absent from the JSON otherwise).
    public var tape: TapeRecord?
    /// Facts the run established, in words the page shows as they are (e.g. which step diverged).
    public var notes: [String] = []
    /// Wall-clock measurements. Shown on the page, never written to snapshots or compared.
    public var timings: [Timing] = []

    public init(id: String, title: String, phase: Phase = .none, code: [CodeReference] = []) {
        self.id = id
        self.title = title
        self.phase = phase
        self.code = code
    }

    /// What the step does to the network, for the diagram's colouring.
    public enum Phase: String, Codable, Sendable {
        case none, data, forward, backward, update, check
    }
}

/// A named number (a loss, a learning rate, an accuracy).
public struct ScalarRecord: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// An error a lesson provoked on purpose (or met), caught and shown with its message.
public struct CaughtError: Codable, Sendable, Equatable {
    /// The code that raised it, as the page shows it.
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
