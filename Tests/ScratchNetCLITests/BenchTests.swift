import Foundation
import XCTest

/// `scratchnet bench` prints one `name key=value ...` line per item, which bench/compare.sh reads.
final class BenchTests: XCTestCase {
    private func fields(_ line: Substring) -> [String: String] {
        var out = [String: String]()
        for part in line.split(separator: " ").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
        }
        return out
    }

    func testKernelShapeLinesCarryTimeRateAndCalls() throws {
        let result = try CLI.run(["bench", "--no-peak", "--no-training", "--threads", "2",
                                  "--filter", "fwd_32x200@200x10", "--seconds", "0.01"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("kernel path=") ?? false, result.stdout)
        XCTAssertEqual(fields(lines[0])["threads"], "2")
        let shape = try XCTUnwrap(lines.last)
        XCTAssertTrue(shape.hasPrefix("fwd_32x200@200x10 "), String(shape))
        let values = fields(shape)
        let seconds = try XCTUnwrap(values["seconds"].flatMap(Double.init))
        let gflops = try XCTUnwrap(values["gflops"].flatMap(Double.init))
        let calls = try XCTUnwrap(values["calls"].flatMap(Int.init))
        XCTAssertGreaterThan(seconds, 0)
        XCTAssertGreaterThanOrEqual(calls, 10)
        // gflops is 2*M*N*K / seconds, both as printed (to their rounding)
        XCTAssertEqual(gflops, 2.0 * 32 * 200 * 10 / seconds / 1e9, accuracy: 0.01 + gflops * 1e-3)
    }

    func testTrainingLinesGiveTheBestOfTheRuns() throws {
        // the smallest workload (the exam network), twice
        let result = try CLI.run(["bench", "--no-peak", "--filter", "train_exam", "--runs", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = try XCTUnwrap(result.stdout.split(separator: "\n").last)
        XCTAssertTrue(line.hasPrefix("train_exam_3-5-1_30epochs_x10000 "), String(line))
        let values = fields(line)
        XCTAssertEqual(values["steps"], "300000")
        XCTAssertEqual(values["runs"], "2")
        XCTAssertGreaterThan(try XCTUnwrap(values["seconds"].flatMap(Double.init)), 0)
    }

    func testRunsMustBePositive() throws {
        let result = try CLI.run(["bench", "--runs", "0"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--runs must be at least 1"), result.stderr)
    }
}
