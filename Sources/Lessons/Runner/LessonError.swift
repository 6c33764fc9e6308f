/// What can go wrong in running a lesson's script (as opposed to the maths it runs).
public enum LessonError: Error, CustomStringConvertible, Equatable {
    case unexpectedStep(lesson: String, step: String, expected: String?)
    case missingStep(lesson: String, step: String)
    /// A `caught` block ran without the error it was written to show.
    case expectedErrorNotRaised(lesson: String, code: String)
    /// Training produced NaN or infinity where the lesson did not expect it.
    case nonFinite(lesson: String, step: String, detail: String)
    case unknownLesson(id: String, known: [String])

    public var description: String {
        switch self {
        case let .unexpectedStep(lesson, step, expected?):
            return "lesson \(lesson): recorded step '\(step)' where step '\(expected)' was declared next"
        case let .unexpectedStep(lesson, step, nil):
            return "lesson \(lesson): recorded step '\(step)' after all declared steps"
        case let .missingStep(lesson, step):
            return "lesson \(lesson): step '\(step)' was declared but never recorded"
        case let .expectedErrorNotRaised(lesson, code):
            return "lesson \(lesson): `\(code)` was expected to fail and did not"
        case let .nonFinite(lesson, step, detail):
            return "lesson \(lesson), step \(step): \(detail)"
        case let .unknownLesson(id, known):
            return "unknown lesson '\(id)'; known lessons: \(known.joined(separator: ", "))"
        }
    }
}
