import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import LessonRecords
@testable import Site

/// Whole-site checks on the fixture: well-formed pages and SVGs, links that resolve, nothing
/// fetched from the internet, every record type present, deterministic output.
final class SiteBuildTests: XCTestCase {
    private var files: [SiteFile] = []

    override func setUpWithError() throws {
        files = try SiteOutputTests.buildFixtureSite()
    }

    private func text(_ file: SiteFile) -> String { String(decoding: file.bytes, as: UTF8.self) }
    private var pages: [SiteFile] { files.filter { $0.path.hasSuffix(".html") } }

    func testTheExpectedFilesAreThere() {
        let paths = Set(files.map(\.path))
        for path in ["index.html", "fixture-lesson.html", "mnist-softmax.html", "dead-relu.html",
                     "assets/style.css", "assets/stepper.js", "img/fixture-lesson-results-digits-0.png"] {
            XCTAssertTrue(paths.contains(path), path)
        }
        XCTAssertFalse(paths.contains { $0.hasPrefix("data/") }, "data/*.json is the CLI's to write")
        XCTAssertEqual(files.map(\.path), files.map(\.path).sorted())
    }

    func testEveryPageIsWellFormedXML() {
        for page in pages {
            var body = text(page)
            XCTAssertTrue(body.hasPrefix("<!DOCTYPE html>\n"), page.path)
            body = String(body.dropFirst("<!DOCTYPE html>\n".count))
            let checker = XMLCheck(body)
            XCTAssertTrue(checker.ok, "\(page.path):\(checker.line): \(checker.message)")
        }
    }

    func testEveryInlineSVGIsWellFormedAndTitled() {
        var count = 0
        for page in pages {
            let body = text(page)
            var searchStart = body.startIndex
            while let open = body.range(of: "<svg ", range: searchStart..<body.endIndex) {
                guard let close = body.range(of: "</svg>", range: open.upperBound..<body.endIndex) else {
                    XCTFail("\(page.path): unclosed <svg>"); break
                }
                let svg = String(body[open.lowerBound..<close.upperBound])
                let checker = XMLCheck(svg)
                XCTAssertTrue(checker.ok, "\(page.path): SVG \(count) line \(checker.line): \(checker.message)")
                XCTAssertTrue(svg.contains("><title>") && svg.contains("<desc>"), "\(page.path): SVG without <title>/<desc>: \(svg.prefix(120))")
                count += 1
                searchStart = close.upperBound
            }
        }
        XCTAssertGreaterThan(count, 10)
    }

    func testEveryLocalLinkResolves() {
        let paths = Set(files.map(\.path))
        let lessonIDs = ([Fixture.record()] + Fixture.others()).map(\.id)
        for page in pages {
            let body = text(page)
            let ids = Set(attributeValues(body, "id"))
            for link in attributeValues(body, "href") + attributeValues(body, "src") {
                if link.hasPrefix("#") {
                    XCTAssertTrue(ids.contains(String(link.dropFirst())), "\(page.path): fragment \(link) has no target")
                    continue
                }
                let path = String(link.split(separator: "#").first ?? "")
                if path.hasPrefix("data/") {
                    // Written by the CLI beside the pages.
                    XCTAssertTrue(lessonIDs.contains { path == "data/\($0).json" }, "\(page.path): \(link)")
                    continue
                }
                XCTAssertTrue(paths.contains(path), "\(page.path): link \(link) resolves to no generated file")
            }
        }
    }

    func testNothingPointsOutside() {
        for file in files where !file.path.hasSuffix(".png") {
            let body = text(file).lowercased()
            XCTAssertFalse(body.contains("http://") || body.contains("https://"), file.path)
            XCTAssertFalse(body.contains("src=\"//") || body.contains("href=\"//"), file.path)
        }
    }

    func testImagesHaveAltTextAndDecode() throws {
        for page in pages {
            let body = text(page)
            var rest = body[...]
            while let img = rest.range(of: "<img ") {
                let end = rest[img.upperBound...].range(of: "/>")!
                let tag = rest[img.lowerBound..<end.upperBound]
                XCTAssertTrue(tag.contains("alt=\"") && !tag.contains("alt=\"\""), "\(page.path): \(tag)")
                rest = rest[end.upperBound...]
            }
        }
        let png = try XCTUnwrap(files.first { $0.path == "img/fixture-lesson-results-digits-0.png" })
        let image = try PNG.decode(png.bytes)
        XCTAssertEqual(image.width, 28 * 4)
    }

