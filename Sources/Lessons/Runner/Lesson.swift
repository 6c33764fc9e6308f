import Datasets
import LessonRecords

/// A lesson: what it is called, the steps it promises, and the code that runs them.
///
/// Each lesson is one Swift file that builds a `Lesson` value. Its `steps` are declared up front
/// so that `scratchnet list` and the prose check know them without running anything; `run` must
/// record exactly those steps, in that order.
public struct Lesson: Sendable {
    /// Unique, lower-case with dashes; names the prose file `lessons/NN-id.md` and the snapshot.
    public let id: String
    /// The `NN` of the prose file, and the lesson's place in the course.
    public let number: Int
    public let title: String
    public let summary: String
    public let track: Track
    public let steps: [Step]
    /// Whether the lesson trains for many seconds at the full profile: a build starts such
    /// lessons first, so that the others run beside them instead of before them.
    public let runsLong: Bool
    /// Runs the lesson, recording each step through the recorder.
    public let run: @Sendable (Recorder) throws -> Void

    public init(id: String, number: Int, title: String, summary: String, track: Track, steps: [Step],
                runsLong: Bool = false, run: @escaping @Sendable (Recorder) throws -> Void) {
        self.id = id
        self.number = number
        self.title = title
        self.summary = summary
        self.track = track
        self.steps = steps
        self.runsLong = runsLong
        self.run = run
    }

    /// The prose file's name, e.g. `04-manual-backward.md`.
    public var proseFileName: String {
        (number < 10 ? "0" : "") + "\(number)-\(id).md"
    }
}

extension LessonProse {
    /// Checks that every step `lesson` declares has a section and every section names one of them.
    public func check(against lesson: Lesson) throws {
        try check(lesson: lesson.id, declared: lesson.steps.map(\.id))
    }
}
