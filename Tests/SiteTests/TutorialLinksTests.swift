import XCTest
import LessonRecords
@testable import Site

/// Names of the source tutorials in prose link to the Sources page, and that page lists the
/// lessons whose prose names each tutorial.
final class TutorialLinksTests: XCTestCase {
    private let source = Markdown.Source(lesson: "t", file: "lessons/t.md", firstLine: 1)

    func testNamesAreFoundCaseInsensitivelyAndOnlyAsWholeNames() {
        let found = TutorialLinks.matches(in: "Tutorial 003 and tutorial 000's code; not Tutorial 0001, nor mytutorial 002.")
        XCTAssertEqual(found.map(\.number), ["003", "000"])
        XCTAssertEqual(found.map(\.range), [0..<12, 17..<29])
        let mentions = TutorialLinks.mentions(in: "one\nTutorial 004 and Tutorial 001\nTutorial 004 again")
        XCTAssertEqual(mentions.map(\.number), ["004", "001"])
        XCTAssertEqual(mentions.map(\.line), [1, 1])
    }

    func testRecordTextIsEscapedAndItsTutorialNamesLinked() {
        XCTAssertEqual(TutorialLinks.escaped("in the letters of tutorial 003 <t>", linked: true),
                       "in the letters of <a href=\"sources.html#tutorial-003\">tutorial 003</a> &lt;t&gt;")
        XCTAssertEqual(TutorialLinks.escaped("Tutorial 001's loop & more", linked: false), "Tutorial 001&#39;s loop &amp; more")
        let table = TableRecord(name: "t", title: "Tutorial 001's loop", header: ["a"], rows: [["tutorial 003's y"]])
        let html = CheckTableView.render(table, linkTutorials: true)
        XCTAssertTrue(html.contains("<caption><a href=\"sources.html#tutorial-001\">Tutorial 001</a>&#39;s loop</caption>"), html)
        XCTAssertTrue(html.contains("<td><a href=\"sources.html#tutorial-003\">tutorial 003</a>"), html)
    }

    func testProseLinksEveryNameOutsideCodeLinksAndHeadings() throws {
        let html = try Markdown.render("""
            # Tutorial 001 in a heading

            Tutorial 001 fits a curve; tutorial 003's graph is drawn. `Tutorial 002` is code,
            and [Tutorial 004](index.html) is already a link.
            """, source: source, topHeading: 2, linkTutorials: true)
        XCTAssertTrue(html.contains("<h2>Tutorial 001 in a heading</h2>"), html)
        XCTAssertTrue(html.contains("<p><a href=\"sources.html#tutorial-001\">Tutorial 001</a> fits a curve; <a href=\"sources.html#tutorial-003\">tutorial 003</a>'s graph"), html)
        XCTAssertTrue(html.contains("<code>Tutorial 002</code>"), html)
        XCTAssertTrue(html.contains("<a href=\"index.html\">Tutorial 004</a>"), html)
        XCTAssertEqual(html.components(separatedBy: "sources.html").count - 1, 2)
        let plain = try Markdown.render("Tutorial 001 fits a curve.", source: source, topHeading: 2)
        XCTAssertEqual(plain, "<p>Tutorial 001 fits a curve.</p>\n")
    }

    func testTheSourcesPageListsTheLessonsThatNameEachTutorial() throws {
        let tutorials = try LessonProse.parse("""
            Intro.

            ## Tutorial 000: exams {#tutorial-000}
            About 000.

            ## Tutorial 001: digits {#tutorial-001}
            About 001.
            """, file: "lessons/sources.md")
        var record = Fixture.record()
        record.id = "named"
        record.title = "Names one"
        let prose = try LessonProse.parse("Follows Tutorial 001.\n", file: "lessons/named.md")
        let html = try TutorialsPage.render(tutorials, ordered: [record], prose: ["named": prose])
        let section000 = try XCTUnwrap(html.range(of: "id=\"tutorial-000\""))
        let section001 = try XCTUnwrap(html.range(of: "id=\"tutorial-001\""))
        XCTAssertTrue(html[section000.upperBound..<section001.lowerBound].contains("No lesson in this build names it."))
        XCTAssertTrue(html[section001.upperBound...].contains("<li><a href=\"named.html\">Names one</a></li>"))
    }

    func testANameWithoutASectionAndABadSectionIdAreOneLineErrors() throws {
        let tutorials = try LessonProse.parse("## Tutorial 000 {#tutorial-000}\nx\n", file: "lessons/sources.md")
        let prose = try LessonProse.parse("Intro.\n\n## Step {#s}\nSee Tutorial 007.\n", file: "lessons/03-x.md")
        XCTAssertThrowsError(try SiteBuilder.checkTutorials(tutorials, prose: ["x": prose])) { error in
            XCTAssertEqual("\(error)", "lessons/03-x.md:4: lesson x: names Tutorial 007, which lessons/sources.md does not introduce")
        }
        let bad = try LessonProse.parse("## Tutorial zero {#tutorial-zero}\nx\n", file: "lessons/sources.md")
        XCTAssertThrowsError(try SiteBuilder.checkTutorials(bad, prose: [:])) { error in
            XCTAssertEqual("\(error)", "lessons/sources.md:1: lesson sources: section id 'tutorial-zero' is not tutorial-NNN (three digits)")
        }
    }

    func testTheSiteHasASourcesPageOnlyWhenGivenOne() throws {
        let assets = SiteAssets(css: "", js: "")
        let tutorials = try LessonProse.parse("## Tutorial 000 {#tutorial-000}\nx\n", file: "lessons/sources.md")
        let with = try SiteBuilder.build(records: [Fixture.record()], prose: [:], assets: assets, tutorials: tutorials)
        let without = try SiteBuilder.build(records: [Fixture.record()], prose: [:], assets: assets)
        XCTAssertTrue(with.contains { $0.path == "sources.html" })
        XCTAssertFalse(without.contains { $0.path == "sources.html" })
        let index = try XCTUnwrap(with.first { $0.path == "index.html" })
        XCTAssertTrue(String(decoding: index.bytes, as: UTF8.self).contains("href=\"sources.html\""))
    }
}
