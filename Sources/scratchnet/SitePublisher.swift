import Foundation
import Lessons
import Site
import LessonRecords

/// Turns records and prose into the files of the site: the pages from the Site target, and the
/// records themselves under `data/`, each with the key that says what it was built from.
enum SitePublisher {
    static func files(records published: [PublishedRecord], prose: [String: LessonProse], sources: SourceFiles,
                      tutorials: LessonProse?, layout: ProjectLayout,
                      failures: [FailedLesson] = []) throws -> [(path: String, bytes: [UInt8])] {
        let records = published.map(\.record)
        let assets = SiteAssets(
            css: try String(contentsOf: layout.assets.appendingPathComponent("style.css"), encoding: .utf8),
            js: try String(contentsOf: layout.assets.appendingPathComponent("stepper.js"), encoding: .utf8))
        var files = try SiteBuilder.build(records: records, prose: prose, assets: assets, sources: sources,
                                          tutorials: tutorials, failures: failures).map { (path: $0.path, bytes: $0.bytes) }
        for item in published {
            files.append((path: "data/\(item.record.id).json", bytes: item.json))
            files.append((path: "data/\(item.record.id).key", bytes: Array(item.key.text.utf8)))
        }
        // The repository's placeholder note, so that building into `output/` leaves git clean.
        files.append((path: OutputFolder.placeholderName, bytes: Array(OutputFolder.placeholder.utf8)))
        return files.sorted { $0.path < $1.path }
    }
}
