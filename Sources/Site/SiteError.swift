/// Why a site could not be built. Each case names the lesson and, for prose, the file and line,
/// so the message alone says where to look.
public enum SiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A TeX formula the converter cannot translate (an unknown command, an unclosed group...).
    case tex(lesson: String, file: String, line: Int, formula: String, message: String)
    /// Prose that breaks a site rule (an unclosed `$$`, an external link).
    case prose(lesson: String, file: String, line: Int, message: String)
    /// A record the renderers cannot draw (an image whose pixels do not match its size...).
    case record(lesson: String, step: String, message: String)
    /// A step names source code that cannot be shown (no such file, no such declaration...).
    case code(lesson: String, step: String, path: String, symbol: String, message: String)
    /// Two records with the same id would write the same page.
    case duplicateLesson(id: String)

    public var description: String {
        switch self {
        case let .tex(lesson, file, line, formula, message):
            return "\(file):\(line): lesson \(lesson): \(message) in formula `\(formula)`"
        case let .prose(lesson, file, line, message):
            return "\(file):\(line): lesson \(lesson): \(message)"
        case let .record(lesson, step, message):
            return "lesson \(lesson), step \(step): \(message)"
        case let .code(lesson, step, path, symbol, message):
            return "lesson \(lesson), step \(step): \(path): `\(symbol)`: \(message)"
        case let .duplicateLesson(id):
            return "two lessons have the id '\(id)'"
        }
    }
}
