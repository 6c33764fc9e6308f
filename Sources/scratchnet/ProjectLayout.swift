import Foundation
import Datasets
import Lessons
import LessonRecords

/// Where the project's folders are: found from the data directory (`<root>/assets/data`), so
/// that the commands work from the project root or any folder below it.
struct ProjectLayout {
    let root: URL

    init(data: DataDirectory) {
        root = data.url.deletingLastPathComponent().deletingLastPathComponent()
    }

    var lessons: URL { root.appendingPathComponent("lessons", isDirectory: true) }
    var snapshots: URL { lessons.appendingPathComponent("snapshots", isDirectory: true) }
    var assets: URL { root.appendingPathComponent("assets", isDirectory: true) }

    /// `lessons/snapshots/<id>.json` for the full profile, `<id>.quick.json` for quick.
    func snapshot(for id: String, profile: Profile) -> URL {
        snapshots.appendingPathComponent(profile == .full ? "\(id).json" : "\(id).quick.json")
    }

    /// Reads and checks the prose of `lesson` against its declared steps.
    func prose(for lesson: Lesson) throws -> LessonProse {
        let url = lessons.appendingPathComponent(lesson.proseFileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ProseError.missingFile(path: "lessons/\(lesson.proseFileName)", lesson: lesson.id)
        }
        let prose = try LessonProse.parse(text, file: "lessons/\(lesson.proseFileName)")
        try prose.check(against: lesson)
        return prose
    }

    /// The prose of the Sources page, `lessons/sources.md`: one `## ... {#tutorial-NNN}` section
    /// per source tutorial.
    func tutorials() throws -> LessonProse {
        let url = lessons.appendingPathComponent("sources.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ProseError.missingFile(path: "lessons/sources.md", lesson: "sources")
        }
        return try LessonProse.parse(text, file: "lessons/sources.md")
    }
}
