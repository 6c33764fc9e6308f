import XCTest
@testable import Site

/// Keeps the sources readable in pieces (issue 18): every `.swift` file under `Sources/` has at
/// most 400 lines, and no function, initializer, accessor or closure body spans more than 100.
final class SourceLimitsTests: XCTestCase {
    /// One line per file or body over a limit, `path:line: what`.
    static func offences(path: String, text: String) -> [String] {
        var found: [String] = []
        let lines = SourceLimits.lineCount(of: text)
        if lines > SourceLimits.maximumFileLines {
            found.append("\(path):1: the file has \(lines) lines (at most \(SourceLimits.maximumFileLines))")
        }
        for body in SourceLimits.longBodies(in: text) {
            found.append("\(path):\(body.line): \(body.what) spans \(body.lines) lines (at most \(SourceLimits.maximumBodyLines))")
        }
        return found
    }

    func testEverySourceFileAndBodyKeepsTheLimits() throws {
        let files = try SwiftCodeSupport.sourceFiles()
        XCTAssertGreaterThan(files.count, 100, "the sources were not found")
        let offences = files.flatMap { Self.offences(path: $0.path, text: $0.text) }
        XCTAssert(offences.isEmpty, "over the limits (split the file or the body):\n" + offences.joined(separator: "\n"))
    }

    // MARK: The measuring itself

    /// `count` lines: the opening line, `count - 2` statements, the closing line.
    private func body(_ opening: String, lines count: Int, indent: String = "    ") -> String {
        ([opening] + Array(repeating: indent + "    x += 1", count: count - 2) + [indent + "}"]).joined(separator: "\n")
    }

    func testAClosureOf101LinesIsAnOffenceAndOneOf100IsNot() {
        let long = "let f = {\n" + body("    let g = { (x: Int) in", lines: 101) + "\n}\n"
        let bodies = SourceLimits.longBodies(in: long)
        XCTAssertEqual(bodies, [SourceLimits.Body(what: "closure", line: 1, lines: 103),
                                SourceLimits.Body(what: "closure", line: 2, lines: 101)])
        let offences = Self.offences(path: "Sources/X/Long.swift", text: long)
        XCTAssertEqual(offences, ["Sources/X/Long.swift:1: closure spans 103 lines (at most 100)",
                                  "Sources/X/Long.swift:2: closure spans 101 lines (at most 100)"])
        let fits = body("let g = {", lines: 100, indent: "")
        XCTAssertEqual(SourceLimits.bodies(in: fits), [SourceLimits.Body(what: "closure", line: 1, lines: 100)])
        XCTAssertEqual(SourceLimits.longBodies(in: fits), [])
    }

    func testFunctionsInitializersAndAccessorsAreNamed() {
        let source = """
        struct S {
            func run(_ x: Int) -> Int {
                if x > 0 {
                    return x
                }
                return [1].map { $0 + 1 }[0]
            }
            init() {
                defer { print(1) }
            }
            var size: Int {
                get { 1 }
                set { print(newValue) }
            }
            var total: Int { 2 }
        }
        """
        XCTAssertEqual(SourceLimits.bodies(in: source).map(\.description), [
            "func run at line 2: 6 lines", "closure at line 6: 1 lines", "init at line 8: 3 lines",
            "var size at line 11: 4 lines", "accessor get at line 12: 1 lines", "accessor set at line 13: 1 lines",
            "var total at line 15: 1 lines",
        ])
    }

    func testTypeBodiesAndControlFlowBlocksAreNotBodies() {
        let statements = Array(repeating: "        x += 1", count: 120).joined(separator: "\n")
        let source = """
        extension E {
            enum Inner {
                case a
            }
        }
        for x in [1] where x > 0 {
        \(statements)
        }
        if let y = [1].first(where: { $0 > 0 }) {
            print(y)
        } else if true {
        } else {
        }
        do { try f() } catch let error as E { print(error) } catch {}
        """
        XCTAssertEqual(SourceLimits.bodies(in: source).map(\.description), ["closure at line 128: 1 lines"])
    }

    func testBracesInStringsAndCommentsDoNotCount() {
        let source = "func f() {\n    let s = \"{ \\(g { 1 }) {\"\n    // }\n    /* { */\n}\n"
        XCTAssertEqual(SourceLimits.bodies(in: source).map(\.description),
                       ["func f at line 1: 5 lines", "closure at line 2: 1 lines"])
    }

    func testAFileOf401LinesIsAnOffence() {
        let text = String(repeating: "let x = 1\n", count: 401)
        XCTAssertEqual(SourceLimits.lineCount(of: text), 401)
        XCTAssertEqual(SourceLimits.lineCount(of: "a\nb"), 2)
        XCTAssertEqual(Self.offences(path: "Sources/X/Big.swift", text: text),
                       ["Sources/X/Big.swift:1: the file has 401 lines (at most 400)"])
        XCTAssertEqual(Self.offences(path: "Sources/X/Fits.swift", text: String(repeating: "let x = 1\n", count: 400)), [])
    }
}
