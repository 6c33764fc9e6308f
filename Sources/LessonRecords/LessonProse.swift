import Foundation

/// A lesson's prose as written in `lessons/NN-id.md`: an introduction, then one section per step.
///
/// A section starts with a level-two heading that ends in the step's id in braces:
///
///     ## The forward pass {#forward}
///
/// Everything up to the first such heading is the introduction.
public struct LessonProse: Sendable, Equatable {
    public var file: String
    public var introduction: String
    public var sections: [Section]

    public struct Section: Sendable, Equatable {
        public var stepID: String
        public var heading: String
        /// The Markdown below the heading.
        public var body: String
        /// The heading's line in the file (1-based), for error messages.
        public var line: Int
    }

    /// Splits `text` into its introduction and step sections.
    public static func parse(_ text: String, file: String) throws -> LessonProse {
        var intro = [Substring]()
        var sections = [Section]()
        var current: (id: String, heading: String, line: Int, body: [Substring])?
        // "\r\n" is one Character in Swift, so Windows line ends are normalised before splitting.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if line.hasPrefix("## "), let (heading, id) = stepHeading(line) {
                if let c = current {
                    sections.append(Section(stepID: c.id, heading: c.heading, body: c.body.joined(separator: "\n"), line: c.line))
                }
                if sections.contains(where: { $0.stepID == id }) || current?.id == id {
                    throw ProseError.duplicateStep(file: file, line: number + 1, step: id)
                }
                current = (id, heading, number + 1, [])
            } else if current != nil {
                current!.body.append(line)
            } else {
                intro.append(line)
            }
        }
        if let c = current {
            sections.append(Section(stepID: c.id, heading: c.heading, body: c.body.joined(separator: "\n"), line: c.line))
        }
        return LessonProse(file: file, introduction: intro.joined(separator: "\n"), sections: sections)
    }

    /// `## Title {#id}` -> (Title, id)
    private static func stepHeading(_ line: Substring) -> (String, String)? {
        guard line.hasSuffix("}"), let open = line.range(of: "{#", options: .backwards) else { return nil }
        let id = line[open.upperBound..<line.index(before: line.endIndex)]
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        let heading = line[line.index(line.startIndex, offsetBy: 3)..<open.lowerBound]
            .trimmingCharacters(in: .whitespaces)
        return (heading, String(id))
    }

    /// Checks that every declared step (`declared`, the ids of lesson `lesson`, in order) has a
    /// section and every section names a declared step.
    public func check(lesson: String, declared: [String]) throws {
        for section in sections where !declared.contains(section.stepID) {
            throw ProseError.unknownStep(file: file, line: section.line, step: section.stepID,
                                         lesson: lesson, declared: declared)
        }
        for id in declared where !sections.contains(where: { $0.stepID == id }) {
            throw ProseError.missingStep(file: file, lesson: lesson, step: id)
        }
    }

    /// The section of a step.
    public func section(for stepID: String) -> Section? {
        sections.first { $0.stepID == stepID }
    }
}

/// A problem in a lesson's prose, naming the file, the line where there is one, and the step.
public enum ProseError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String, lesson: String)
    case missingStep(file: String, lesson: String, step: String)
    case unknownStep(file: String, line: Int, step: String, lesson: String, declared: [String])
    case duplicateStep(file: String, line: Int, step: String)

    public var description: String {
        switch self {
        case let .missingFile(path, lesson):
            return "\(path): no prose for lesson \(lesson) (expected this file)"
        case let .missingStep(file, lesson, step):
            return "\(file): lesson \(lesson) has a step '\(step)' but the prose has no section for it (add a heading ending in {#\(step)})"
        case let .unknownStep(file, line, step, lesson, declared):
            return "\(file):\(line): the prose names step '\(step)', which lesson \(lesson) does not have (its steps: \(declared.joined(separator: ", ")))"
        case let .duplicateStep(file, line, step):
            return "\(file):\(line): a second section for step '\(step)'"
        }
    }
}
