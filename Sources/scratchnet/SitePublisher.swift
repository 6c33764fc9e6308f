import Foundation
import Lessons
import Site

/// Turns records and prose into the files of the site: the pages from the Site target, and the
/// records themselves under `data/`.
enum SitePublisher {
    static func files(records: [LessonRecord], prose: [String: LessonProse], sources: SourceFiles,
                      layout: ProjectLayout, failures: [FailedLesson] = []) throws -> [(path: String, bytes: [UInt8])] {
        let assets = SiteAssets(
            css: try String(contentsOf: layout.assets.appendingPathComponent("style.css"), encoding: .utf8),
            js: try String(contentsOf: layout.assets.appendingPathComponent("stepper.js"), encoding: .utf8))
        var files = try SiteBuilder.build(records: records, prose: prose, assets: assets, sources: sources,
                                            failures: failures).map { (path: $0.path, bytes: $0.bytes) }
        for record in records {
            files.append((path: "data/\(record.id).json", bytes: Array(try RecordJSON.encode(record).utf8)))
        }
        // The repository's placeholder note, so that building into `output/` leaves git clean.
        files.append((path: OutputFolder.placeholderName, bytes: Array(OutputFolder.placeholder.utf8)))
        return files.sorted { $0.path < $1.path }
    }
}
