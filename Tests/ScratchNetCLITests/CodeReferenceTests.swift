import Foundation
import XCTest

/// A step's code references are checked before any lesson runs: a missing declaration, and a
/// source changed after the executable was built, each stop the build with one line.
final class CodeReferenceTests: XCTestCase {
    /// The project copy with its own copy of `Sources` (newer than the executable), in which
    /// `edit` may change a file.
    private func projectWithCopiedSources(edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let project = try CLI.projectCopy(self)
        let fm = FileManager.default
        let sources = project.appendingPathComponent("Sources")
        try fm.removeItem(at: sources)
        try fm.copyItem(at: CLI.projectRoot.appendingPathComponent("Sources"), to: sources)
        try edit(sources)
        return project
    }

    func testAStepNamingMissingCodeStopsTheBuildBeforeAnyLessonRuns() throws {
        let project = try projectWithCopiedSources { sources in
            let file = sources.appendingPathComponent("NeuralNet/Functions.swift")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "public func linGrad(", with: "public func linGradient(")
                .write(to: file, atomically: true, encoding: .utf8)
        }
        let out = project.appendingPathComponent("output")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "mnist-softmax", "--lesson", "manual-backward",
                                  "--data", project.path + "/assets/data", "--out", out.path])
        assertOneLineError(result, "error: lesson manual-backward, step lin2-grad: Sources/NeuralNet/Functions.swift: `linGrad`: ",
                           status: 1)
        XCTAssertTrue(result.stderr.contains("linGradient"), "the near miss is suggested: \(result.stderr)")
        XCTAssertFalse(result.stdout.contains("built "), "no lesson ran: \(result.stdout)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written")
    }

    func testASourceChangedAfterTheBuildIsRefused() throws {
        let project = try projectWithCopiedSources()
        let out = project.appendingPathComponent("output")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "neuron",
                                  "--data", project.path + "/assets/data", "--out", out.path])
        assertOneLineError(result, "error: Sources/Lessons/Core/Neuron.swift changed after this scratchnet was built", status: 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written")
    }

    func testThePageShowsTheCodeFromTheSourceFile() throws {
        let out = try CLI.temporaryFolder(self).appendingPathComponent("site")
        let result = try CLI.run(["build", "--profile", "quick", "--lesson", "manual-backward", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let page = try String(contentsOf: out.appendingPathComponent("manual-backward.html"), encoding: .utf8)
        let source = try String(contentsOf: CLI.projectRoot.appendingPathComponent("Sources/NeuralNet/Functions.swift"), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let first = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("public func linGrad(") }) + 1
        XCTAssertTrue(page.contains("Sources/NeuralNet/Functions.swift, <span class=\"code-lines\">lines "), "the path is shown")
        XCTAssertTrue(page.contains("data-line=\"\(first)\""), "line \(first), where linGrad starts, is shown with its number")
    }
}
