import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import LessonRecords
@testable import Site

/// Text from records, prose and error messages reaches pages only escaped: a record whose EVERY
/// string field holds markup, quotes, ampersands and a CDATA end renders inert.
final class EscapingTests: XCTestCase {
    static let payload = "<script>alert(1)</script>\"&]]>'"
    /// The one script element a page may hold: the site's own stepper.
    static let stepperInclude = "<script src=\"assets/stepper.js\" defer=\"defer\"></script>"

    /// Fields decoded as enums or bytes, which cannot hold free text.
    static let structural: Set<String> = ["track", "profile", "phase", "role", "format", "pixelsBase64"]

    /// The fixture with every other string replaced by the payload (numbers written as the
    /// strings "nan"/"inf" kept).
    static func hostileRecord() throws -> LessonRecord {
        let json = try RecordJSON.encode(Fixture.record())
        let tree = try JSONSerialization.jsonObject(with: Data(json.utf8))
        func poison(_ value: Any, key: String?) -> Any {
            switch value {
            case let object as [String: Any]:
                return Dictionary(uniqueKeysWithValues: object.map { ($0.key, poison($0.value, key: $0.key)) })
            case let array as [Any]:
                return array.map { poison($0, key: key) }
            case let string as String:
                if let key, structural.contains(key) { return string }
                if ["nan", "inf", "-inf"].contains(string) { return string }
                return payload
            default:
                return value
            }
        }
        let data = try JSONSerialization.data(withJSONObject: poison(tree, key: nil))
        let record = try RecordJSON.decode(String(decoding: data, as: UTF8.self))
        XCTAssertEqual(record.title, payload)
        XCTAssertEqual(record.steps.first?.tensors.first?.name, payload)
        return record
    }

    /// The fixture's prose with the payload in its introduction, every heading and every section.
    static func hostileProse() throws -> LessonProse {
        var text = "Intro \(payload) and `\(payload)` and [\(payload)](#data) and <b onclick=\"x\">b</b>\n\n"
        for step in Fixture.record().steps {
            text += "## \(payload) heading {#\(step.id)}\n\n| \(payload) | b |\n|---|---|\n| \(payload) | 2 |\n\n    \(payload)\n\n**\(payload)**\n\n"
        }
        return try LessonProse.parse(text, file: "lessons/01-\(payload).md")
    }

    func testEveryStringFieldRendersInert() throws {
        var hostile = try Self.hostileRecord()
        hostile.id = "hostile"  // a second lesson beside the fixture; its title etc. stay hostile
        var fixture = Fixture.record()
        fixture.title = Self.payload
        fixture.summary = Self.payload
        let failures = [FailedLesson(lesson: Self.payload, step: Self.payload, message: Self.payload)]
        let files = try SiteBuilder.build(records: [fixture, hostile] + Fixture.others(),
                                          prose: [fixture.id: try Self.hostileProse()],
                                          assets: Fixture.assets(), failures: failures)
        // And the lesson whose id itself is hostile, alone (its page and image names come from the id).
        let alone = try SiteBuilder.build(records: [try Self.hostileRecord()], prose: [:], assets: Fixture.assets())
        var checked = 0
        for file in files + alone where file.path.hasSuffix(".html") || file.path.hasSuffix(".svg") {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let scripts = text.components(separatedBy: "<script").count - 1
            let includes = text.components(separatedBy: Self.stepperInclude).count - 1
            XCTAssertEqual(scripts, includes, "\(file.path): a <script that is not the stepper include")
            XCTAssertLessThanOrEqual(includes, 1, file.path)
            XCTAssertFalse(text.contains("alert(1)</script>"), file.path)
            XCTAssertFalse(text.contains("onclick"), "\(file.path): raw HTML from prose passed through")
            var body = text
            if body.hasPrefix("<!DOCTYPE html>\n") { body = String(body.dropFirst("<!DOCTYPE html>\n".count)) }
            let checker = XMLCheck(body)
            XCTAssertTrue(checker.ok, "\(file.path):\(checker.line): \(checker.message)")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 6)
        let index = String(decoding: files.first { $0.path == "index.html" }!.bytes, as: UTF8.self)
        XCTAssertTrue(index.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;]]&gt;&#39;"), "the failure notice is escaped")
        for file in files + alone {
            XCTAssertFalse(file.path.contains("<") || file.path.contains("\"") || file.path.contains("&") || file.path.contains(".."),
                           "file name from text: \(file.path)")
        }
    }
}
