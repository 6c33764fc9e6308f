import XCTest
@testable import Site

/// SwiftLexer on the literals and comments that make lexing Swift tricky, and on garbage.
final class SwiftCodeLexerTests: XCTestCase {
    /// The non-whitespace tokens of `source` as `kind text` strings, after checking the round trip.
    private func lex(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let tokens = SwiftLexer.tokenize(source)
        XCTAssertEqual(tokens.map(\.text).joined(), source, "round trip", file: file, line: line)
        return tokens.filter { $0.kind != .whitespace }.map { "\($0.kind.rawValue) \($0.text)" }
    }

    func testBlockCommentsNest() {
        XCTAssertEqual(lex("a /* one /* two */ still } */ b"), ["identifier a", "comment /* one /* two */ still } */", "identifier b"])
        XCTAssertEqual(lex("/** doc */ /// doc\n// line"), ["comment /** doc */", "comment /// doc", "comment // line"])
        XCTAssertEqual(lex("x /* open /* never */ closed"), ["identifier x", "comment /* open /* never */ closed"])
    }

    func testInterpolationIsCodeWithNestedParenthesesAndStrings() {
        XCTAssertEqual(lex(#"let s = "a \(f(")", "\"", (1))) b""#), [
            "keyword let", "identifier s", "operator =", "string \"a ", "interpolation \\(",
            "identifier f", "punctuation (", "string \")\"", "punctuation ,", "string \"\\\"\"", "punctuation ,",
            "punctuation (", "number 1", "punctuation )", "punctuation )", "interpolation )", "string  b\"",
        ])
        XCTAssertEqual(lex(#""\("\(1)")""#), [
            "string \"", "interpolation \\(", "string \"", "interpolation \\(", "number 1", "interpolation )",
            "string \"", "interpolation )", "string \"",
        ])
    }

