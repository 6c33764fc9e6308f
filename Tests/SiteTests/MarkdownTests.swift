import XCTest
@testable import Site

final class MarkdownTests: XCTestCase {
    private let source = Markdown.Source(lesson: "demo", file: "lessons/01-demo.md", firstLine: 10)

    func testTablesRender() throws {
        let html = try Markdown.render("| a | b |\n|---|---|\n| 1 | 2 |\n", source: source, topHeading: 3)
        XCTAssertEqual(html, "<div class=\"table-wrap\"><table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
                       + "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table></div>\n")
    }

    func testMathsIsProtectedFromEmphasis() throws {
        let html = try Markdown.render("Let $a_1 * b_2$ and *this*.", source: source, topHeading: 3)
        XCTAssertTrue(html.hasPrefix("<p>Let <math display=\"inline\">"), html)
        XCTAssertTrue(html.contains("<msub><mi>a</mi><mn>1</mn></msub><mo>∗</mo><msub><mi>b</mi><mn>2</mn></msub>"), html)
        XCTAssertTrue(html.hasSuffix(" and <em>this</em>.</p>\n"), html)
    }

    func testDisplayMathsBecomesABlock() throws {
        let html = try Markdown.render("Before.\n\n$$x^2$$\n\nAfter.", source: source, topHeading: 3)
        XCTAssertTrue(html.contains("<div class=\"math-display\"><math display=\"block\">"), html)
        XCTAssertFalse(html.contains("<p><div"), html)
    }

    func testDollarsThatAreNotMathsStayText() throws {
        let html = try Markdown.render("It costs $5 and $10, and `$x$` is code.", source: source, topHeading: 3)
        XCTAssertEqual(html, "<p>It costs $5 and $10, and <code>$x$</code> is code.</p>\n")
    }

    func testRawHTMLIsOmitted() throws {
        let html = try Markdown.render("Hi <script>alert(1)</script> <b onclick=\"x\">there</b>\n\n<div>block</div>", source: source, topHeading: 3)
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("onclick"), html)
        XCTAssertFalse(html.contains("<div>"), html)
        XCTAssertTrue(html.contains("raw HTML omitted"), html)
    }

    func testHeadingsAreRenumberedUnderThePage() throws {
        let html = try Markdown.render("# Top\n\n## Sub", source: source, topHeading: 3)
        XCTAssertEqual(html, "<h3>Top</h3>\n<h4>Sub</h4>\n")
    }

    func testUnknownTeXCommandNamesLessonFileAndLine() {
        XCTAssertThrowsError(try Markdown.render("Fine.\n\nThen $\\blah x$ here.", source: source, topHeading: 3)) { error in
            XCTAssertEqual(error as? SiteError, .tex(lesson: "demo", file: "lessons/01-demo.md", line: 12,
                                                     formula: "\\blah x", message: "unknown command \\blah"))
            XCTAssertEqual("\(error)", "lessons/01-demo.md:12: lesson demo: unknown command \\blah in formula `\\blah x`")
        }
    }

    func testExternalLinksAreRejected() {
        XCTAssertThrowsError(try Markdown.render("See [x](https://example.com).", source: source, topHeading: 3)) { error in
            XCTAssertEqual(error as? SiteError, .prose(lesson: "demo", file: "lessons/01-demo.md", line: 10,
                                                       message: "external URL in prose (the site must work offline)"))
        }
    }

    func testAControlCharacterIsRejectedWithItsLine() {
        XCTAssertThrowsError(try Markdown.render("Fine.\n\n$2 \u{08}ar q$ here.", source: source, topHeading: 3)) { error in
            XCTAssertEqual("\(error)", "lessons/01-demo.md:12: lesson demo: control character U+0008 in prose (a TeX backslash lost?)")
        }
    }
}
