import Foundation
import XCTest

/// `build` reuses a lesson's record from the previous build in `--out` when nothing that
/// determines it changed, renders every page afresh, and trusts no record it cannot check.
final class ReuseTests: XCTestCase {
    /// `build --profile quick --lesson neuron --lesson layer` on a project copy, into its `output`.
    private func arguments(_ project: URL, _ extra: [String] = []) -> [String] {
        ["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer",
         "--data", project.path + "/assets/data", "--out", project.path + "/output"] + extra
    }

    /// The progress lines saying what happened to each lesson (`built ...`, `reused ...`,
    /// `neuron: ...`), sorted, without the time a lesson took (`built neuron in 0.01s` is `built neuron`).
    private func lessonLines(_ result: CLI.Result) -> [String] {
        result.errorLines.filter { !$0.contains(" epoch ") }
            .map { $0.replacingOccurrences(of: #" in [0-9]+\.[0-9]+s"#, with: "", options: .regularExpression) }.sorted()
    }

    private func inode(_ url: URL) throws -> UInt64 {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? UInt64)
    }

    private func text(_ tree: [String: Data], _ path: String) -> String {
        String(decoding: tree[path] ?? Data(), as: UTF8.self)
    }

    func testAProseEditIsRepublishedFromTheReusedRecords() throws {
        let project = try CLI.projectCopy(self)
        let out = project.appendingPathComponent("output")
        let first = try CLI.run(arguments(project))
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(lessonLines(first), ["built layer", "built neuron"])
        let before = CLI.tree(out)
        let inodes = try Dictionary(uniqueKeysWithValues: before.keys.map { ($0, try inode(out.appendingPathComponent($0))) })

        let prose = project.appendingPathComponent("lessons/01-neuron.md")
        let sentence = "A sentence added after the last build, to see it published."
        try (try String(contentsOf: prose, encoding: .utf8) + "\n" + sentence + "\n").write(to: prose, atomically: true, encoding: .utf8)
        let second = try CLI.run(arguments(project))
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(lessonLines(second), ["reused layer (unchanged since the last build)",
                                             "reused neuron (unchanged since the last build)"])
        let after = CLI.tree(out)
        XCTAssertFalse(text(before, "neuron.html").contains(sentence))
        XCTAssertTrue(text(after, "neuron.html").contains("<p>" + sentence + "</p>"), "the edit is on the page")
        XCTAssertEqual(CLI.differences(before, after), ["neuron.html"], "only the edited lesson's page changed")
        // The unchanged files are the old site's, linked, neither copied nor flushed again.
        for path in before.keys.sorted() {
            let changed = [".scratchnet-manifest", "neuron.html"].contains(path)
            XCTAssertEqual(try inode(out.appendingPathComponent(path)) == inodes[path], !changed, path)
        }
        let manifest = text(after, ".scratchnet-manifest").split(separator: "\n")
        XCTAssertTrue(manifest.contains("data/neuron.key") && manifest.contains("data/layer.key"), "keys are the build's own files")
    }

    func testTheKeyNamesWhatTheRecordWasMadeFrom() throws {
        let out = try CLI.temporaryFolder(self).appendingPathComponent("site")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer", "--seed", "7", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        guard let notes = CLI.tool(["readelf", "-n", CLI.binary.path]),
              let line = notes.split(separator: "\n").first(where: { $0.contains("Build ID: ") }) else {
            throw XCTSkip("readelf cannot show this scratchnet's build ID")
        }
        let buildID = line.components(separatedBy: "Build ID: ")[1].trimmingCharacters(in: .whitespaces)
        let site = CLI.tree(out)
        for (lesson, data) in [("neuron", []), ("layer", ["data exams.csv 76a6d3977c283b3a434a5b1ebd44fd527aac818d9713087229281230d569f291"])] {
            let expected = ["scratchnet record key 1", "lesson \(lesson)", "seed 7", "profile quick",
                            "executable gnu-build-id:\(buildID)"] + data
                + ["timings none", "record \(CLI.sha256(out.appendingPathComponent("data/\(lesson).json")))"]
            XCTAssertEqual(text(site, "data/\(lesson).key"), expected.joined(separator: "\n") + "\n")
        }
    }

    func testWithoutABuildIDTheKeyHoldsTheExecutablesSHA256() throws {
        // A copy of scratchnet without its build ID note: the key falls back to hashing its bytes.
        let folder = try CLI.temporaryFolder(self)
        let copy = folder.appendingPathComponent("scratchnet")
        guard CLI.tool(["objcopy", "--remove-section", ".note.gnu.build-id", CLI.binary.path, copy.path]) != nil else {
            throw XCTSkip("objcopy cannot remove the build ID here")
        }
        let out = folder.appendingPathComponent("site")
        let build = ["build", "--profile", "quick", "--lesson", "neuron", "--out", out.path]
        XCTAssertEqual(try CLI.run(build, executable: copy).status, 0)
        let key = try String(contentsOf: out.appendingPathComponent("data/neuron.key"), encoding: .utf8)
        XCTAssertTrue(key.contains("\nexecutable sha256:\(CLI.sha256(copy))\n"), key)
        let again = try CLI.run(build, executable: copy)
        XCTAssertEqual(lessonLines(again), ["reused neuron (unchanged since the last build)"])
        let original = try CLI.run(build)
        XCTAssertEqual(lessonLines(original), ["built neuron (rerun: scratchnet changed)"], "another executable runs the lesson")
    }

    func testAReusedBuildIsByteIdenticalToARerun() throws {
        // mnist-fastai measures timings: a record built with them is reused by a --no-timings
        // build with its timings left out, giving the bytes a rerun gives.
        let out = try CLI.temporaryFolder(self).appendingPathComponent("site")
        let build = ["build", "--profile", "quick", "--lesson", "manual-backward", "--lesson", "mnist-fastai", "--out", out.path]
        let timed = try CLI.run(build)
        XCTAssertEqual(lessonLines(timed), ["built manual-backward", "built mnist-fastai"], timed.stderr)
        XCTAssertTrue(text(CLI.tree(out), "data/mnist-fastai.key").contains("\ntimings kept\n"))

        let reused = try CLI.run(build + ["--no-timings"])
        XCTAssertEqual(lessonLines(reused), ["reused manual-backward (unchanged since the last build)",
                                             "reused mnist-fastai (unchanged since the last build; timings left out)"])
        let fromReused = CLI.tree(out)
        let rerun = try CLI.run(build + ["--no-timings", "--rerun"])
        XCTAssertEqual(lessonLines(rerun), ["built manual-backward", "built mnist-fastai"], "--rerun runs every lesson")
        let fromRerun = CLI.tree(out)
        XCTAssertEqual(fromRerun.count, 24, "\(fromRerun.keys.sorted())")
        XCTAssertEqual(CLI.differences(fromReused, fromRerun), [], "reused and rerun give the same bytes")
        XCTAssertFalse(text(fromRerun, "mnist-fastai.html").contains("class=\"timings\""))
        let key = text(fromRerun, "data/mnist-fastai.key")
        XCTAssertTrue(key.contains("\ntimings left-out\n"), key)
        XCTAssertTrue(key.contains("\ndata mnist/train-images-idx3-ubyte.gz 0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971\n"), key)

        let again = try CLI.run(build + ["--no-timings"])
        XCTAssertEqual(lessonLines(again).count, 2)
        XCTAssertTrue(lessonLines(again).allSatisfy { $0.hasPrefix("reused ") }, again.stderr)
        XCTAssertEqual(CLI.differences(CLI.tree(out), fromRerun), [])
        // A record whose timings were left out does not serve a build that shows them (tried
        // on manual-backward's key, so that mnist-fastai need not run a third time).
        let backwardKey = out.appendingPathComponent("data/manual-backward.key")
        let leftOut = try String(contentsOf: backwardKey, encoding: .utf8).replacingOccurrences(of: "\ntimings none\n", with: "\ntimings left-out\n")
        try Data(leftOut.utf8).write(to: backwardKey)
        let withTimings = try CLI.run(["build", "--profile", "quick", "--lesson", "manual-backward", "--out", out.path])
        XCTAssertEqual(lessonLines(withTimings), ["built manual-backward (rerun: the last build left its timings out)"])
    }

    func testTheSeedTheProfileAndTheDataFilesDecideReuse() throws {
        let project = try CLI.projectCopy(self)
        let out = project.appendingPathComponent("output")
        XCTAssertEqual(try CLI.run(arguments(project)).status, 0)
        let seven = try CLI.run(arguments(project, ["--seed", "7"]))
        XCTAssertEqual(lessonLines(seven), ["built layer (rerun: the seed changed (42, now 7))",
                                            "built neuron (rerun: the seed changed (42, now 7))"])
        XCTAssertEqual(lessonLines(try CLI.run(arguments(project, ["--seed", "7"]))),
                       ["reused layer (unchanged since the last build)", "reused neuron (unchanged since the last build)"])
        let full = try CLI.run(arguments(project, ["--seed", "7", "--profile", "full"]))
        XCTAssertEqual(lessonLines(full), ["built layer (rerun: the profile changed (quick, now full))",
                                           "built neuron (rerun: the profile changed (quick, now full))"])
        let before = CLI.tree(out)

        // layer reads exams.csv, neuron no data file: a changed exams.csv reruns layer only,
        // which finds the damage, and nothing is written.
        let exams = project.appendingPathComponent("assets/data/exams.csv")
        let original = try Data(contentsOf: exams)
        var bytes = original
        bytes[bytes.count - 2] ^= 1
        try FileManager.default.removeItem(at: exams)
        try bytes.write(to: exams)
        let damaged = try CLI.run(arguments(project, ["--seed", "7", "--profile", "full"]))
        XCTAssertEqual(damaged.status, 1)
        XCTAssertEqual(damaged.errorLines, ["reused neuron (unchanged since the last build)",
                                            "error: exams.csv: checksum mismatch: expected SHA-256 76a6d3977c283b3a434a5b1ebd44fd527aac818d9713087229281230d569f291, found \(CLI.sha256(exams))"])
        XCTAssertEqual(CLI.tree(out), before, "nothing was written")
        // The file put back, the records of the last build that wrote one are reused again.
        try FileManager.default.removeItem(at: exams)
        try original.write(to: exams)
        XCTAssertEqual(lessonLines(try CLI.run(arguments(project, ["--seed", "7", "--profile", "full"]))),
                       ["reused layer (unchanged since the last build)", "reused neuron (unchanged since the last build)"])
    }

    func testADamagedOrForeignRecordIsNotTrusted() throws {
        let project = try CLI.projectCopy(self)
        let out = project.appendingPathComponent("output")
        let build = arguments(project, ["--no-timings"])
        XCTAssertEqual(try CLI.run(build).status, 0)
        let good = CLI.tree(out)
        let record = out.appendingPathComponent("data/neuron.json"), key = out.appendingPathComponent("data/neuron.key")
        let json = text(good, "data/neuron.json")
        let cases: [(String, (URL, URL) throws -> Void)] = [
            ("data/neuron.json: not valid JSON: line 5, column 9: unterminated string", { r, _ in try Data(json.utf8.prefix(120)).write(to: r) }),
            ("data/neuron.json: it is the record of lesson layer", { r, _ in try good["data/layer.json"]!.write(to: r) }),
            ("data/neuron.json: it was built with seed 43, not 42", { r, _ in
                try Data(json.replacingOccurrences(of: "\"seed\": 42", with: "\"seed\": 43").utf8).write(to: r) }),
            ("data/neuron.json: not a lesson record: no 'steps' at the top level", { r, _ in
                try Data(json.replacingOccurrences(of: "\"steps\": [", with: "\"stops\": [").utf8).write(to: r) }),
            ("data/neuron.json: its SHA-256 is not the one data/neuron.key was written for (it changed since)", { r, _ in
                try Data(json.replacingOccurrences(of: "\"title\": \"", with: "\"title\": \"Edited: ").utf8).write(to: r) }),
            ("data/neuron.json: missing or unreadable", { r, _ in try FileManager.default.removeItem(at: r) }),
            ("data/neuron.key: not a record key (its first line is not 'scratchnet record key 1')", { _, k in
                try Data("{}\n".utf8).write(to: k) }),
            ("data/neuron.key: it is the key of lesson layer", { _, k in try good["data/layer.key"]!.write(to: k) }),
        ]
        for (reason, damage) in cases {
            try damage(record, key)
            let result = try CLI.run(build)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(lessonLines(result), ["built neuron",
                                                 "neuron: the previous record cannot be reused (\(reason)); running it",
                                                 "reused layer (unchanged since the last build)"], reason)
            XCTAssertEqual(CLI.differences(CLI.tree(out), good), [], "the rerun puts back what it gives: \(reason)")
        }
        // An output folder holding a file no build wrote is not ours: --force replaces it, reusing nothing.
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let forced = try CLI.run(build + ["--force"])
        XCTAssertEqual(lessonLines(forced).filter { !$0.hasPrefix("note: ") }, ["built layer", "built neuron"])
    }
}
