import Foundation
import Lessons
import LessonRecords

/// The records the previous build left in `--out` (`data/<id>.json`, each with its
/// `data/<id>.key`), and whether each may stand for running its lesson again.
///
/// A record is reused only when its key names exactly this build's inputs (`RecordKey`), and it
/// is then checked like a snapshot before it is trusted: well formed, the record of this lesson
/// at this seed and profile with this lesson's steps, and the very bytes its key was written for
/// (so a record edited by hand, torn, or from another build that swapped `--out` between our
/// reading the key and the record, is not trusted). Nothing here writes: the old site stays as
/// it is until the new one replaces it whole.
struct PreviousRecords: Sendable {
    /// What to do with one lesson's previous record.
    enum Verdict: Sendable {
        /// Reuse it; `timingsLeftOut` when this `--no-timings` build emptied its timings.
        case reuse(PublishedRecord, timingsLeftOut: Bool)
        /// It was built from other inputs (a clause saying which, e.g. "the seed changed (7, now 42)").
        case stale(String)
        /// It is damaged or not this lesson's (what and where, e.g. "data/neuron.json: not valid JSON: ...").
        case untrusted(String)
        /// There is none.
        case absent
    }

    let folder: URL
    let seed: UInt64
    let profile: Profile
    let executable: String
    /// The data files as they are now, hashed only when a record's key names them.
    let data: DataDigests
    let noTimings: Bool

    /// The previous records in `destination`, or nil when it holds none a build could reuse: it
    /// does not exist, or holds files no build wrote (it is not a site of ours, and is replaced
    /// only with `--force`).
    init?(in destination: URL, configuration: LessonConfiguration, executable: String, noTimings: Bool) {
        let manifest = destination.appendingPathComponent(OutputFolder.manifestName).path
        guard FileManager.default.fileExists(atPath: manifest),
              OutputFolder.foreignFiles(in: destination.path).isEmpty else { return nil }
        folder = destination
        seed = configuration.seed
        profile = configuration.profile
        self.executable = executable
        data = DataDigests(directory: configuration.data)
        self.noTimings = noTimings
    }

    /// Whether `lesson`'s previous record can be reused, and why not.
    func verdict(for lesson: Lesson) -> Verdict {
        let keyName = "data/\(lesson.id).key", recordName = "data/\(lesson.id).json"
        guard let keyBytes = FileManager.default.contents(atPath: folder.appendingPathComponent(keyName).path) else {
            let hasRecord = FileManager.default.fileExists(atPath: folder.appendingPathComponent(recordName).path)
            return hasRecord ? .stale("no \(keyName) beside the record") : .absent
        }
        let key: RecordKey
        do { key = try RecordKey(parsing: String(decoding: keyBytes, as: UTF8.self)) } catch {
            return .untrusted("\(keyName): \(error)")
        }
        guard key.lesson == lesson.id else { return .untrusted("\(keyName): it is the key of lesson \(key.lesson)") }
        if let reason = key.staleness(seed: seed, profile: profile, executable: executable, data: data, noTimings: noTimings) {
            return .stale(reason)
        }
        guard let json = FileManager.default.contents(atPath: folder.appendingPathComponent(recordName).path) else {
            return .untrusted("\(recordName): missing or unreadable")
        }
        let published: PublishedRecord
        do { published = try PublishedRecord(json: Array(json), key: key) } catch {
            return .untrusted("\(recordName): \(error)")
        }
        if let mismatch = mismatch(published.record, lesson) { return .untrusted("\(recordName): \(mismatch)") }
        guard published.key.record == key.record else {
            return .untrusted("\(recordName): its SHA-256 is not the one \(keyName) was written for (it changed since)")
        }
        guard noTimings && key.timings == .kept else { return .reuse(published, timingsLeftOut: false) }
        var leftOut = key
        leftOut.timings = .leftOut
        guard let stripped = PublishedRecord.removingTimings(from: published.json, of: published.record),
              let reused = try? PublishedRecord(json: stripped, key: leftOut) else {
            return .stale("its timings could not be left out of \(recordName)")
        }
        return .reuse(reused, timingsLeftOut: true)
    }

    /// How `record` is not a record of `lesson` at this seed and profile, or nil.
    private func mismatch(_ record: LessonRecord, _ lesson: Lesson) -> String? {
        if record.id != lesson.id { return "it is the record of lesson \(record.id)" }
        if record.seed != seed { return "it was built with seed \(record.seed), not \(seed)" }
        if record.profile != profile { return "it was built at profile \(record.profile.rawValue), not \(profile.rawValue)" }
        let steps = record.steps.map(\.id), declared = lesson.steps.map(\.id)
        if steps != declared {
            return "its steps are \(steps.joined(separator: ", ")), not \(declared.joined(separator: ", "))"
        }
        return nil
    }
}
