import Foundation
import XCTest
import LessonRecords
@testable import Site

/// The fixture site as a whole: every file a page links to or loads is one the site writes (or a
/// record the CLI writes beside it), and nothing points outside the site.
final class SiteOutputTests: XCTestCase {
    static func buildFixtureSite() throws -> [SiteFile] {
        let records = [Fixture.record()] + Fixture.others()
        return try SiteBuilder.build(records: records, prose: ["fixture-lesson": Fixture.prose()], assets: Fixture.assets())
    }

    func testEveryLinkOfEveryPageResolvesInsideTheSite() throws {
        let files = try Self.buildFixtureSite()
        let records = [Fixture.record()] + Fixture.others()
        let paths = Set(files.map(\.path)).union(records.map { "data/\($0.id).json" })
        XCTAssertTrue(paths.isSuperset(of: ["index.html", "assets/style.css", "assets/stepper.js", "fixture-lesson.html"]))
        let pattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
        var checked = 0
        for file in files where file.path.hasSuffix(".html") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            let base = (file.path as NSString).deletingLastPathComponent
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let target = String(html[Range(match.range(at: 1), in: html)!])
                XCTAssertFalse(target.contains("://") || target.hasPrefix("//"), "\(file.path) points outside the site: \(target)")
                let path = String(target.prefix { $0 != "#" })
                guard !path.isEmpty else { continue }
                let resolved = base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
                XCTAssertTrue(paths.contains(resolved), "\(file.path) links to \(target), which the site does not have")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }
}
