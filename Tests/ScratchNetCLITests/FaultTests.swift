import Foundation
import XCTest

/// A lesson that fails in training (here through `SCRATCHNET_FAULT`) is reported with its step;
/// the other lessons are built; the site lists the failure; the exit status is 1.
final class FaultTests: XCTestCase {
    func testAFailedLessonIsReportedAndTheOthersAreBuilt() throws {
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer", "--out", out.path],
                                 environment: ["SCRATCHNET_FAULT": "neuron:relu"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let errors = result.errorLines.filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors, [
            "error: lesson neuron, step relu: the loss is nan (injected by SCRATCHNET_FAULT=neuron:relu)",
            "error: 1 of 2 lessons failed: neuron at step relu; the site lists them on its index",
        ], result.stderr)
        XCTAssertTrue(result.stderr.contains("built layer in "))
        let site = CLI.tree(out)
        XCTAssertNotNil(site["layer.html"])
        XCTAssertNotNil(site["data/layer.json"])
        XCTAssertNil(site["neuron.html"], "a failed lesson gets no page")
        XCTAssertNil(site["data/neuron.json"], "and no record")
        let index = String(decoding: site["index.html"]!, as: UTF8.self)
        XCTAssertTrue(index.contains("<div class=\"build-failures\" role=\"alert\"><p><strong>Not built.</strong> This lesson failed in this build and has no page:</p><ul><li><code>neuron</code>, step <code>relu</code>: the loss is nan (injected by SCRATCHNET_FAULT=neuron:relu)</li></ul></div>"))
        XCTAssertFalse(index.contains("href=\"neuron.html\""), "nothing links to the missing page")
        XCTAssertEqual(CLI.entries(parent), ["site"])
    }

    func testWhenEveryLessonFailsNothingIsWritten() throws {
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        XCTAssertEqual(try CLI.run(["build", "--profile", "quick", "--lesson", "neuron", "--out", out.path]).status, 0)
        let previous = CLI.tree(out)
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "neuron", "--out", out.path],
                                 environment: ["SCRATCHNET_FAULT": "neuron:five-neurons"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.errorLines, [
            "error: lesson neuron, step five-neurons: the loss is nan (injected by SCRATCHNET_FAULT=neuron:five-neurons)",
            "error: no lesson was built (neuron at step five-neurons); \(out.path) was not changed",
        ])
        XCTAssertEqual(CLI.tree(out), previous)
        XCTAssertEqual(CLI.entries(parent), ["site"])
    }
}
