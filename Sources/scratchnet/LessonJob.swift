import Datasets
import Lessons

/// Gives `build` one lesson's record: the previous build's when nothing that determines it has
/// changed (see `PreviousRecords`), a fresh run's otherwise; says which on the progress output
/// (`reused neuron (unchanged since the last build)`, `built neuron in 0.01s`).
struct LessonJob: Sendable {
    let configuration: LessonConfiguration
    /// This scratchnet's `ExecutableIdentity`.
    let executable: String
    /// Nil with `--rerun`, or when `--out` holds no records a build could reuse.
    let previous: PreviousRecords?
    let noTimings: Bool
    let fault: FaultInjection?
    let progress: ProgressLine

    /// The record of `lesson`, reused or run; a failed run comes back as its failure.
    func record(of lesson: Lesson) -> Result<PublishedRecord, LessonFailure> {
        var rerunBecause: String?
        // The lesson SCRATCHNET_FAULT names runs, so that its failure is what the build tests.
        if let previous, fault?.lesson != lesson.id {
            switch previous.verdict(for: lesson) {
            case let .reuse(published, timingsLeftOut):
                progress.message("reused \(lesson.id) (unchanged since the last build\(timingsLeftOut ? "; timings left out" : ""))")
                return .success(published)
            case .stale(let reason):
                rerunBecause = reason
            case .untrusted(let reason):
                progress.message("\(lesson.id): the previous record cannot be reused (\(reason)); running it")
            case .absent:
                break
            }
        }
        let start = ContinuousClock.now
        // The files this lesson reads go into its key.
        let log = DataReadLog()
        var configuration = configuration
        configuration.data = configuration.data.logging(to: log)
        do throws(LessonFailure) {
            let record = try LessonRunner.attempt(lesson, configuration: configuration, progress: progress.reporter, fault: fault)
            let published: PublishedRecord
            do {
                published = try PublishedRecord(fresh: record, executable: executable, read: log.read, noTimings: noTimings)
            } catch {
                throw LessonFailure(lesson: lesson.id, step: nil, error: error)
            }
            let reason = rerunBecause.map { " (rerun: \($0))" } ?? ""
            progress.message("built \(lesson.id) in \(ProgressLine.format(ContinuousClock.now - start))\(reason)")
            return .success(published)
        } catch {
            return .failure(error)
        }
    }
}
