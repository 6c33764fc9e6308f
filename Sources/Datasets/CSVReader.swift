import Foundation
import Tensor

/// A numeric CSV file: the header's column names and the values as a rows x columns tensor.
public struct CSVTable: Sendable, Equatable {
    /// The header's fields, in order.
    public let columns: [String]
    /// The data, shape (rows x columns).
    public let values: Tensor

    /// The number of data rows (the header not counted).
    public var rowCount: Int { values.shape[0] }

    /// The values of one column by name, as a vector; `nil` if there is no such column.
    public func column(_ name: String) -> [Double]? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        let width = columns.count
        return (0..<rowCount).map { values.scalars[$0 * width + index] }
    }
}

/// Reads numeric CSV: a header line of names, then rows of decimal numbers separated by commas.
///
/// Accepted: LF or CRLF line ends, a UTF-8 byte-order mark, a final line with or without a
/// newline, blank lines at the end, spaces around fields, double quotes around header names.
/// Refused with a `CSVError` naming file, line and column: an empty file, an empty header name,
/// a row with the wrong number of fields, a blank line between rows, an empty field, a field
/// that is not a finite number (`nan` and `inf` included). Quoted fields with embedded commas
/// are not supported: the data sets here have none.
public enum CSVReader {
    /// Parses `bytes`; `file` is the name used in error messages.
    public static func parse(_ bytes: [UInt8], file: String) throws(CSVError) -> CSVTable {
        var lines = splitLines(bytes)
        // Blank lines at the end are the usual trailing newline (or an editor's extra one).
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw CSVError(file: file, line: nil, column: nil, problem: .emptyFile)
        }

        var columns: [String] = []
        for (index, field) in splitFields(headerLine).enumerated() {
            let name = unquote(trim(field))
            guard !name.isEmpty else {
                throw CSVError(file: file, line: 1, column: index + 1, problem: .emptyColumnName)
            }
            columns.append(String(decoding: name, as: UTF8.self))
        }

        var scalars: [Double] = []
        scalars.reserveCapacity((lines.count - 1) * columns.count)
        for lineIndex in 1..<lines.count {
            let lineNumber = lineIndex + 1
            let line = lines[lineIndex]
            if isBlank(line) {
                throw CSVError(file: file, line: lineNumber, column: nil, problem: .blankLine)
            }
            let fields = splitFields(line)
            guard fields.count == columns.count else {
                throw CSVError(
                    file: file, line: lineNumber, column: nil,
                    problem: .fieldCount(expected: columns.count, found: fields.count))
            }
            for (index, field) in fields.enumerated() {
                let text = trim(field)
                guard !text.isEmpty else {
                    throw CSVError(file: file, line: lineNumber, column: index + 1, problem: .emptyField)
                }
                let string = String(decoding: text, as: UTF8.self)
                guard let value = Double(string), value.isFinite, looksDecimal(text) else {
                    throw CSVError(
                        file: file, line: lineNumber, column: index + 1, problem: .notANumber(string))
                }
                scalars.append(value)
            }
        }
        // The count is rows x columns by construction, so the shape check cannot fail.
        let values = try! Tensor(shape: [lines.count - 1, columns.count], scalars: scalars)
        return CSVTable(columns: columns, values: values)
    }

    /// Reads and parses the file at `url`; errors name it `file` (default: its last path component).
    public static func read(at url: URL, file: String? = nil) throws(DatasetError) -> CSVTable {
        let bytes = try readBytes(at: url)
        do {
            return try parse(bytes, file: file ?? url.lastPathComponent)
        } catch {
            throw .csv(error)
        }
    }

    private static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A file ending in a newline yields one empty piece after it that is not a line.
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
    }

    private static func splitFields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        trim(line).isEmpty
    }

    private static func trim(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = field.firstIndex(where: { !isSpace($0) }) else { return field[field.endIndex...] }
        let last = field.lastIndex(where: { !isSpace($0) })!
        return field[first...last]
    }

    private static func unquote(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let quote = UInt8(ascii: "\"")
        if field.count >= 2, field.first == quote, field.last == quote {
            return field.dropFirst().dropLast()
        }
        return field
    }

    /// `Double.init` also takes hexadecimal floats (`0x1p3`); data files mean decimal.
    private static func looksDecimal(_ text: ArraySlice<UInt8>) -> Bool {
        !text.contains(UInt8(ascii: "x")) && !text.contains(UInt8(ascii: "X"))
    }
}
