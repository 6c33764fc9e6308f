import Datasets
import Foundation
import Lessons
import LessonRecords

/// A lesson's record as the site publishes it: the JSON bytes written to `data/<id>.json`, the
/// record read back from those bytes, and the key written beside them (`data/<id>.key`).
///
/// The pages are rendered from the record read back, never from the one a run just made: the
/// JSON keeps 12 significant digits, so rendering from it makes a page the same bytes whether
/// its record was computed in this build or reused from the last one.
struct PublishedRecord: Sendable {
    let record: LessonRecord
    let json: [UInt8]
    let key: RecordKey

    /// Why a record's JSON cannot be published, in a few words.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// Publishes `json` (already checked to be well formed), describing it with `key`
    /// (whose `record` field is filled in here).
    init(json: [UInt8], key: RecordKey) throws(Unreadable) {
        self.record = try Self.decode(json)
        self.json = json
        var key = key
        key.record = SHA256.hex(of: json)
        self.key = key
    }

    /// The record a lesson just made in the running `executable`, having read the data files
    /// `read` (each checked against the SHA-256 it must have, which the key therefore holds);
    /// its timings left out with `noTimings`.
    init(fresh record: LessonRecord, executable: String, read: [DataFile], noTimings: Bool) throws {
        var record = record
        let measured = record.steps.contains { !$0.timings.isEmpty }
        if noTimings { for i in record.steps.indices { record.steps[i].timings = [] } }
        let timings: RecordKey.Timings = !measured ? .none : noTimings ? .leftOut : .kept
        let key = RecordKey(lesson: record.id, seed: record.seed, profile: record.profile, executable: executable,
                            data: read.map { RecordKey.DataInput(file: $0.path, sha256: $0.sha256) },
                            timings: timings, record: "")
        try self.init(json: Array(try RecordJSON.encode(record).utf8), key: key)
    }

    /// The record in `json`, or why it is not one: not JSON (with the line and column), or JSON
    /// that is not a lesson record (with the path of the first key that is wrong).
    static func decode(_ json: [UInt8]) throws(Unreadable) -> LessonRecord {
        let text = String(decoding: json, as: UTF8.self)
        do {
            return try RecordJSON.decode(text)
        } catch let error as DecodingError {
            // The decoder's own messages do not say where; the parser does.
            do { _ = try JSONValue.parse(text) } catch { throw Unreadable(description: "not valid JSON: \(error)") }
            throw Unreadable(description: "not a lesson record: \(describe(error))")
        } catch {
            throw Unreadable(description: "not a lesson record: \(error)")
        }
    }

    /// `json`, the text of `record`, with every step's `timings` emptied as `RecordJSON.encode`
    /// writes a record whose timings were left out; nil unless the result holds exactly `record`
    /// without its timings (a text not laid out as `encode` writes it).
    ///
    /// Why the text and not the record: decoding and encoding again would not always give the
    /// same bytes as the run that left timings out (a number written `111399045920.0`, not whole
    /// but whole to 12 digits, is read back whole and written `111399045920`), and a reused
    /// record must publish the same bytes as a rerun.
    static func removingTimings(from json: [UInt8], of record: LessonRecord) -> [UInt8]? {
        guard let stripped = removingTimingLines(from: json) else { return nil }
        var expected = record
        for i in expected.steps.indices { expected.steps[i].timings = [] }
        // Compared as JSON trees, whose numbers compare by value and NaN is the string "nan".
        guard let want = try? RecordJSON.encode(expected), let wantTree = try? JSONValue.parse(want),
              let tree = try? JSONValue.parse(String(decoding: stripped, as: UTF8.self)), tree == wantTree else { return nil }
        return stripped
    }

    private static func removingTimingLines(from json: [UInt8]) -> [UInt8]? {
        let lines = String(decoding: json, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var out = [Substring]()
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }
            // `encode` writes one key a line, and no string holds a raw line break: a line that
            // opens this key is the key itself, and its array closes at the first line at its indent.
            guard line.dropFirst(indent.count) == "\"timings\": [" else {
                out.append(line)
                index += 1
                continue
            }
            guard let close = lines[(index + 1)...].firstIndex(where: { $0 == indent + "]" || $0 == indent + "]," }) else {
                return nil
            }
            out.append(indent + "\"timings\": []" + (lines[close].hasSuffix(",") ? "," : ""))
            index = close + 1
        }
        return Array(out.joined(separator: "\n").utf8)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case let .keyNotFound(key, context): return "no '\(key.stringValue)' at \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
