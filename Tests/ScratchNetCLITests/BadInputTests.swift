import Foundation
import XCTest

/// Every bad input ends the command with one line, `error: ...`, and a non-zero status.
final class BadInputTests: XCTestCase {
    func testOptionMistakesAreOneLine() throws {
        let cases: [([String], String)] = [
            (["build", "--lesson", "nope"], "error: unknown lesson 'nope'; known lessons: neuron, layer, forward, manual-backward"),
            (["build", "--seed=-1"], "error: --seed must be a whole number from 0 to 18446744073709551615, got '-1'"),
            (["build", "--seed", "18446744073709551616"], "got '18446744073709551616'"),
            (["verify", "--seed", "1.5"], "got '1.5'"),
            (["build", "--threads", "0"], "error: --threads must be a whole number from 1 to 256, got '0'"),
            (["build", "--bogus"], "error: Unknown option '--bogus'"),
            (["verify", "--seed", "7"], "error: snapshots are recorded at seed 42"),
        ]
        for (arguments, expected) in cases {
            let result = try CLI.run(arguments)
            assertOneLineError(result, expected, status: 64)
        }
        let fault = try CLI.run(["build", "--lesson", "neuron", "--profile", "quick", "--out", try CLI.temporaryFolder(self).path + "/o"],
                                environment: ["SCRATCHNET_FAULT": "neuron:nope"])
        assertOneLineError(fault, "error: SCRATCHNET_FAULT: lesson neuron has no step 'nope' (its steps: ", status: 1)
    }

    func testChecksumMismatchNamesTheFileAndBothSums() throws {
        let project = try CLI.projectCopy(self)
        let exams = project.appendingPathComponent("assets/data/exams.csv")
        var bytes = try Data(contentsOf: exams)
        bytes[bytes.count - 2] ^= 1
        try FileManager.default.removeItem(at: exams)
        try bytes.write(to: exams)
        let out = project.appendingPathComponent("output")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "layer", "--data", project.path + "/assets/data", "--out", out.path])
        let actual = CLI.sha256(exams)
        assertOneLineError(result, "error: exams.csv: checksum mismatch: expected SHA-256 76a6d3977c283b3a434a5b1ebd44fd527aac818d9713087229281230d569f291, found \(actual)", status: 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written")
    }

    func testMissingDataFileIsNamed() throws {
        let project = try CLI.projectCopy(self)
        let boston = project.appendingPathComponent("assets/data/boston-crim-tax-ptratio.csv")
        try FileManager.default.removeItem(at: boston)
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "boston-dropout", "--data", project.path + "/assets/data",
                                  "--out", project.path + "/output"])
        assertOneLineError(result, "error: \(boston.path): cannot read: no such file", status: 1)
    }

    func testMalformedProseIsReportedBeforeTraining() throws {
        let cases: [(String, String)] = [
            ("\n$$x + y\n", "lessons/01-neuron.md:"),
            ("\nThe $\\frobnicate{x}$ of it.\n", "\\frobnicate"),
            ("\n## A step nobody declared {#no-such-step}\n\nText.\n", "the prose names step 'no-such-step', which lesson neuron does not have (its steps: weighted-sum, relu, five-neurons)"),
        ]
        for (addition, expected) in cases {
            let project = try CLI.projectCopy(self)
            let prose = project.appendingPathComponent("lessons/01-neuron.md")
            try (try String(contentsOf: prose, encoding: .utf8) + addition).write(to: prose, atomically: true, encoding: .utf8)
            let out = project.appendingPathComponent("output")
            // mnist-softmax is listed so that a check after training would take seconds: the
            // prose must be refused first (and nothing is written).
            let result = try CLI.run(["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "mnist-softmax",
                                      "--data", project.path + "/assets/data", "--out", out.path])
            assertOneLineError(result, expected, status: 1)
            XCTAssertTrue(result.stderr.hasPrefix("error: lessons/01-neuron.md:"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        }
    }

    func testSnapshotThatIsNotJSON() throws {
        let project = try CLI.projectCopy(self)
        try Data("{\"id\": neuron}\n".utf8).write(to: project.appendingPathComponent("lessons/snapshots/neuron.quick.json"))
        let result = try CLI.run(["verify", "--profile", "quick", "--lesson", "neuron", "--data", project.path + "/assets/data"])
        assertOneLineError(result, "error: lessons/snapshots/neuron.quick.json: not valid JSON: line 1, column 8: ", status: 1)
    }

    func testChangedSnapshotNumberFailsVerifyNamingWhere() throws {
        let project = try CLI.projectCopy(self)
        let name = "lessons/snapshots/manual-backward.quick.json"
        var text = try String(contentsOf: CLI.projectRoot.appendingPathComponent(name), encoding: .utf8)
        // The loss of the forward step, changed in its last digits.
        let loss = try XCTUnwrap(text.range(of: "\"values\": [1.10723193073]"))
        text.replaceSubrange(loss, with: "\"values\": [1.10723193999]")
        try Data(text.utf8).write(to: project.appendingPathComponent(name))
        let result = try CLI.run(["verify", "--profile", "quick", "--lesson", "manual-backward", "--data", project.path + "/assets/data"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("mismatch: lesson manual-backward, step forward, tensor loss, index 0: old 1.10723193999, new 1.10723193073"), result.stderr)
        XCTAssertTrue(result.stderr.contains("verify failed for: manual-backward"), result.stderr)
    }
}
