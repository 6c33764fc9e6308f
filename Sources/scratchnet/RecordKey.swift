import Lessons
import LessonRecords

/// What determined one lesson's record, written beside it as `data/<id>.key`, so that the next
/// build can tell whether the record still stands for what running the lesson would give.
///
/// The text is one field a line:
///
///     scratchnet record key 1
///     lesson neuron
///     seed 42
///     profile full
///     executable gnu-build-id:<hex>     (the scratchnet that ran it: `ExecutableIdentity`)
///     data exams.csv <SHA-256>          (one line per data file the lesson read, if any)
///     timings none                      (kept, left-out or none)
///     record <SHA-256 of data/neuron.json>
///
/// The thread count is not in it (records are the same at any count), nor are the prose and the
/// sources the pages show (pages are rendered afresh by every build).
struct RecordKey: Sendable, Equatable {
    /// A data file the lesson read (its path under the data directory) and its SHA-256 then.
    struct DataInput: Sendable, Equatable {
        let file: String
        let sha256: String
    }

    /// What the record says about wall-clock timings.
    enum Timings: String, Sendable {
        /// Measured and kept (a build without `--no-timings`).
        case kept
        /// Measured, then left out by `--no-timings`.
        case leftOut = "left-out"
        /// The lesson measured none: the record is the same with or without `--no-timings`.
        case none
    }

    /// Why a key file cannot be read, in a few words.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static let header = "scratchnet record key 1"

    var lesson: String
    var seed: UInt64
    var profile: Profile
    var executable: String
    var data: [DataInput]
    var timings: Timings
    /// The SHA-256 of the record's JSON bytes, so that an edited or torn record is not trusted.
    var record: String

    var text: String {
        var lines = [Self.header, "lesson \(lesson)", "seed \(seed)", "profile \(profile.rawValue)",
                     "executable \(executable)"]
        lines += data.map { "data \($0.file) \($0.sha256)" }
        lines += ["timings \(timings.rawValue)", "record \(record)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a key written by `text`.
    init(parsing text: String) throws(Malformed) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == Self.header else {
            throw Malformed(description: "not a record key (its first line is not '\(Self.header)')")
        }
        var fields = [String: String]()
        var data = [DataInput]()
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Malformed(description: "line \(number + 1): no value") }
            if parts[0] == "data" {
                let file = parts[1].split(separator: " ").map(String.init)
                guard file.count == 2 else { throw Malformed(description: "line \(number + 1): not 'data <file> <sha256>'") }
                data.append(.init(file: file[0], sha256: file[1]))
            } else if fields.updateValue(parts[1], forKey: parts[0]) != nil {
                throw Malformed(description: "line \(number + 1): a second '\(parts[0])'")
            }
        }
        func field(_ name: String) throws(Malformed) -> String {
            guard let value = fields.removeValue(forKey: name) else { throw Malformed(description: "no '\(name)' line") }
            return value
        }
        lesson = try field("lesson")
        let seedText = try field("seed"), profileText = try field("profile"), timingsText = try field("timings")
        guard let seed = UInt64(seedText) else { throw Malformed(description: "seed '\(seedText)' is not a number") }
        guard let profile = Profile(rawValue: profileText) else { throw Malformed(description: "unknown profile '\(profileText)'") }
        guard let timings = Timings(rawValue: timingsText) else { throw Malformed(description: "unknown timings '\(timingsText)'") }
        self.seed = seed
        self.profile = profile
        self.timings = timings
        executable = try field("executable")
        self.data = data
        record = try field("record")
        if let extra = fields.keys.sorted().first { throw Malformed(description: "unknown field '\(extra)'") }
    }

    init(lesson: String, seed: UInt64, profile: Profile, executable: String, data: [DataInput], timings: Timings,
         record: String) {
        self.lesson = lesson
        self.seed = seed
        self.profile = profile
        self.executable = executable
        self.data = data
        self.timings = timings
        self.record = record
    }

    /// Why the record this key describes does not stand for a run in this build (`seed`,
    /// `profile`, this `executable`, the data files as `data` finds them now, with or without
    /// timings), as a clause ("the seed changed (7, now 42)"); nil when it does.
    func staleness(seed: UInt64, profile: Profile, executable: String, data: DataDigests, noTimings: Bool) -> String? {
        if executable == ExecutableIdentity.unreadable { return "this scratchnet's executable cannot be identified" }
        if self.executable != executable { return "scratchnet changed" }
        if self.seed != seed { return "the seed changed (\(self.seed), now \(seed))" }
        if self.profile != profile { return "the profile changed (\(self.profile.rawValue), now \(profile.rawValue))" }
        for input in self.data {
            let now = data.sha256(of: input.file)
            // A file that cannot be read must be reported by the lesson that reads it: rerun.
            if now == DataDigests.unreadable { return "data file \(input.file) cannot be read" }
            if now != input.sha256 { return "data file \(input.file) changed" }
        }
        if timings == .leftOut && !noTimings { return "the last build left its timings out" }
        return nil
    }
}
