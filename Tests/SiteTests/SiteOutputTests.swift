import Foundation
import XCTest
import Lessons
@testable import Site

/// Builds the fixture site; with `SCRATCHNET_SITE_OUT` set, also writes it there so the browser
/// test (`tools/browser_test.py`) can open it.
final class SiteOutputTests: XCTestCase {
    static func buildFixtureSite() throws -> [SiteFile] {
        let records = [Fixture.record()] + Fixture.others()
        return try SiteBuilder.build(records: records, prose: ["fixture-lesson": Fixture.prose()], assets: Fixture.assets())
    }

    func testWritesTheFixtureSiteWhenAsked() throws {
        let files = try Self.buildFixtureSite()
        guard let out = ProcessInfo.processInfo.environment["SCRATCHNET_SITE_OUT"] else { return }
        let root = URL(fileURLWithPath: out)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for record in [Fixture.record()] + Fixture.others() {
            try Data(RecordJSON.encode(record).utf8).write(to: data.appendingPathComponent("\(record.id).json"))
        }
    }
}
