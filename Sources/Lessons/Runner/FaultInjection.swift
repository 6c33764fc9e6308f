/// Makes one step of one lesson fail as training does when a number turns NaN, so that the
/// failure path (report, summary, exit status, what the site shows) can be tested without
/// editing a lesson. The CLI reads it from `SCRATCHNET_FAULT=<lesson>:<step>`.
///
/// It does not alter any number a lesson computes: when the named step begins, before the
/// lesson's code for it runs, the recorder throws the `LessonError.nonFinite` that a lesson
/// reports for a non-finite loss. Detection of real non-finite values is the `Trainer`'s job
/// (NeuralNet), tested there.
public struct FaultInjection: Sendable, Equatable {
    public let lesson: String
    public let step: String

    public init(lesson: String, step: String) {
        self.lesson = lesson
        self.step = step
    }

    var detail: String {
        "the loss is nan (injected by SCRATCHNET_FAULT=\(lesson):\(step))"
    }
}
