@testable import Datasets
import XCTest

/// Inputs found by the libFuzzer harnesses in fuzz/ (fuzz/run.sh csv|idx), kept as tests once the
/// reader was fixed. See docs/fuzzing.md.
final class DatasetsFuzzRegressionTests: XCTestCase {
    /// fuzz/run.sh idx: a gzip header and a forged trailer, 20 bytes in all, claiming an inflated
    /// size of 4 GiB - 1. The output buffer was sized from the trailer alone (capped at 256 MiB),
    /// so each such input allocated and zeroed 256 MiB before zlib refused it (80 inputs/s and
    /// 570 MB resident under the fuzzer). The first guess is now also capped by deflate's largest
    /// expansion (1032:1) of the bytes actually given.
    func testForgedTrailerSizeDoesNotAllocateHundredsOfMegabytes() {
        let forged: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03,
                               0x03, 0x00, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]
        XCTAssertLessThanOrEqual(Gzip.initialCapacity(for: forged), 1 << 16)
        XCTAssertThrowsError(try Gzip.inflate(forged, file: "forged.gz"))

        // A real file still gets its trailer's size as the first guess (no regrowing).
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let compressed = gzip(payload)
        XCTAssertEqual(Gzip.initialCapacity(for: compressed), payload.count)
        XCTAssertEqual(try Gzip.inflate(compressed, file: "ok.gz"), payload)
    }

    /// A highly compressible file (all zeros, near deflate's largest ratio) still inflates whole.
    func testMaximallyCompressedInputStillInflates() throws {
        let payload = [UInt8](repeating: 0, count: 5_000_000)
        let compressed = gzip(payload)
        XCTAssertLessThan(compressed.count * Gzip.maximumRatio, 1 << 28)
        XCTAssertEqual(try Gzip.inflate(compressed, file: "zeros.gz"), payload)
    }
}
