import Site
import XCTest

final class PNGTests: XCTestCase {
    private let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Every byte value, so the round trip is checked on the whole 0-255 range.
    private func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / 7) }
    }

    func testGrayRoundTrip() throws {
        let image = try PNGImage(width: 28, height: 28, format: .gray, pixels: pattern(784))
        let bytes = try PNG.encode(image)
        XCTAssertEqual(Array(bytes.prefix(8)), signature)
        XCTAssertEqual(try PNG.decode(bytes), image)
    }

    func testRGBRoundTrip() throws {
        let image = try PNGImage(width: 7, height: 5, format: .rgb, pixels: pattern(7 * 5 * 3))
        XCTAssertEqual(try PNG.decode(PNG.encode(image)), image)
    }

    func testRGBARoundTripIncludingTransparentPixels() throws {
        var pixels = pattern(9 * 4 * 4)
        pixels[3] = 0      // fully transparent, with colour that must survive
        pixels[7] = 255
        pixels[11] = 128
        let image = try PNGImage(width: 9, height: 4, format: .rgba, pixels: pixels)
        XCTAssertEqual(try PNG.decode(PNG.encode(image)), image)
    }

    func testEncodingIsDeterministic() throws {
        let image = try PNGImage(width: 28, height: 28, format: .gray, pixels: pattern(784))
        XCTAssertEqual(try PNG.encode(image), try PNG.encode(image))
    }

    func testNearestNeighbourUpscaling() throws {
        let image = try PNGImage(width: 2, height: 2, format: .gray, pixels: [0, 50, 100, 255])
        let big = image.upscaled(by: 3)
        XCTAssertEqual(big.width, 6)
        XCTAssertEqual(big.height, 6)
        XCTAssertEqual(big.pixels, [
            0, 0, 0, 50, 50, 50,
            0, 0, 0, 50, 50, 50,
            0, 0, 0, 50, 50, 50,
            100, 100, 100, 255, 255, 255,
            100, 100, 100, 255, 255, 255,
            100, 100, 100, 255, 255, 255,
        ])
        XCTAssertEqual(try PNG.decode(PNG.encode(big)), big)

        let rgb = try PNGImage(width: 1, height: 1, format: .rgb, pixels: [1, 2, 3]).upscaled(by: 2)
        XCTAssertEqual(rgb.pixels, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3])

        let digit = try PNGImage(width: 28, height: 28, format: .gray, pixels: pattern(784)).upscaled(by: 10)
        let decoded = try PNG.decode(PNG.encode(digit))
        XCTAssertEqual(decoded.width, 280)
        XCTAssertEqual(decoded.pixels[279 * 280 + 279], pattern(784)[783])
    }

    func testGrayFromIntensities() throws {
        let image = try PNGImage(gray: [0, 0.5, 1, 2, -1, .nan], width: 3, height: 2)
        XCTAssertEqual(image.pixels, [0, 128, 255, 255, 0, 0])
        let inverted = try PNGImage(gray: [0, 1], width: 2, height: 1, inverted: true)
        XCTAssertEqual(inverted.pixels, [255, 0])
    }

    func testDecodeAsAnotherFormat() throws {
        let gray = try PNGImage(width: 2, height: 1, format: .gray, pixels: [10, 200])
        let asRGBA = try PNG.decode(PNG.encode(gray), as: .rgba)
        XCTAssertEqual(asRGBA.pixels, [10, 10, 10, 255, 200, 200, 200, 255])
    }

    func testErrorsCarryTheReason() throws {
        XCTAssertThrowsError(try PNG.decode(Array("not a png at all".utf8))) { error in
            XCTAssertEqual(error as? PNGError, PNGError(message: "Not a PNG file"))
        }
        var bytes = try PNG.encode(PNGImage(width: 4, height: 4, format: .rgb, pixels: pattern(48)))
        bytes.removeLast(20)  // cut into the image data and the end chunk
        XCTAssertThrowsError(try PNG.decode(bytes)) {
            XCTAssertEqual("\($0)", "PNG: read beyond end of data")
        }
        XCTAssertThrowsError(try PNGImage(width: 2, height: 2, format: .rgb, pixels: [1, 2, 3])) {
            XCTAssertEqual("\($0)", "PNG: 2x2 rgb image needs 12 bytes, got 3")
        }
    }
}
