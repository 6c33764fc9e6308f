import Foundation
import Lessons
import Site
import LessonRecords

/// Reads the source files that the lessons' steps show, from the project the executable was
/// built from, and checks before any lesson runs that every reference names a file under
/// `Sources/` that exists, a declaration that exists in it, and a file no newer than this
/// executable (a page must show the code that runs, not an edit made since the build).
enum SourceReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every code reference of every step of `lessons`, with the lesson and step that name it.
    static func references(of lessons: [Lesson]) -> [(lesson: String, step: String, reference: CodeReference)] {
        lessons.flatMap { lesson in
            lesson.steps.flatMap { step in step.code.map { (lesson: lesson.id, step: step.id, reference: $0) } }
        }
    }

    /// The files `lessons` show, read from `root`, every reference checked.
    static func read(for lessons: [Lesson], root: URL, executable: URL? = currentExecutable()) throws -> SourceFiles {
        let references = references(of: lessons)
        for item in references where !isProjectSource(item.reference.path) {
            throw Failure(description: "lesson \(item.lesson), step \(item.step): \(item.reference.path): code shown on a page must be a .swift file under Sources/")
        }
        var texts = [String: String]()
        for path in SourceFiles.paths(of: references.map(\.reference)) {
            // a file that cannot be read is reported by `check`, with the step that names it
            texts[path] = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        let sources = SourceFiles(texts)
        try sources.check(references)
        if let executable, let built = modified(executable) {
            for path in texts.keys.sorted() {
                if let changed = modified(root.appendingPathComponent(path)), changed > built {
                    throw Failure(description: "\(path) changed after this scratchnet was built (\(executable.path)): rebuild it (swift run rebuilds) so that the pages show the code that runs")
                }
            }
        }
        return sources
    }

    /// `Sources/<...>.swift` with no `..` or empty component.
    static func isProjectSource(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts[0] == "Sources" && path.hasSuffix(".swift")
            && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }

    /// The running executable's file.
    static func currentExecutable() -> URL? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return URL(fileURLWithPath: path)
    }

    private static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
