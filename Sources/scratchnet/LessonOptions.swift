import ArgumentParser
import Datasets
import Lessons
import Tensor
import LessonRecords

/// The options `build` and `verify` share: which lessons, which seed, which profile, how many threads.
struct LessonOptions: ParsableArguments {
    @Option(name: .customLong("lesson"), help: "Run only this lesson (repeatable). See `scratchnet list`.")
    var lessonIDs: [String] = []

    @Option(help: "The seed of every random number (0 ... 2^64-1).")
    var seed: String = String(LessonConfiguration.defaultSeed)

    @Option(help: "full (the site) or quick (less data, fewer epochs).")
    var profile: Profile = .full

    @Option(help: "The folder holding the data sets (default: assets/data of the project).")
    var data: String?

    @Option(help: "Threads for the matrix products, and lessons `build` runs at once (1 ... 256; default: SCRATCHNET_THREADS, else every processor). Results do not depend on it.")
    var threads: String?

    /// The seed as a number, refused with a clear message when out of range.
    func parsedSeed() throws -> UInt64 {
        guard let value = UInt64(seed) else {
            throw ValidationError("--seed must be a whole number from 0 to 18446744073709551615, got '\(seed)'")
        }
        return value
    }

    /// Sets `Parallel.threadCount` from `--threads`, if given.
    func applyThreads() throws {
        guard let threads else { return }
        guard let value = Int(threads), (1...256).contains(value) else {
            throw ValidationError("--threads must be a whole number from 1 to 256, got '\(threads)'")
        }
        Parallel.threadCount = value
    }

    /// The lessons asked for, in course order; an unknown id lists the known ones.
    func selectedLessons() throws -> [Lesson] {
        let all = Catalog.lessons
        guard !lessonIDs.isEmpty else { return all }
        for id in lessonIDs where !all.contains(where: { $0.id == id }) {
            throw ValidationError(LessonError.unknownLesson(id: id, known: all.map(\.id)).description)
        }
        return all.filter { lessonIDs.contains($0.id) }
    }

    func configuration() throws -> LessonConfiguration {
        LessonConfiguration(seed: try parsedSeed(), profile: profile, data: try DataDirectory.locate(explicit: data))
    }
}

extension Profile: ExpressibleByArgument {}
