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

    /// Runs `lesson` like `run`, but a failure comes back as a `LessonFailure` naming the step
    /// that was being recorded when it happened; `fault` injects one (see `FaultInjection`).
    public static func attempt(_ lesson: Lesson, configuration: LessonConfiguration,
                               progress: ProgressReporter = .silent,
                               fault: FaultInjection? = nil) throws(LessonFailure) -> LessonRecord {
        let recorder = Recorder(lesson: lesson, configuration: configuration, progress: progress, fault: fault)
        do {
            try lesson.run(recorder)
            return try recorder.finish()
        } catch {
            var step = recorder.stepInProgress
            if case let .nonFinite(_, named, _) = error as? LessonError { step = named }
            throw LessonFailure(lesson: lesson.id, step: step, error: error)
        }
    }
}

/// A lesson that did not finish: which lesson, the step it was recording, and the error.
public struct LessonFailure: Error, CustomStringConvertible {
    public let lesson: String
    /// The declared step in progress when the error was thrown (nil after the last step).
    public let step: String?
    public let error: any Error

    public init(lesson: String, step: String?, error: any Error) {
        self.lesson = lesson
        self.step = step
        self.error = error
    }

    /// The error's own message, without the lesson and step (which `description` adds).
    public var message: String {
        if case let .nonFinite(_, _, detail) = error as? LessonError { return detail }
        return "\(error)"
    }

    /// `lesson mnist-mse, step train: training stopped at step 12 (epoch 1): the loss is nan`
    public var description: String {
        if let error = error as? LessonError, case .nonFinite = error { return error.description }
        if error is LessonError { return "\(error)" }
        return "lesson \(lesson)" + (step.map { ", step \($0)" } ?? "") + ": \(error)"
    }
}

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
