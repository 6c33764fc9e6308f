import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Site

/// Helpers shared by the source-code tests: the package's own files, and HTML back to text.
enum SwiftCodeSupport {
    /// The package root: this file is Tests/SiteTests/SwiftCodeTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `.swift` file under `Sources/`, as (path relative to the root, text), sorted by path.
    static func sourceFiles() throws -> [(path: String, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [] }
        var files: [(path: String, text: String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files.append((relative, try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A source file and its tokens.
    struct SourceFile: Sendable {
        let path: String
        let text: String
        let tokens: [SwiftToken]
    }

    /// Every source file, lexed once for all the tests that walk the sources (a debug build lexes
    /// the package in about a third of a second).
    static let sources: [SourceFile] = ((try? sourceFiles()) ?? []).map {
        SourceFile(path: $0.path, text: $0.text, tokens: SwiftLexer.tokenize($0.text))
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The text of an HTML fragment: tags removed, the five entities `HTML.escape` writes decoded.
    /// It works on scalars, as a combining mark after `&quot;` would hide the `;` from a
    /// Character-based search.
    static func plainText(_ html: String) -> String {
        let entities: [(String, Unicode.Scalar)] = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        let scalars = Array(html.unicodeScalars)
        var text = ""
        var inTag = false
        var i = 0
        scan: while i < scalars.count {
            let scalar = scalars[i]
            if inTag {
                inTag = scalar != ">"
            } else if scalar == "<" {
                inTag = true
            } else if scalar == "&" {
                for (name, value) in entities where scalars[i...].starts(with: name.unicodeScalars) {
                    text.unicodeScalars.append(value)
                    i += name.unicodeScalars.count
                    continue scan
                }
                text.unicodeScalars.append(scalar)
            } else {
                text.unicodeScalars.append(scalar)
            }
            i += 1
        }
        return text
    }

    /// How many lines editors (and `wc -l`, for a file ending in a line break) give `text`.
    static func lineCount(_ text: String) -> Int {
        let breaks = text.utf8.filter { $0 == 0x0A }.count
        return text.isEmpty || text.utf8.last == 0x0A ? breaks : breaks + 1
    }

    /// The highlighted lines joined back into text (with the final line break `source` has).
    static func roundTrip(_ lines: [String], of source: String) -> String {
        plainText(lines.joined(separator: "\n")) + (source.utf8.last == 0x0A ? "\n" : "")
    }
}

/// Highlighting: the exact text comes back from the HTML, every line stands alone.
final class SwiftCodeTests: XCTestCase {
    func testEverySourceFileRoundTripsThroughTheHighlighter() throws {
        let files = SwiftCodeSupport.sources
        XCTAssertGreaterThan(files.count, 50)
        if let first = files.first {
            XCTAssertEqual(SwiftHighlighter.lines(first.text), SwiftHighlighter.render(first.tokens, indent: []))
        }
        for file in files {
            // What `SwiftHighlighter.lines(file.text)` returns, without lexing the file again.
            let lines = SwiftHighlighter.render(file.tokens, indent: [])
            XCTAssertEqual(lines.count, SwiftCodeSupport.lineCount(file.text), file.path)
            XCTAssertTrue(SwiftCodeSupport.roundTrip(lines, of: file.text) == file.text, "\(file.path) does not round-trip")
            // Each line in its own element parses: every span opened on a line closes on it.
            let document = "<file>" + lines.map { "<line>\($0)</line>" }.joined() + "</file>"
            let check = XMLCheck(document)
            XCTAssertTrue(check.ok, "\(file.path): line \(check.line): \(check.message)")
        }
    }

    func testTokensOfEverySourceFileConcatenateToItAndBalanceTheirBrackets() throws {
        XCTAssertGreaterThan(SwiftCodeSupport.sources.count, 50)
        for file in SwiftCodeSupport.sources {
            let tokens = file.tokens
            XCTAssertTrue(tokens.map(\.text).joined() == file.text, file.path)
            var depth: [String: Int] = ["{": 0, "(": 0, "[": 0]
            let closers = ["}": "{", ")": "(", "]": "["]
            for token in tokens where token.kind == .punctuation {
                if depth[token.text] != nil { depth[token.text]! += 1 }
                if let opener = closers[token.text] {
                    depth[opener]! -= 1
                    XCTAssertGreaterThanOrEqual(depth[opener]!, 0, "\(file.path):\(token.line): unbalanced \(token.text)")
                }
            }
            XCTAssertEqual(depth, ["{": 0, "(": 0, "[": 0], file.path)
        }
    }

    func testKindsBecomeSpansAndPlainTokensStayBare() {
        let lines = SwiftHighlighter.lines("@inlinable func f(_ x: Int) -> String { \"a<b\" + 1 } // ok")
        XCTAssertEqual(lines, [
            "<span class=\"tk-attr\">@inlinable</span> <span class=\"tk-kw\">func</span> f(_ x: <span class=\"tk-ty\">Int</span>) "
                + "<span class=\"tk-op\">-&gt;</span> <span class=\"tk-ty\">String</span> { <span class=\"tk-str\">&quot;a&lt;b&quot;</span> "
                + "<span class=\"tk-op\">+</span> <span class=\"tk-num\">1</span> } <span class=\"tk-com\">// ok</span>",
        ])
    }

    func testATokenOverSeveralLinesIsWrappedOnEachLine() {
        let source = "let s = \"\"\"\n  a & b\n  \"\"\" /* one\ntwo */ x\n"
        XCTAssertEqual(SwiftHighlighter.lines(source), [
            "<span class=\"tk-kw\">let</span> s <span class=\"tk-op\">=</span> <span class=\"tk-str\">&quot;&quot;&quot;</span>",
            "<span class=\"tk-str\">  a &amp; b</span>",
            "<span class=\"tk-str\">  &quot;&quot;&quot;</span> <span class=\"tk-com\">/* one</span>",
            "<span class=\"tk-com\">two */</span> x",
        ])
    }

    func testLineCountsAndFinalLineBreaks() {
        XCTAssertEqual(SwiftHighlighter.lines(""), [])
        XCTAssertEqual(SwiftHighlighter.lines("\n"), [""])
        XCTAssertEqual(SwiftHighlighter.lines("a"), ["a"])
        XCTAssertEqual(SwiftHighlighter.lines("a\n"), ["a"])
        XCTAssertEqual(SwiftHighlighter.lines("a\n\n"), ["a", ""])
        XCTAssertEqual(SwiftHighlighter.lines("a\n  "), ["a", "  "])
    }

    func testCarriageReturnsStayAtTheEndOfTheirLineOutsideSpans() {
        let source = "/* a\r\nb */ x\r\ny\r\n"
        let lines = SwiftHighlighter.lines(source)
        XCTAssertEqual(lines, ["<span class=\"tk-com\">/* a</span>\r", "<span class=\"tk-com\">b */</span> x\r", "y\r"])
        XCTAssertEqual(SwiftCodeSupport.roundTrip(lines, of: source), source)
    }

    func testARangeIsColouredInContextAndLosesItsIndent() {
        let source = "func f() {\n    /* open\n       still */\n    let a = 1\n\n    return\n}\n"
        XCTAssertEqual(SwiftHighlighter.lines(source, in: 3...6, strippingIndent: "    "), [
            "<span class=\"tk-com\">   still */</span>",
            "<span class=\"tk-kw\">let</span> a <span class=\"tk-op\">=</span> <span class=\"tk-num\">1</span>",
            "",
            "<span class=\"tk-kw\">return</span>",
        ])
        XCTAssertEqual(SwiftHighlighter.lines(source, in: 6...99), ["    <span class=\"tk-kw\">return</span>", "}"])
        XCTAssertEqual(SwiftHighlighter.lines(source, in: 50...60), [])
    }

    func testControlCharactersBecomeReplacementCharactersLikeEverywhereElse() {
        XCTAssertEqual(SwiftHighlighter.lines("a\u{1}b\tc"), ["a\u{FFFD}b\tc"])
    }
}
