import ArgumentParser
import Datasets
import Foundation
import Lessons
import Site
import Synchronization
import Tensor
import LessonRecords

/// `scratchnet build`: runs the lessons and writes the site.
///
/// Everything that can be checked without training is checked first (options, the output folder,
/// every lesson's prose and maths, every code reference), so a mistake costs seconds, not minutes. A lesson that fails
/// while running (a non-finite loss, a bug) does not stop the others: the site is written with
/// the lessons that finished, the index lists the ones that failed (they get no page and no
/// record), and the command exits with status 1. A broken input that every run would meet (a
/// missing or damaged data file) stops the build, writing nothing: no further lesson starts, the
/// one running beside it (lessons run `--threads` at once) finishes, and the build ends with that
/// error.
///
/// A lesson whose record the previous build left in `--out` was made from the same inputs (the
/// executable, the data files, the seed and the profile: `RecordKey`) is not run again: its
/// record is reused, and its page rendered afresh from it and the current prose and sources, so
/// that a prose edit is republished without running any lesson. `--rerun` runs every lesson.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the lessons and write the lesson site (records in data/, pages beside them).")

    @OptionGroup var options: LessonOptions

    @Option(help: "The folder to write the site into.")
    var out: String = "output"

    @Flag(help: "Build even if the output folder holds files no build wrote (they are moved aside, not deleted).")
    var force = false

    @Flag(help: "Leave wall-clock timings out of the pages and records, so that the same inputs give byte-identical files.")
    var noTimings = false

    @Flag(help: "Run every lesson, even those whose record in the output folder could be reused.")
    var rerun = false

    @Flag(help: "After building, build again whenever a selected lesson's prose or the site's stylesheet or script changes (Ctrl-C stops).")
    var watch = false

    func run() throws {
        guard watch else { return try buildOnce() }
        let layout = ProjectLayout(data: try options.configuration().data)
        let watcher = Watcher(names: try options.selectedLessons().map { "lessons/" + $0.proseFileName }
                                  + ["lessons/sources.md", "assets/style.css", "assets/stepper.js"], root: layout.root)
        while true {
            // Taken before the build, so that an edit saved while it runs starts another one.
            var seen = watcher.snapshot()
            do {
                try buildOnce()
            } catch let usage as ValidationError {
                throw usage
            } catch let exit as ExitCode where exit == .failure {
                // failed lessons: already reported, and the site lists them
            } catch {
                printError("error: " + oneLine(ScratchNet.message(for: error)))
            }
            printError("watching \(watcher.names.count) files (the lessons' prose, lessons/sources.md, assets/style.css, assets/stepper.js); Ctrl-C stops")
            let changed = watcher.waitForChange(since: &seen)
            printError("\(changed.joined(separator: ", ")) changed: building")
        }
    }

    /// One build: checks, lessons (reused or run), the site written.
    private func buildOnce() throws {
        try options.applyThreads()
        let configuration = try options.configuration()
        let layout = ProjectLayout(data: configuration.data)
        let lessons = try options.selectedLessons()
        let fault = try FaultSetting.fromEnvironment()
        let folder = OutputFolder(path: out, force: force)
        try folder.checkDestination(projectRoot: layout.root)
        // Prose problems, maths included, are found before minutes of training, not after.
        var prose = [String: LessonProse]()
        for lesson in lessons {
            let text = try layout.prose(for: lesson)
            try SiteBuilder.checkProse(text, lesson: lesson.id)
            prose[lesson.id] = text
        }
        let tutorials = try layout.tutorials()
        try SiteBuilder.checkTutorials(tutorials, prose: prose)
        // So are the code references: every one names a declaration that exists, in the sources
        // this executable was built from.
        let sources = try SourceReader.read(for: lessons, root: layout.root)

        let progress = ProgressLine()
        let start = ContinuousClock.now
        let executable = ExecutableIdentity.current()
        let previous = rerun ? nil : PreviousRecords(in: folder.destination, configuration: configuration,
                                                     executable: executable, noTimings: noTimings)
        let job = LessonJob(configuration: configuration, executable: executable, previous: previous,
                            noTimings: noTimings, fault: fault, progress: progress)
        // Up to --threads lessons at once (see LessonQueue), the long ones started first; results
        // in catalog order.
        let brokenInput = Atomic<Bool>(false)
        let longFirst = lessons.indices.filter { lessons[$0].runsLong } + lessons.indices.filter { !lessons[$0].runsLong }
        let outcomes = LessonQueue.run(count: lessons.count, workers: Parallel.threadCount, startOrder: longFirst,
                                       shouldStop: { brokenInput.load(ordering: .relaxed) }) { index in
            let outcome = job.record(of: lessons[index])
            if case .failure(let error) = outcome {
                if error.error is DatasetError {
                    // Damaged inputs are not one lesson's problem: start no other lesson (the
                    // build stops below with that one error).
                    brokenInput.store(true, ordering: .relaxed)
                } else {
                    progress.message("error: \(oneLine(error.description))")
                }
            }
            TestHook.pause(at: "lessons")
            return outcome
        }
        var records = [PublishedRecord]()
        var failures = [LessonFailure]()
        for outcome in outcomes.compactMap({ $0 }) {
            switch outcome {
            case .success(let record): records.append(record)
            case .failure(let failure):
                // ... and write nothing.
                if let input = failure.error as? DatasetError { throw input }
                failures.append(failure)
            }
        }
        guard !records.isEmpty else {
            throw OutputFolder.Refusal(description: "no lesson was built (\(failedList(failures))); \(folder.destination.path) was not changed")
        }
        let failed = failures.map { FailedLesson(lesson: $0.lesson, step: $0.step, message: oneLine($0.message)) }
        let files = try SitePublisher.files(records: records, prose: prose, sources: sources, tutorials: tutorials,
                                            layout: layout, failures: failed)
        try folder.write(files)
        // Written at once, not buffered: with --watch this process does not end after the build.
        FileHandle.standardOutput.write(Data("wrote \(files.count) files to \(folder.destination.path) in \(ProgressLine.format(ContinuousClock.now - start))\n".utf8))
        if !failures.isEmpty {
            printError("error: \(failures.count) of \(lessons.count) lessons failed: \(failedList(failures)); the site lists them on its index")
            throw ExitCode.failure
        }
    }

    private func failedList(_ failures: [LessonFailure]) -> String {
        failures.map { $0.lesson + ($0.step.map { " at step \($0)" } ?? "") }.joined(separator: ", ")
    }
}

/// `SCRATCHNET_FAULT=<lesson>:<step>`: makes that step of that lesson fail as training does on a
/// NaN loss (see `FaultInjection`), to test what a build does with a failed lesson.
enum FaultSetting {
    static let variable = "SCRATCHNET_FAULT"

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FaultInjection? {
        guard let raw = environment[variable], !raw.isEmpty else { return nil }
        let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw OutputFolder.Refusal(description: "\(variable) must be <lesson>:<step>, got '\(raw)'")
        }
        guard let lesson = Catalog.lesson(parts[0]) else {
            throw OutputFolder.Refusal(description: "\(variable): " + LessonError.unknownLesson(id: parts[0], known: Catalog.lessons.map(\.id)).description)
        }
        guard lesson.steps.contains(where: { $0.id == parts[1] }) else {
            throw OutputFolder.Refusal(description: "\(variable): lesson \(lesson.id) has no step '\(parts[1])' (its steps: \(lesson.steps.map(\.id).joined(separator: ", ")))")
        }
        return FaultInjection(lesson: lesson.id, step: parts[1])
    }
}
