import Datasets
import XCTest

final class SHA256Tests: XCTestCase {
    // FIPS 180-2 / NIST test vectors.
    func testEmptyMessage() {
        XCTAssertEqual(SHA256.hex(of: [UInt8]()),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testABC() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func test448BitMessage() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        XCTAssertEqual(message.utf8.count * 8, 448)
        XCTAssertEqual(SHA256.hex(of: Array(message.utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testUpdatesInPiecesEqualOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        // Piece sizes that straddle block boundaries in every way, including empty pieces.
        for pieceSize in [0, 1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hasher = SHA256()
            var offset = 0
            while offset < data.count {
                let end = min(data.count, offset + max(pieceSize, 1))
                if pieceSize == 0 { hasher.update([UInt8]()) }
                hasher.update(data[offset..<end])
                offset = end
            }
            XCTAssertEqual(hasher.finalize(), SHA256.hash(data), "pieces of \(pieceSize)")
        }
    }

    func testPaddingEdgeLengths() {
        // Lengths around the 55/56/64-byte padding boundaries, against sha256sum.
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (length, sum) in expected {
            XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: length)), sum,
                           "\(length) bytes")
        }
    }
}
