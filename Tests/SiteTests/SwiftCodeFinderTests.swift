import XCTest
import LessonRecords
@testable import Site

/// DeclarationFinder on a fixture that has every shape of declaration, and on the package's own
/// files (which other people edit: those tests check structure, not line numbers).
final class SwiftCodeFinderTests: XCTestCase {
    static let fixture = #"""
    import Foundation

    /// A point.
    ///
    /// With two coordinates.
    @frozen
    public struct Point: Equatable {
        /// The x coordinate.
        public var x: Double
        public private(set) var y: Double = 0  // trailing } comment

        /// Moves the point; braces in strings do not count: "}".
        @discardableResult
        @available(*, deprecated, message: "use move(to:)")
        public mutating func move(by dx: Double, _ dy: Double) -> Point {
            let message = "moved } by \(dx + (dy > 0 ? 1 : 2)) and \("}") {"
            /* a } in a comment, /* nested } */ still } */
            // another }
            let c = '}'
            x += dx
            return self
        }

        public func move(to other: Point) -> Point { other }

        public struct Inner {
            func deep(_ values: [String: Int], map: Dictionary<String, Int>) {
            }
        }

        static let origin = Point(
            x: 0,
            y: 0
        )
        static let total = 1
            + 2
        subscript(index: Int) -> Double { index == 0 ? x : y }
    }

    extension Point {
        /// Distance from the origin.
        var length: Double {
            (x * x + y * y).squareRoot()
        }

        init(both value: Double) {
            self.init(x: value, y: value)
        }
    }

    enum Shape {
        case circle(radius: Double), square(Double)
        case empty
        indirect case pair(Shape, Shape)
    }

    protocol Drawable {
        func draw(in context: String)
        var name: String { get }
        func draw(in context: String, scale: Double) async throws
    }

    let answer = 42

    func helper() {
        let local = 1
        // code: core
            let a = 1
            if a > 0 {
                print(a)
            }

        // end code
    }
    """#

    private let lines = fixture.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    /// The 1-based number of the only fixture line containing `text`.
    private func line(_ text: String, file: StaticString = #filePath, at line: UInt = #line) -> Int {
        let found = lines.indices.filter { lines[$0].contains(text) }
        XCTAssertEqual(found.count, 1, "\(text) is on \(found.count) lines", file: file, line: line)
        return (found.first ?? -1) + 1
    }

    private func range(_ symbol: String, in text: String = fixture) throws -> ClosedRange<Int> {
        try DeclarationFinder.find(symbol, in: text, file: "Fixture.swift").lines
    }

    private func error(_ symbol: String, in text: String = fixture) -> CodeReferenceError? {
        do {
            _ = try DeclarationFinder.find(symbol, in: text, file: "Fixture.swift")
            XCTFail("\(symbol) was found")
            return nil
        } catch {
            return error
        }
    }

    func testTypesIncludeTheirDocCommentsAndAttributes() throws {
        XCTAssertEqual(try range("Point"), line("/// A point.")...(line("extension Point {") - 2))
        XCTAssertEqual(try range("struct Point"), try range("Point"))
        XCTAssertEqual(try range("Point.Inner"), line("public struct Inner")...(line("func deep") + 2))
        XCTAssertEqual(try range("Inner.deep"), line("func deep")...(line("func deep") + 1))
        XCTAssertEqual(try range("Point.Inner.deep(_:map:)"), try range("Inner.deep"))
        XCTAssertEqual(try range("Shape"), line("enum Shape")...(line("indirect case pair") + 1))
    }

    func testMethodsSkipBracesInStringsInterpolationsCommentsAndQuotes() throws {
        XCTAssertEqual(try range("Point.move(by:_:)"), line("/// Moves the point")...(line("return self") + 1))
        XCTAssertEqual(try range("move(to:)"), line("func move(to other")...line("func move(to other"))
        XCTAssertEqual(try range("Point.subscript(_:)"), line("subscript(index")...line("subscript(index"))
    }

    func testStoredPropertiesEndWithTheirStatement() throws {
        XCTAssertEqual(try range("Point.x"), line("/// The x coordinate.")...line("public var x"))
        XCTAssertEqual(try range("var y"), line("var y: Double")...line("var y: Double"))
        XCTAssertEqual(try range("Point.origin"), line("static let origin")...(line("y: 0") + 1))
        XCTAssertEqual(try range("total"), line("static let total")...line("+ 2"))
        XCTAssertEqual(try range("let answer"), line("let answer")...line("let answer"))
    }

    func testExtensionMembersAndExtensions() throws {
        XCTAssertEqual(try range("Point.length"), line("/// Distance from")...(line("squareRoot()") + 1))
        XCTAssertEqual(try range("Point.init(both:)"), line("init(both value")...(line("self.init(x:") + 1))
        XCTAssertEqual(try range("init"), try range("Point.init(both:)"))
        XCTAssertEqual(try range("extension Point"), line("extension Point {")...(line("enum Shape") - 2))
    }

    func testEnumCasesAndProtocolRequirements() throws {
        XCTAssertEqual(try range("Shape.circle(radius:)"), line("case circle")...line("case circle"))
        XCTAssertEqual(try range("square(_:)"), line("case circle")...line("case circle"))
        XCTAssertEqual(try range("case empty"), line("case empty")...line("case empty"))
        XCTAssertEqual(try range("pair(_:_:)"), line("indirect case pair")...line("indirect case pair"))
        XCTAssertEqual(try range("Drawable.draw(in:)"), line("func draw(in context: String)")...line("func draw(in context: String)"))
        XCTAssertEqual(try range("Drawable.draw(in:scale:)"), line("scale: Double")...line("scale: Double"))
        XCTAssertEqual(try range("Drawable.name"), line("var name: String")...line("var name: String"))
        XCTAssertEqual(try range("helper"), line("func helper()")...lines.count)
    }

    func testRegionsExcludeTheirMarkersAndReportTheirIndent() throws {
        let region = try DeclarationFinder.find("code:core", in: Self.fixture, file: "Fixture.swift")
        XCTAssertEqual(region.lines, (line("// code: core") + 1)...(line("// end code") - 1))
        XCTAssertEqual(region.indent, "        ")
        XCTAssertEqual(try range(" code: core "), region.lines)
        let tabbed = "x\n\t// code: t\n\t\tone\n\n\t  two\n\t// end code\n"
        XCTAssertEqual(try DeclarationFinder.find("code:t", in: tabbed, file: "T.swift"), CodeRange(lines: 3...5, indent: "\t"))
    }

    func testLocalsAreNotNameable() {
        XCTAssertNotNil(error("local"))
        XCTAssertNotNil(error("message"))
        XCTAssertNotNil(error("a"))
    }
}

/// The finder on malformed and truncated source: never a crash or a hang, and every range it
/// gives lies inside the file with the keyword inside the range.
final class SwiftCodeFinderRobustnessTests: XCTestCase {
    private func assertSane(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let count = SwiftCodeSupport.lineCount(text)
        for declaration in DeclarationScanner(tokens: SwiftLexer.tokenize(text)).declarations() {
            XCTAssertTrue(1 <= declaration.firstLine && declaration.firstLine <= declaration.keywordLine
                              && declaration.keywordLine <= declaration.lastLine && declaration.lastLine <= max(count, 1),
                          "\(declaration) in \(text.debugDescription)", file: file, line: line)
        }
    }

    func testRandomDeclarationSoup() {
        let pieces = ["func ", "struct ", "enum ", "extension ", "case ", "let ", "var ", "init", "class ", "static ",
                      "@a ", "///d\n", "A", "b", "(", ")", "{", "}", "[", "]", ",", ":", ".", "=", "\n", " ", "\"",
                      "\\(", "/*", "*/", "<", ">", "?", ";", "// code: r\n", "// end code\n"]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<500 {
            let text = (0..<next(30)).map { _ in pieces[next(pieces.count)] }.joined()
            assertSane(text)
            for symbol in ["A", "b", "A.b", "b(_:)", "extension A", "code:r", "case b"] {
                if let range = try? DeclarationFinder.find(symbol, in: text, file: "R.swift") {
                    XCTAssertTrue(range.lines.lowerBound >= 1 && range.lines.upperBound <= SwiftCodeSupport.lineCount(text),
                                  "\(symbol) in \(text.debugDescription)")
                }
            }
        }
    }

    func testTruncatedSourceFiles() throws {
        let text = try SwiftCodeSupport.read("Sources/NeuralNet/Linear.swift")
        let scalars = Array(text.unicodeScalars)
        for cut in stride(from: 0, to: scalars.count, by: 53) {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<cut])
            assertSane(prefix)
            _ = try? DeclarationFinder.find("Linear.backward(_:)", in: prefix, file: "Linear.swift")
        }
    }

    func testDeepNestingStaysFast() {
        let nested = String(repeating: "struct A {\n", count: 2000) + String(repeating: "}\n", count: 2000)
        let declarations = DeclarationScanner(tokens: SwiftLexer.tokenize(nested)).declarations()
        XCTAssertEqual(declarations.count, 2000)
        XCTAssertEqual(declarations.last?.parents.count, 1999)
        XCTAssertNoThrow(try DeclarationFinder.find("A.A.A", in: nested, file: "N.swift").lines)
        let unclosed = String(repeating: "func f() { (", count: 3000)
        XCTAssertEqual(DeclarationScanner(tokens: SwiftLexer.tokenize(unclosed)).declarations().count, 1)
    }
}
