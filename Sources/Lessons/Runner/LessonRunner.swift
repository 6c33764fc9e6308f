import LessonRecords

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
