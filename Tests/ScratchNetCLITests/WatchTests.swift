import Foundation
import XCTest

/// `build --watch` builds, then builds again whenever a selected lesson's prose (or the site's
/// stylesheet or script) changes, reusing the records; a bad edit is reported and watched on.
final class WatchTests: XCTestCase {
    func testAnEditIsRepublishedAndABadOneReportedWithoutStopping() throws {
        let project = try CLI.projectCopy(self)
        let out = project.appendingPathComponent("output")
        let running = try CLI.start(["build", "--watch", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer",
                                     "--data", project.path + "/assets/data", "--out", out.path])
        addTeardownBlock { running.kill() }
        func builds(_ count: Int) -> Bool {
            running.wait(until: { $0.stdout.components(separatedBy: "wrote ").count - 1 == count })
        }
        XCTAssertTrue(builds(1), running.stderr)
        XCTAssertTrue(running.wait(for: "watching 5 files"), running.stderr)

        let prose = project.appendingPathComponent("lessons/01-neuron.md")
        let original = try String(contentsOf: prose, encoding: .utf8)
        let sentence = "A sentence the watching build publishes."
        try (original + "\n" + sentence + "\n").write(to: prose, atomically: true, encoding: .utf8)
        XCTAssertTrue(builds(2), running.stderr)
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent("neuron.html"), encoding: .utf8).contains(sentence))
        XCTAssertTrue(running.stderr.contains("lessons/01-neuron.md changed: building\n"), running.stderr)
        XCTAssertTrue(running.stderr.contains("reused neuron (unchanged since the last build)"), running.stderr)

        let published = CLI.tree(out)
        try (original + "\n$$x + y\n").write(to: prose, atomically: true, encoding: .utf8)
        XCTAssertTrue(running.wait(for: "error: lessons/01-neuron.md:"), running.stderr)
        XCTAssertTrue(running.wait(until: { $0.stderr.components(separatedBy: "watching 5 files").count - 1 == 3 }))
        XCTAssertTrue(running.process.isRunning, "a bad edit does not stop watching")
        XCTAssertEqual(CLI.tree(out), published, "and changes nothing")

        try original.write(to: prose, atomically: true, encoding: .utf8)
        XCTAssertTrue(builds(3), running.stderr)
        XCTAssertFalse(try String(contentsOf: out.appendingPathComponent("neuron.html"), encoding: .utf8).contains(sentence))
    }

    func testAUsageMistakeStopsWatchingAtOnce() throws {
        let result = try CLI.run(["build", "--watch", "--lesson", "nope"])
        assertOneLineError(result, "error: unknown lesson 'nope'", status: 64)
    }
}
