import Foundation
import Tensor
import LessonRecords

/// Collects what a lesson shows, step by step, into a `LessonRecord`.
///
/// A lesson calls `step(_:_:)` once per declared step, in order, and fills the step's record
/// with tensors, scalars, charts and the rest. Anything else (a missing step, a step out of
/// order, an unknown id) is a `LessonError` that names the lesson and the step.
public final class Recorder {
    public let lesson: Lesson
    public let configuration: LessonConfiguration
    /// Progress while a lesson trains: the CLI shows it, tests ignore it.
    public let progress: ProgressReporter
    public private(set) var record: LessonRecord
    private var nextStep = 0
    /// A step at which to fail as training does on a NaN (tests of the failure path only).
    let fault: FaultInjection?

    public init(lesson: Lesson, configuration: LessonConfiguration, progress: ProgressReporter = .silent,
                fault: FaultInjection? = nil) {
        self.lesson = lesson
        self.configuration = configuration
        self.progress = progress
        self.fault = fault
        self.record = LessonRecord(
            id: lesson.id, title: lesson.title, summary: lesson.summary, track: lesson.track,
            order: lesson.number, seed: configuration.seed, profile: configuration.profile)
    }

    public var profile: Profile { configuration.profile }

    /// The id of the step being recorded (or due next), for naming where a lesson failed.
    public var stepInProgress: String? {
        nextStep < lesson.steps.count ? lesson.steps[nextStep].id : nil
    }
    public var seed: UInt64 { configuration.seed }

    /// Records the next step; `id` must be the next declared one.
    public func step(_ id: String, _ body: (inout StepRecord) throws -> Void) throws {
        guard nextStep < lesson.steps.count else {
            throw LessonError.unexpectedStep(lesson: lesson.id, step: id, expected: nil)
        }
        let declared = lesson.steps[nextStep]
        guard declared.id == id else {
            throw LessonError.unexpectedStep(lesson: lesson.id, step: id, expected: declared.id)
        }
        if let fault, fault.lesson == lesson.id, fault.step == id {
            throw LessonError.nonFinite(lesson: lesson.id, step: id, detail: fault.detail)
        }
        var step = StepRecord(id: declared.id, title: declared.title, phase: declared.phase, code: declared.code)
        try body(&step)
        record.steps.append(step)
        nextStep += 1
    }

    /// Sets the figure shown on the lesson's card, with the baseline to read it against if any.
    public func headline(_ label: String, _ value: Double, format: Headline.Format = .number,
                         against comparison: Headline.Comparison? = nil) {
        record.headline = Headline(label: label, value: value, format: format, comparison: comparison)
    }

    /// The finished record; every declared step must have been recorded.
    public func finish() throws -> LessonRecord {
        guard nextStep == lesson.steps.count else {
            throw LessonError.missingStep(lesson: lesson.id, step: lesson.steps[nextStep].id)
        }
        return record
    }
}
