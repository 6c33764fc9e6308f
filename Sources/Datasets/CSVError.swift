/// Why a CSV file was refused, with the place to look.
///
/// The description reads like a compiler diagnostic, `file:line:column: problem`, lines and
/// columns counted from 1 and the header being line 1:
/// `exams.csv:7:3: "9x" is not a number`, `exams.csv:5: expected 4 fields, found 3`.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The file holds no header line at all.
        case emptyFile
        /// A header field is empty (after trimming spaces and quotes).
        case emptyColumnName
        /// A data row has a different number of fields from the header.
        case fieldCount(expected: Int, found: Int)
        /// An empty line before the last data row.
        case blankLine
        /// A field that is empty.
        case emptyField
        /// A field that is not a finite decimal number; carries the text as written.
        case notANumber(String)
    }

    /// The file's name as the caller gave it (usually its last path component).
    public let file: String
    /// The 1-based line, the header being line 1; `nil` for problems of the whole file.
    public let line: Int?
    /// The 1-based field, when the problem is in one field.
    public let column: Int?
    /// What went wrong.
    public let problem: Problem

    /// An error at `line` and `column` of `file` (either may be `nil` for the whole file or line).
    public init(file: String, line: Int?, column: Int?, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        let what: String
        switch problem {
        case .emptyFile: what = "empty file, expected a header line"
        case .emptyColumnName: what = "empty column name in the header"
        case .fieldCount(let expected, let found): what = "expected \(expected) fields, found \(found)"
        case .blankLine: what = "blank line inside the data"
        case .emptyField: what = "empty field, expected a number"
        case .notANumber(let text): what = "\"\(text)\" is not a number"
        }
        return "\(place): \(what)"
    }
}
