import ArgumentParser
import Foundation
import Lessons

/// `scratchnet verify`: re-runs lessons and compares them with their committed snapshots.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run lessons and compare them with lessons/snapshots (numbers within 1e-9 relative).")

    @OptionGroup var options: LessonOptions

    @Flag(help: "Rewrite the snapshots with the fresh records instead of comparing.")
    var update = false

    func run() throws {
        let configuration = try options.configuration()
        guard configuration.seed == LessonConfiguration.defaultSeed else {
            throw ValidationError("snapshots are recorded at seed \(LessonConfiguration.defaultSeed); verify without --seed (or build with another seed)")
        }
        let layout = ProjectLayout(data: configuration.data)
        let progress = ProgressLine()
        var failed: [String] = []
        for lesson in try options.selectedLessons() {
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
                printError("\(lesson.id): no snapshot at lessons/snapshots/\(url.lastPathComponent) (run `scratchnet verify --update`)")
                failed.append(lesson.id)
                continue
            }
            let mismatches: [SnapshotComparison.Mismatch]
            do {
                mismatches = try SnapshotComparison.compare(snapshot: old, fresh: fresh, lesson: lesson.id)
            } catch {
                printError("lessons/snapshots/\(url.lastPathComponent): not valid JSON: \(error)")
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
            printError("verify failed for: \(failed.joined(separator: ", "))")
            throw ExitCode.failure
        }
    }
}
