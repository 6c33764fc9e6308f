import XCTest
import LessonRecords
@testable import Lessons

final class RecordJSONTests: XCTestCase {
    func testRoundTripAndLayout() throws {
        var record = LessonRecord(id: "t", title: "T <x>", summary: "s", track: .core, order: 1, seed: 42, profile: .quick)
        var step = StepRecord(id: "a", title: "A", phase: .forward)
        step.tensors.append(TensorRecord(name: "w", value: .init([1, 0.1, 1.0 / 3, .nan, .infinity, -2, 1e-20, 123456789.125, 7]), role: .parameter))
        step.images.append(ImageGrid(name: "g", title: "G", columns: 1, images: [
            ImageRecord(width: 2, height: 1, channels: 1, pixels: [0, 255], label: "7", caption: "a seven"),
        ]))
        record.steps = [step]
        let text = try RecordJSON.encode(record)
        XCTAssertTrue(text.contains("0.333333333333"))
        XCTAssertFalse(text.contains("0.3333333333333333"))
        XCTAssertTrue(text.contains("\"nan\""))
        XCTAssertTrue(text.contains("\"title\": \"T \\u003cx>\""))
        // Keys are sorted and each stands on its own line.
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(keys, keys.sorted())
        // Nine numbers wrap after eight.
        XCTAssertTrue(text.contains("1, 0.1, 0.333333333333, \"nan\", \"inf\", -2, 1e-20, 123456789.125,\n"), text)
        let back = try RecordJSON.decode(text)
        XCTAssertEqual(back.steps[0].images[0].images[0].pixels, [0, 255])
        XCTAssertEqual(back.steps[0].tensors[0].values![2], 0.333333333333)
        XCTAssertTrue(back.steps[0].tensors[0].values![3].isNaN)
        XCTAssertEqual(try RecordJSON.encode(back), text)
    }

    func testLargeTensorsKeepStatisticsAndAPreview() {
        let big = TensorRecord(name: "w", value: .init(shape: [100, 200], repeating: 2), role: .parameter)
        XCTAssertNil(big.values)
        XCTAssertEqual(big.preview?.rows, 64)
        XCTAssertEqual(big.preview?.columns, 64)
        XCTAssertEqual(big.preview?.values.allSatisfy { $0 == 2 }, true)
        XCTAssertEqual(big.stats.count, 20000)
        XCTAssertEqual(big.stats.mean, 2)
        XCTAssertEqual(big.stats.std, 0)
    }

    func testParserRefusesBrokenJSONWithAPosition() {
        XCTAssertThrowsError(try JSONValue.parse("{\"a\": [1, 2,]}")) { error in
            XCTAssertEqual("\(error)", "line 1, column 13: expected a value")
        }
        XCTAssertThrowsError(try JSONValue.parse("{\"a\": 1")) { error in
            XCTAssertEqual("\(error)", "line 1, column 8: unexpected end of input in an object")
        }
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 600)))
        XCTAssertThrowsError(try JSONValue.parse("\"\\ud800\""))
        XCTAssertEqual(try JSONValue.parse("\"\\u00e9\\n\""), .string("é\n"))
        XCTAssertEqual(try JSONValue.parse(" [1e3, -0.5, true, null] "),
                       .array([.number(1000, text: "1e3"), .number(-0.5, text: "-0.5"), .bool(true), .null]))
    }

    func testImagePixelsRoundTripThroughBase64() {
        for bytes: [UInt8] in [[], [1], [1, 2], [1, 2, 3], Array(0...255)] {
            let image = ImageRecord(width: bytes.count, height: 1, channels: 1, pixels: bytes, caption: "row")
            XCTAssertEqual(image.pixels, bytes)
        }
        XCTAssertEqual(ImageRecord(width: 3, height: 1, channels: 1, pixels: Array("Man".utf8), caption: "").pixelsBase64, "TWFu")
        XCTAssertEqual(ImageRecord(width: 2, height: 1, channels: 1, pixels: Array("Ma".utf8), caption: "").pixelsBase64, "TWE=")
        var broken = ImageRecord(width: 1, height: 1, channels: 1, pixels: [1], caption: "")
        broken.pixelsBase64 = "T@E="
        XCTAssertEqual(broken.pixels, [], "invalid base64 decodes to no pixels")
    }
}
