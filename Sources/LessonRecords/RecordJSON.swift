import Foundation

/// Writes and reads `LessonRecord`s as JSON laid out for readable diffs: keys sorted, one key
/// per line, numbers with `significantDigits` significant digits (enough to verify to 1e-9
/// relative), arrays of numbers eight to a line. NaN and infinities, which JSON lacks, are
/// written as the strings `"nan"`, `"inf"` and `"-inf"`.
public enum RecordJSON {
    /// 12 significant digits: a relative rounding error below 5e-13.
    public static let significantDigits = 12

    /// The record as JSON text. A snapshot leaves out the wall-clock `timings`.
    public static func encode(_ record: LessonRecord, forSnapshot: Bool = false) throws -> String {
        var copy = record
        if forSnapshot {
            for i in copy.steps.indices { copy.steps[i].timings = [] }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(copy)
        let tree = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        var out = ""
        write(tree, indent: 0, into: &out)
        out += "\n"
        return out
    }

    /// Reads a record written by `encode`.
    public static func decode(_ text: String) throws -> LessonRecord {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(LessonRecord.self, from: Data(text.utf8))
    }

    /// A number as the records write it: integers as integers, others with 12 significant digits.
    public static func format(_ value: Double, text: String) -> String {
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return text }
        if value == 0 { return "0.0" }
        var s = String(format: "%.\(significantDigits)g", value)
        // Keep it recognisably a floating-point number.
        if !s.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) { s += ".0" }
        return s
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case let .number(v, text): out += format(v, text: text)
        case .string(let s): out += quoted(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(isScalar) {
                // Numbers eight to a line keep long tensors diffable without a line per element.
                let texts = items.map { item -> String in
                    var s = ""
                    write(item, indent: 0, into: &s)
                    return s
                }
                if texts.count <= 8 {
                    out += "[" + texts.joined(separator: ", ") + "]"
                } else {
                    out += "[\n"
                    let lines = stride(from: 0, to: texts.count, by: 8).map {
                        pad + "  " + texts[$0..<Swift.min($0 + 8, texts.count)].joined(separator: ", ")
                    }
                    out += lines.joined(separator: ",\n") + "\n" + pad + "]"
                }
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad + "  "
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            let sorted = pairs.sorted { $0.0 < $1.0 }
            for (i, (key, item)) in sorted.enumerated() {
                out += pad + "  " + quoted(key) + ": "
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < sorted.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    private static func isScalar(_ v: JSONValue) -> Bool {
        switch v {
        case .array, .object: return false
        default: return true
        }
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c" // keeps "</script>" inert if a record is ever inlined in HTML
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
