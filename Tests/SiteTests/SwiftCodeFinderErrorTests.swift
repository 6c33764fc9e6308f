import XCTest
import LessonRecords
@testable import Site

/// Every way a code reference can fail gives one line that names the file, the symbol and why.
final class SwiftCodeFinderErrorTests: XCTestCase {
    private let file = "Sources/Demo/Fixture.swift"

    private func failure(_ symbol: String, in text: String = SwiftCodeFinderTests.fixture,
                         file: StaticString = #filePath, line: UInt = #line) -> CodeReferenceError? {
        do {
            let range = try DeclarationFinder.find(symbol, in: text, file: self.file)
            XCTFail("\(symbol) was found at \(range.lines)", file: file, line: line)
            return nil
        } catch {
            let message = error.description
            XCTAssertFalse(message.contains("\n") || message.contains("\r"), message, file: file, line: line)
            XCTAssertTrue(message.hasPrefix(self.file), message, file: file, line: line)
            XCTAssertTrue(message.contains("'\(CodeReferenceError.oneLine(symbol))'"), message, file: file, line: line)
            return error
        }
    }

    func testNotFoundSuggestsSimilarNames() {
        XCTAssertEqual(failure("Point.mvoe"), .notFound(symbol: "Point.mvoe", file: file, suggestions: [
            "Point.move(by:_:) (line 15)", "Point.move(to:) (line 24)",
        ]))
        XCTAssertEqual(failure("Point.move(by:)"), .notFound(symbol: "Point.move(by:)", file: file, suggestions: [
            "Point.move(by:_:) (line 15)", "Point.move(to:) (line 24)",
        ]))
        XCTAssertEqual(failure("Shape.move"), .notFound(symbol: "Shape.move", file: file, suggestions: [
            "Point.move(by:_:) (line 15)", "Point.move(to:) (line 24)",
        ]))
        XCTAssertEqual(failure("var answer"), .notFound(symbol: "var answer", file: file, suggestions: ["answer (line 63)"]))
        XCTAssertEqual(failure("zebra"), .notFound(symbol: "zebra", file: file, suggestions: []))
        XCTAssertEqual(failure("Point.mvoe")?.description,
                       "Sources/Demo/Fixture.swift: no declaration matches 'Point.mvoe' (similar: Point.move(by:_:) (line 15), Point.move(to:) (line 24))")
        XCTAssertEqual(failure("zebra")?.description,
                       "Sources/Demo/Fixture.swift: no declaration matches 'zebra' (no similarly named declaration either)")
    }

    func testAmbiguousNamesEveryMatchAndAsksForLabels() {
        XCTAssertEqual(failure("move"), .ambiguous(symbol: "move", file: file, candidates: [
            "Point.move(by:_:) (line 15)", "Point.move(to:) (line 24)",
        ]))
        XCTAssertEqual(failure("Drawable.draw")?.description,
                       "Sources/Demo/Fixture.swift: 'Drawable.draw' matches 2 declarations: Drawable.draw(in:) (line 58), "
                           + "Drawable.draw(in:scale:) (line 60); add argument labels (as listed) or the enclosing type to choose one")
    }

    func testRegionErrors() {
        let text = "// code: a\nlet x = 1\n// end code\n// code: a\n// end code\n// code: empty\n// end code\n// code: open\nlet y = 2\n"
        XCTAssertEqual(failure("code:a", in: text), .ambiguous(symbol: "code:a", file: file, candidates: ["code:a (line 1)", "code:a (line 4)"]))
        XCTAssertEqual(failure("code:empty", in: text), .emptyRegion(symbol: "code:empty", file: file, line: 6))
        XCTAssertEqual(failure("code:open", in: text), .unterminatedRegion(symbol: "code:open", file: file, line: 8))
        XCTAssertEqual(failure("code:opne", in: text), .notFound(symbol: "code:opne", file: file, suggestions: ["code:open (line 8)"]))
        XCTAssertEqual(failure("code:open", in: text)?.description,
                       "Sources/Demo/Fixture.swift:8: region 'code:open' has no '// end code' line after it")
        // Markers inside strings and block comments are not markers.
        let quoted = "let s = \"// code: q\"\n/*\n// code: q\n*/\n"
        XCTAssertEqual(failure("code:q", in: quoted), .notFound(symbol: "code:q", file: file, suggestions: []))
    }

    func testMalformedSymbols() {
        let cases: [(String, String)] = [
            ("", "the symbol is empty"),
            ("code:", "no region name after 'code:'"),
            ("code:two words", "a region name has no spaces"),
            ("Point..x", "expected a name or a dotted path like 'Outer.name'"),
            ("move(by:", "argument labels go in one pair of parentheses at the end, like 'name(label:_:)'"),
            ("move(by)", "argument labels are written 'label:' or '_:' each, like 'name(label:_:)'"),
            ("a(x:).b", "argument labels go in one pair of parentheses at the end, like 'name(label:_:)'"),
            ("fnuc move", "'fnuc' is not a declaration kind (\(CodeSymbol.kindList))"),
            ("extension (", "'extension' needs a type name, like 'extension Tensor' or 'extension Outer.Inner'"),
            ("init foo", "'init' is a name here: write 'init(labels:)' or 'Type.init(labels:)'"),
            ("+", "expected a name or a dotted path like 'Outer.name'"),
            ("a\nb", "'a' is not a declaration kind (\(CodeSymbol.kindList))"),
        ]
        for (symbol, reason) in cases {
            XCTAssertEqual(failure(symbol), .malformedSymbol(symbol: symbol, file: file, reason: reason), symbol)
        }
        XCTAssertEqual(failure("a\nb")?.description,
                       "Sources/Demo/Fixture.swift: malformed code symbol 'a\\nb': 'a' is not a declaration kind (\(CodeSymbol.kindList))")
    }
}
