import Foundation
import XCTest

/// The same inputs give byte-identical sites: twice in a row, and at 1 and 2 threads.
final class DeterminismTests: XCTestCase {
    /// mnist-fastai records timings; mnist-softmax multiplies matrices big enough to use threads,
    /// and is the lesson a build starts first (`runsLong`).
    static let arguments = ["build", "--profile", "quick", "--no-timings",
                            "--lesson", "manual-backward", "--lesson", "mnist-softmax", "--lesson", "mnist-fastai"]

    func testBuildsAreByteIdenticalAcrossRunsAndThreadCounts() throws {
        let parent = try CLI.temporaryFolder(self)
        var trees = [String: [String: Data]]()
        for (name, threads) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let out = parent.appendingPathComponent(name)
            let result = try CLI.run(Self.arguments + ["--threads", threads, "--out", out.path])
            XCTAssertEqual(result.status, 0, result.stderr)
            trees[name] = CLI.tree(out)
            if threads == "1" {
                // one at a time, the long lesson first (it would follow manual-backward in catalog
                // order); the pages are in catalog order all the same (compared with 2 threads below)
                let built = result.errorLines.filter { $0.hasPrefix("built ") }.map { $0.split(separator: " ")[1] }
                XCTAssertEqual(built, ["mnist-softmax", "manual-backward", "mnist-fastai"], result.stderr)
            }
        }
        let a = trees["a"]!, b = trees["b"]!, c = trees["c"]!
        XCTAssertGreaterThan(a.count, 100)
        XCTAssertEqual(CLI.digest(a), CLI.digest(b), "twice at 1 thread; differing: \(CLI.differences(a, b))")
        XCTAssertEqual(CLI.digest(a), CLI.digest(c), "1 vs 2 threads; differing: \(CLI.differences(a, c))")
        let fastai = String(decoding: a["mnist-fastai.html"] ?? Data(), as: UTF8.self)
        XCTAssertFalse(fastai.contains("class=\"timings\""), "--no-timings leaves timings off the page")
    }
}
