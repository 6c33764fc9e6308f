import Datasets
import XCTest

/// Refusals of damaged gzip and IDX files. Fixtures are made from the real (small) test-label
/// and test-image files, or written with zlib's deflate, in a temporary folder.
final class GzipIDXTests: XCTestCase {
    private func realBytes(_ file: DataFile) throws -> [UInt8] {
        try repositoryData().read(file)
    }

    private func readImages(_ bytes: [UInt8], named name: String) throws -> String? {
        let url = try write(bytes, to: name, in: temporaryFolder(self))
        return datasetErrorMessage { () throws(DatasetError) in try IDXFile.read(at: url, kind: .images) }
    }

    func testRoundTripThroughDeflate() throws {
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        XCTAssertEqual(try Gzip.inflate(gzip(payload), file: "x.gz"), payload)
        XCTAssertEqual(try Gzip.inflate(gzip([]), file: "x.gz"), [])
        // Two gzip members one after the other are one file (RFC 1952).
        XCTAssertEqual(try Gzip.inflate(gzip([1, 2]) + gzip([3]), file: "x.gz"), [1, 2, 3])
    }

    func testTruncatedGzipIsRefused() throws {
        let bytes = try realBytes(.testImages)
        let message = try readImages(Array(bytes.prefix(bytes.count / 2)), named: "t10k-images-idx3-ubyte.gz")
        XCTAssertEqual(message, "t10k-images-idx3-ubyte.gz: truncated gzip stream (inflate ended before the end marker)")
        // Cut inside the 8-byte trailer: the data inflates, but the checks cannot be made.
        let shortTrailer = try readImages(Array(bytes.dropLast(3)), named: "t10k-images-idx3-ubyte.gz")
        XCTAssertEqual(shortTrailer, "t10k-images-idx3-ubyte.gz: truncated gzip stream (inflate ended before the end marker)")
    }

    func testFlippedByteInCRCIsRefused() throws {
        var bytes = try realBytes(.testLabels)
        bytes[bytes.count - 8] ^= 0x01  // first byte of the CRC-32 trailer
        let url = try write(bytes, to: "t10k-labels-idx1-ubyte.gz", in: temporaryFolder(self))
        XCTAssertEqual(
            datasetErrorMessage { () throws(DatasetError) in try IDXFile.read(at: url, kind: .labels) },
            "t10k-labels-idx1-ubyte.gz: corrupt gzip stream: incorrect data check (CRC-32 of the inflated bytes does not match the trailer)")
    }

    func testFlippedByteInDataIsRefused() throws {
        var bytes = try realBytes(.testImages)
        bytes[bytes.count / 2] ^= 0xFF
        let message = try XCTUnwrap(readImages(bytes, named: "t10k-images-idx3-ubyte.gz"))
        // Where a flip lands decides zlib's complaint (bad code, bad distance, or the CRC);
        // whichever it is, the file is refused as corrupt.
        XCTAssertTrue(message.hasPrefix("t10k-images-idx3-ubyte.gz: corrupt gzip stream: "), message)
    }

    func testNonGzipIsRefused() throws {
        let csv = try realBytes(.exams)
        XCTAssertEqual(try readImages(csv, named: "exams.gz"),
                       "exams.gz: not a gzip file (starts with 0x45 0x58, expected 0x1f 0x8b)")
        XCTAssertEqual(try readImages([], named: "empty.gz"), "empty.gz: empty file, expected a gzip stream")
        XCTAssertEqual(try readImages(Array("not gz".utf8) + gzip([1]), named: "prefixed.gz"),
                       "prefixed.gz: not a gzip file (starts with 0x6e 0x6f, expected 0x1f 0x8b)")
    }

    func testTrailingGarbageIsRefused() throws {
        XCTAssertThrowsError(try Gzip.inflate(gzip([1, 2, 3]) + [0, 0, 0], file: "x.gz")) { error in
            XCTAssertEqual("\(error)", "x.gz: 3 bytes of trailing garbage after the gzip stream")
        }
    }