    func testRawStringsNeedTheirHashes() {
        XCTAssertEqual(lex(##"#"a "q" \(no) \#(x)"# y"##), [
            "string #\"a \"q\" \\(no) ", "interpolation \\#(", "identifier x", "interpolation )", "string \"#", "identifier y",
        ])
        XCTAssertEqual(lex(###"##"a"#b"## c"###), ["string ##\"a\"#b\"##", "identifier c"])
        XCTAssertEqual(lex(##"#/a+"b/# x"##), ["string #/a+\"b/#", "identifier x"])
    }

    func testMultiLineStrings() {
        let source = "let s = \"\"\"\n  one \"two\" \"\" }\n  \\(x + \"\"\"\n  in\n  \"\"\")\n  \"\"\"\nz"
        XCTAssertEqual(lex(source), [
            "keyword let", "identifier s", "operator =", "string \"\"\"\n  one \"two\" \"\" }\n  ", "interpolation \\(",
            "identifier x", "operator +", "string \"\"\"\n  in\n  \"\"\"", "interpolation )", "string \n  \"\"\"", "identifier z",
        ])
    }

    func testNumbers() {
        XCTAssertEqual(lex("1_000 0x7FF0_0000 1.5e-3 6.02E+23 2e5 0b1010 0o17 0x1.8p3 3.0"), [
            "number 1_000", "number 0x7FF0_0000", "number 1.5e-3", "number 6.02E+23", "number 2e5", "number 0b1010",
            "number 0o17", "number 0x1.8p3", "number 3.0",
        ])
        XCTAssertEqual(lex("0..<5 1...3 t.0.1 -2 x.e1"), [
            "number 0", "operator ..<", "number 5", "number 1", "operator ...", "number 3",
            "identifier t", "punctuation .", "number 0", "punctuation .", "number 1", "operator -", "number 2",
            "identifier x", "punctuation .", "identifier e1",
        ])
    }

    func testAttributesDirectivesKeywordsTypesAndOperators() {
        XCTAssertEqual(lex("@discardableResult @inline(__always) #if DEBUG #filePath #selector(f) #endif"), [
            "attribute @discardableResult", "attribute @inline", "punctuation (", "identifier __always", "punctuation )",
            "directive #if", "type DEBUG", "directive #filePath", "directive #selector", "punctuation (", "identifier f",
            "punctuation )", "directive #endif",
        ])
        XCTAssertEqual(lex("func f<T>(_ x: inout T) async throws -> Self? { a &+= b ?? `default`; $0 }"), [
            "keyword func", "identifier f", "operator <", "type T", "operator >", "punctuation (", "identifier _",
            "identifier x", "punctuation :", "keyword inout", "type T", "punctuation )", "keyword async", "keyword throws",
            "operator ->", "keyword Self", "operator ?", "punctuation {", "identifier a", "operator &+=", "identifier b",
            "operator ??", "identifier `default`", "punctuation ;", "identifier $0", "punctuation }",
        ])
        XCTAssertEqual(lex("a+/*c*/b //x"), ["identifier a", "operator +", "comment /*c*/", "identifier b", "comment //x"])
    }

    func testUnterminatedLiteralsEndAtTheLineOrTheInput() {
        XCTAssertEqual(lex("let s = \"abc"), ["keyword let", "identifier s", "operator =", "string \"abc"])
        XCTAssertEqual(lex("\"abc\nlet x = \"\\(1 + \n}"), [
            "string \"abc", "keyword let", "identifier x", "operator =", "string \"", "interpolation \\(", "number 1",
            "operator +", "punctuation }",
        ])
        XCTAssertEqual(lex("\"\"\"\nnever closed \\("), ["string \"\"\"\nnever closed ", "interpolation \\("])
        XCTAssertEqual(lex("'}' \"\\"), ["string '}'", "string \"\\"])
    }

    func testLineNumbersAndLineBreaks() {
        let tokens = SwiftLexer.tokenize("a\r\n/* x\ny */ b\rc\n\"\"\"\n\"\"\" d")
        XCTAssertEqual(tokens.map(\.text), ["a", "\r\n", "/* x\ny */", " ", "b", "\r", "c", "\n", "\"\"\"\n\"\"\"", " ", "d"])
        XCTAssertEqual(tokens.map(\.line), [1, 1, 2, 3, 3, 3, 3, 3, 4, 5, 5])
        XCTAssertEqual(tokens.map(\.endLine), [1, 2, 3, 3, 3, 3, 3, 4, 5, 5, 5])
    }

    func testArbitraryInputRoundTripsWithConsistentLines() {
        let alphabet: [String] = ["\"", "\\", "(", ")", "#", "/", "*", "\n", "\r", "'", "`", "{", "}", "a", "Z", "1", ".",
                                  "@", "é", "🙂", " ", "e", "x", "0", "\"\"\"", "\\(", "-", "_", "$", "\u{301}", "\t"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2000 {
            let source = (0..<next(40)).map { _ in alphabet[next(alphabet.count)] }.joined()
            let tokens = SwiftLexer.tokenize(source)
            XCTAssertEqual(tokens.map(\.text).joined(), source)
            var line = 1
            for token in tokens {
                XCTAssertFalse(token.text.isEmpty)
                XCTAssertEqual(token.line, line, source.debugDescription)
                line = token.endLine
            }
            XCTAssertEqual(SwiftCodeSupport.roundTrip(SwiftHighlighter.lines(source), of: source), source)
        }
    }

    func testDeepNestingNeitherOverflowsNorLoops() {
        for source in [String(repeating: "\"\\(", count: 20000), String(repeating: "/*", count: 20000),
                       String(repeating: "(", count: 20000) + String(repeating: "}", count: 20000),
                       String(repeating: "#", count: 5000) + "\"" + String(repeating: "\\#(", count: 5000)] {
            let tokens = SwiftLexer.tokenize(source)
            XCTAssertEqual(tokens.map(\.text).joined(), source)
        }
    }
}
