import ArgumentParser
import Foundation
import Lessons
import LessonRecords

/// `scratchnet verify`: re-runs lessons and compares them with their committed snapshots.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run lessons and compare them with lessons/snapshots (numbers within 1e-9 relative).")

    @OptionGroup var options: LessonOptions

    @Flag(help: "Rewrite the snapshots with the fresh records instead of comparing.")
    var update = false

    func run() throws {
        try options.applyThreads()
        let configuration = try options.configuration()
        guard configuration.seed == LessonConfiguration.defaultSeed else {
            throw ValidationError("snapshots are recorded at seed \(LessonConfiguration.defaultSeed); verify without --seed (or build with another seed)")
        }
        let layout = ProjectLayout(data: configuration.data)
        let lessons = try options.selectedLessons()
        // A damaged snapshot is a broken input: reported before anything runs, in one line.
        if !update {
            for lesson in lessons {
                let url = layout.snapshot(for: lesson.id, profile: configuration.profile)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                do { _ = try JSONValue.parse(text) } catch {
                    throw OutputFolder.Refusal(description: "lessons/snapshots/\(url.lastPathComponent): not valid JSON: \(error)")
                }
            }
        }
        let progress = ProgressLine()
        var failed: [String] = []
        for lesson in lessons {
            _ = try layout.prose(for: lesson)
            let record = try LessonRunner.run(lesson, configuration: configuration, progress: progress.reporter)
            let fresh = try RecordJSON.encode(record, forSnapshot: true)
            let url = layout.snapshot(for: lesson.id, profile: configuration.profile)
            if update {
                try FileManager.default.createDirectory(at: layout.snapshots, withIntermediateDirectories: true)
                try Data(fresh.utf8).write(to: url, options: .atomic)
                print("updated \(url.lastPathComponent)")
                continue
            }
            guard let old = try? String(contentsOf: url, encoding: .utf8) else {
                printError("error: \(lesson.id): no snapshot at lessons/snapshots/\(url.lastPathComponent) (run `scratchnet verify --update`)")
                failed.append(lesson.id)
                continue
            }
            let mismatches: [SnapshotComparison.Mismatch]
            do {
                mismatches = try SnapshotComparison.compare(snapshot: old, fresh: fresh, lesson: lesson.id)
            } catch {
                printError("error: lessons/snapshots/\(url.lastPathComponent): not valid JSON: \(oneLine("\(error)"))")
                failed.append(lesson.id)
                continue
            }
            if mismatches.isEmpty {
                print("ok \(lesson.id) (\(configuration.profile.rawValue))")
            } else {
                for m in mismatches { printError("mismatch: \(m)") }
                failed.append(lesson.id)
            }
        }
        if !failed.isEmpty {
            printError("error: verify failed for: \(failed.joined(separator: ", "))")
            throw ExitCode.failure
        }
    }
}