    func testWrongMagicIsRefused() throws {
        let labelsAsImages = gzip(idxHeader(magic: 0x0000_0802, dimensions: [2, 2, 2]) + [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try readImages(labelsAsImages, named: "t10k-images-idx3-ubyte.gz"),
                       "t10k-images-idx3-ubyte.gz: wrong magic 0x00000802, expected 0x00000803 (images)")
        // The real labels file offered as images.
        XCTAssertEqual(try readImages(realBytes(.testLabels), named: "t10k-labels-idx1-ubyte.gz"),
                       "t10k-labels-idx1-ubyte.gz: wrong magic 0x00000801, expected 0x00000803 (images)")
    }

    func testPayloadSizeMustMatchDimensions() throws {
        let real = try Gzip.inflate(realBytes(.testImages), file: "t10k-images-idx3-ubyte.gz")
        let short = gzip(Array(real.dropLast(1000)))
        XCTAssertEqual(try readImages(short, named: "t10k-images-idx3-ubyte.gz"),
                       "t10k-images-idx3-ubyte.gz: expected 7840000 bytes of pixels, found 7839000")
        let long = gzip(idxHeader(magic: 0x0000_0803, dimensions: [1, 2, 2]) + [1, 2, 3, 4, 5])
        XCTAssertEqual(try readImages(long, named: "long.gz"), "long.gz: expected 4 bytes of pixels, found 5")
        let headerOnly = gzip(idxHeader(magic: 0x0000_0803, dimensions: [1]))
        XCTAssertEqual(try readImages(headerOnly, named: "short.gz"),
                       "short.gz: file is 8 bytes, too short for an IDX header of 16 bytes")
        let zero = gzip(idxHeader(magic: 0x0000_0803, dimensions: [0, 28, 28]))
        XCTAssertEqual(try readImages(zero, named: "zero.gz"), "zero.gz: bad dimensions 0x28x28")
    }

    func testParsesHeaderAndPayload() throws {
        let idx = try IDXFile.parse(idxHeader(magic: 0x0000_0803, dimensions: [1, 2, 3]) + [1, 2, 3, 4, 5, 6],
                                    kind: .images, file: "tiny")
        XCTAssertEqual(idx.dimensions, [1, 2, 3])
        XCTAssertEqual(idx.bytes, [1, 2, 3, 4, 5, 6])
    }

    func testMNISTConsistencyChecks() throws {
        let images = try IDXFile.parse(idxHeader(magic: 0x803, dimensions: [2, 28, 28]) + [UInt8](repeating: 0, count: 1568),
                                       kind: .images, file: "i")
        let oneLabel = try IDXFile.parse(idxHeader(magic: 0x801, dimensions: [1]) + [3], kind: .labels, file: "l")
        XCTAssertThrowsError(try MNISTSet.combine(images: images, labels: oneLabel, imagesFile: "i", labelsFile: "l")) {
            XCTAssertEqual("\($0)", "l: 2 images but 1 labels")
        }
        let badLabel = try IDXFile.parse(idxHeader(magic: 0x801, dimensions: [2]) + [3, 12], kind: .labels, file: "l")
        XCTAssertThrowsError(try MNISTSet.combine(images: images, labels: badLabel, imagesFile: "i", labelsFile: "l")) {
            XCTAssertEqual("\($0)", "l: label 12 at index 1 is not a digit 0-9")
        }
        let small = try IDXFile.parse(idxHeader(magic: 0x803, dimensions: [1, 2, 2]) + [0, 0, 0, 0], kind: .images, file: "i")
        XCTAssertThrowsError(try MNISTSet.combine(images: small, labels: oneLabel, imagesFile: "i", labelsFile: "l")) {
            XCTAssertEqual("\($0)", "i: images are 2x2, expected 28x28")
        }
    }
}
