import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Site

/// CodeBlockView: the figure's caption, its lines, the collapsed long form, and valid markup.
final class SwiftCodeBlockTests: XCTestCase {
    /// The text inside `<code>...</code>` of a rendered block, as a reader would copy it.
    private func copiedText(_ html: String) -> String {
        guard let open = html.range(of: "<code class=\"language-swift"),
              let start = html.range(of: ">", range: open.upperBound..<html.endIndex),
              let end = html.range(of: "</code></pre>") else { return "" }
        return SwiftCodeSupport.plainText(String(html[start.upperBound..<end.lowerBound]))
    }

    /// The text of the figure's caption.
    private func caption(_ html: String) -> String {
        guard let start = html.range(of: "<figcaption>"), let end = html.range(of: "</figcaption>") else { return "" }
        return SwiftCodeSupport.plainText(String(html[start.upperBound..<end.lowerBound]))
    }

    private func assertWellFormed(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let check = XMLCheck(html)
        XCTAssertTrue(check.ok, "\(check.line): \(check.message)", file: file, line: line)
    }

    func testARealFunctionWithItsPathAndLines() throws {
        let path = "Sources/NeuralNet/Functions.swift"
        let source = try SwiftCodeSupport.read(path)
        let range = try DeclarationFinder.find("linGrad", in: source, file: path)
        let html = try CodeBlockView.render(symbol: "linGrad", path: path, source: source)
        XCTAssertEqual(html, CodeBlockView.render(symbol: "linGrad", path: path, source: source, range: range))
        let first = range.lines.lowerBound, last = range.lines.upperBound
        XCTAssertTrue(html.hasPrefix("<figure class=\"code\"><figcaption><code class=\"code-symbol\">linGrad</code> "
            + "<span class=\"code-place\">Sources/NeuralNet/Functions.swift, <span class=\"code-lines\">lines \(first)-\(last)</span></span></figcaption>"
            + "<pre class=\"code-block\" role=\"region\" tabindex=\"0\" "
            + "aria-label=\"Source of linGrad, Sources/NeuralNet/Functions.swift, lines \(first)-\(last)\">"), html)
        XCTAssertFalse(html.contains("<details"))
        assertWellFormed(html)
        let expected = source.split(separator: "\n", omittingEmptySubsequences: false)[(first - 1)..<last].joined(separator: "\n")
        XCTAssertEqual(copiedText(html), expected, "the copied text has no line numbers, only the source")
        for number in first...last { XCTAssertTrue(html.contains("<span class=\"line\" data-line=\"\(number)\">"), "\(number)") }
        XCTAssertEqual(html.components(separatedBy: "<span class=\"line\"").count - 1, range.count)
    }

    func testLongBlocksAreCollapsedAndShortOnesAreNot() {
        let body = (1...40).map { "    let v\($0) = \($0)" }.joined(separator: "\n")
        let source = "func big() {\n\(body)\n}\nfunc small() {\n}\n"
        let big = try? CodeBlockView.render(symbol: "big", path: "Sources/X/Big.swift", source: source)
        XCTAssertTrue(big?.contains("<details class=\"code-details\"><summary>Show <code>big</code> (42 lines)</summary><pre") ?? false)
        XCTAssertFalse(big?.contains("<details open") ?? true)
        XCTAssertTrue(big?.hasSuffix("</code></pre></details></figure>") ?? false)
        assertWellFormed(big ?? "")
        let thirty = (1...28).map { "    let v\($0) = \($0)" }.joined(separator: "\n")
        let edge = try? CodeBlockView.render(symbol: "edge", path: "E.swift", source: "func edge() {\n\(thirty)\n}\n")
        XCTAssertFalse(edge?.contains("<details") ?? true, "exactly 30 lines stay open")
        let small = try? CodeBlockView.render(symbol: "small", path: "Sources/X/Big.swift", source: source)
        XCTAssertTrue(small.map(caption)?.hasSuffix("Sources/X/Big.swift, lines 43-44") ?? false)
        XCTAssertFalse(small?.contains("<details") ?? true)
    }

    func testRegionsLoseTheirIndentAndCarriageReturnsAreDropped() throws {
        let source = "func f() {\r\n    // code: body\r\n        let s = \"\"\"\r\n          text\r\n          \"\"\"\r\n\r\n"
            + "        return\r\n    // end code\r\n}\r\n"
        let html = try CodeBlockView.render(symbol: "code:body", path: "F.swift", source: source)
        XCTAssertEqual(caption(html), "code:body F.swift, lines 3-7")
        XCTAssertFalse(html.contains("\r"))
        XCTAssertEqual(copiedText(html), "let s = \"\"\"\n  text\n  \"\"\"\n\nreturn")
        assertWellFormed(html)
        let one = try CodeBlockView.render(symbol: "g", path: "G.swift", source: "let g = 1\n")
        XCTAssertEqual(caption(one), "g G.swift, line 1")
    }

    func testSymbolsAndPathsAreEscaped() {
        let html = CodeBlockView.render(symbol: "<b>\"x\"</b>", path: "a&b.swift", source: "let x = 1\n", range: CodeRange(lines: 1...1))
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertTrue(html.contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;"))
        XCTAssertEqual(caption(html), "<b>\"x\"</b> a&b.swift, line 1")
        assertWellFormed(html)
    }
}
