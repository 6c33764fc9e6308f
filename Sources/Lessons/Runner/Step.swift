import LessonRecords

/// One step of a lesson as declared: its id (the URL fragment and the prose heading's anchor),
/// its title, what it does to the network, and the source code its page shows.
public struct Step: Sendable, Equatable {
    public let id: String
    public let title: String
    public let phase: StepRecord.Phase
    /// The code shown with the step, in order; `build` checks that each exists before any lesson runs.
    public let code: [CodeReference]
    public init(_ id: String, _ title: String, phase: StepRecord.Phase = .none, code: [CodeReference] = []) {
        self.id = id
        self.title = title
        self.phase = phase
        self.code = code
    }
}