    func testEveryRecordTypeIsOnTheLessonPage() throws {
        let page = text(try XCTUnwrap(files.first { $0.path == "fixture-lesson.html" }))
        for fragment in [
            "<section class=\"step phase-data\" id=\"data\"", "class=\"shapes\"", "<svg class=\"network\"",
            "<svg class=\"graph\"", "<svg class=\"chart\"", "<svg class=\"heatmap\"", "<svg class=\"confusion\"",
            "tensor-values\"", "class=\"image-grid\"", "class=\"numbers check\"", "class=\"text-table\"",
            "class=\"caught-error\"", "class=\"notes\"", "class=\"timings\"", "class=\"scalars\"",
            "Before the update", "After the update", "<details class=\"chart-data\">", "28×28 pixels",
            "<math display=\"block\">", "swift run -c release scratchnet build --seed 42 --profile quick --lesson fixture-lesson",
            "href=\"data/fixture-lesson.json\"", "<li class=\"wrong\">", "<svg class=\"tape\"", "class=\"text-table tape-entries\"",
        ] {
            XCTAssertTrue(page.contains(fragment), "missing \(fragment)")
        }
        XCTAssertFalse(page.contains("<script>alert"), "record text must be escaped")
        XCTAssertTrue(page.contains("Every record type &lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertFalse(page.contains("alert(\"x\")</script>"), "raw HTML in prose must be dropped")
    }

    func testHeadingsDoNotSkipLevels() {
        for page in pages {
            var previous = 0
            for level in headingLevels(text(page)) {
                XCTAssertLessThanOrEqual(level, previous + 1, "\(page.path): h\(level) after h\(previous)")
                previous = level
            }
        }
    }

    func testIndexListsTracksInOrderWithHeadlines() throws {
        let index = text(try XCTUnwrap(files.first { $0.path == "index.html" }))
        let core = try XCTUnwrap(index.range(of: "Core track")), applied = try XCTUnwrap(index.range(of: "Applied lessons"))
        let pitfalls = try XCTUnwrap(index.range(of: "Pitfalls"))
        XCTAssertTrue(core.lowerBound < applied.lowerBound && applied.lowerBound < pitfalls.lowerBound)
        XCTAssertTrue(index.contains("98.19 %"))
        XCTAssertTrue(index.contains("0.004012"))
    }

    func testOutputIsDeterministic() throws {
        let again = try SiteOutputTests.buildFixtureSite()
        XCTAssertEqual(files, again)
    }

    func testDuplicateLessonsAreRejected() {
        XCTAssertThrowsError(try SiteBuilder.build(records: [Fixture.record(), Fixture.record()], prose: [:], assets: Fixture.assets())) { error in
            XCTAssertEqual(error as? SiteError, .duplicateLesson(id: "fixture-lesson"))
        }
    }

    func testBadTeXInProseFailsTheBuildWithFileAndLine() throws {
        let prose = try LessonProse.parse("Intro.\n\n## The data {#data}\n\nSee $\\oops$.\n", file: "lessons/01-fixture-lesson.md")
        XCTAssertThrowsError(try SiteBuilder.build(records: [Fixture.record()], prose: ["fixture-lesson": prose], assets: Fixture.assets())) { error in
            XCTAssertEqual("\(error)", "lessons/01-fixture-lesson.md:5: lesson fixture-lesson: unknown command \\oops in formula `\\oops`")
        }
    }

    // MARK: Helpers

    private func attributeValues(_ html: String, _ name: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        let marker = " \(name)=\""
        while let start = rest.range(of: marker) {
            let valueStart = start.upperBound
            guard let end = rest[valueStart...].firstIndex(of: "\"") else { break }
            out.append(String(rest[valueStart..<end]).replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[end...]
        }
        return out
    }

    private func headingLevels(_ html: String) -> [Int] {
        var levels: [Int] = []
        var rest = html[...]
        while let start = rest.range(of: "<h") {
            let after = rest[start.upperBound...]
            if let digit = after.first, let level = Int(String(digit)), (1...6).contains(level),
               after.dropFirst().first == ">" || after.dropFirst().first == " " {
                levels.append(level)
            }
            rest = after
        }
        return levels
    }
}

/// Parses a string with Foundation's XMLParser and keeps the first error with its line.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var ok = true
    private(set) var line = 0
    private(set) var message = ""

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            ok = false
            line = parser.lineNumber
            if message.isEmpty { message = parser.parserError.map { "\($0)" } ?? "parse failed" }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if message.isEmpty { message = "\(parseError)" }
    }
}
