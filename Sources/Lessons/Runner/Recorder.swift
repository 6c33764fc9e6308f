import Foundation
import Tensor

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

    public init(lesson: Lesson, configuration: LessonConfiguration, progress: ProgressReporter = .silent) {
        self.lesson = lesson
        self.configuration = configuration
        self.progress = progress
        self.record = LessonRecord(
            id: lesson.id, title: lesson.title, summary: lesson.summary, track: lesson.track,
            order: lesson.number, seed: configuration.seed, profile: configuration.profile)
    }

    public var profile: Profile { configuration.profile }
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
        var step = StepRecord(id: declared.id, title: declared.title, phase: declared.phase)
        try body(&step)
        record.steps.append(step)
        nextStep += 1
    }

    /// Sets the figure shown on the lesson's card.
    public func headline(_ label: String, _ value: Double, format: Headline.Format = .number) {
        record.headline = Headline(label: label, value: value, format: format)
    }

    /// The finished record; every declared step must have been recorded.
    public func finish() throws -> LessonRecord {
        guard nextStep == lesson.steps.count else {
            throw LessonError.missingStep(lesson: lesson.id, step: lesson.steps[nextStep].id)
        }
        return record
    }
}

/// Runs lessons and reports the first thing that went wrong, naming the lesson.
public enum LessonRunner {
    /// Runs `lesson` under `configuration` and returns its record.
    public static func run(_ lesson: Lesson, configuration: LessonConfiguration,
                           progress: ProgressReporter = .silent) throws -> LessonRecord {
        let recorder = Recorder(lesson: lesson, configuration: configuration, progress: progress)
        try lesson.run(recorder)
        return try recorder.finish()
    }
}

/// What can go wrong in running a lesson's script (as opposed to the maths it runs).
public enum LessonError: Error, CustomStringConvertible, Equatable {
    case unexpectedStep(lesson: String, step: String, expected: String?)
    case missingStep(lesson: String, step: String)
    /// A `caught` block ran without the error it was written to show.
    case expectedErrorNotRaised(lesson: String, code: String)
    /// Training produced NaN or infinity where the lesson did not expect it.
    case nonFinite(lesson: String, step: String, detail: String)
    case unknownLesson(id: String, known: [String])

    public var description: String {
        switch self {
        case let .unexpectedStep(lesson, step, expected?):
            return "lesson \(lesson): recorded step '\(step)' where step '\(expected)' was declared next"
        case let .unexpectedStep(lesson, step, nil):
            return "lesson \(lesson): recorded step '\(step)' after all declared steps"
        case let .missingStep(lesson, step):
            return "lesson \(lesson): step '\(step)' was declared but never recorded"
        case let .expectedErrorNotRaised(lesson, code):
            return "lesson \(lesson): `\(code)` was expected to fail and did not"
        case let .nonFinite(lesson, step, detail):
            return "lesson \(lesson), step \(step): \(detail)"
        case let .unknownLesson(id, known):
            return "unknown lesson '\(id)'; known lessons: \(known.joined(separator: ", "))"
        }
    }
}
