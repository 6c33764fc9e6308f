import XCTest
import LessonRecords
@testable import Site

/// DeclarationFinder on the package's own sources. Other people edit these files, so the tests
/// check what must stay true (where a declaration starts and ends), not line numbers.
final class SwiftCodeSourcesTests: XCTestCase {
    /// The lines of `symbol` in the file at `path`, and the line just above them ("" at the top).
    private func extract(_ symbol: String, _ path: String) throws -> (lines: [String], above: String) {
        let text = try SwiftCodeSupport.read(path)
        let range = try DeclarationFinder.find(symbol, in: text, file: path).lines
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (Array(all[(range.lowerBound - 1)..<range.upperBound]), range.lowerBound > 1 ? all[range.lowerBound - 2] : "")
    }

    /// Whether the text's `{` and `}` tokens pair up, never closing more than they opened.
    private func bracesBalance(_ text: String) -> Bool {
        var depth = 0
        for token in SwiftLexer.tokenize(text) where token.kind == .punctuation {
            if token.text == "{" { depth += 1 }
            if token.text == "}" { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    func testLinGradRunsFromItsDocCommentToItsClosingBrace() throws {
        let (lines, above) = try extract("linGrad", "Sources/NeuralNet/Functions.swift")
        XCTAssertTrue(lines.first?.hasPrefix("/// ") ?? false, lines.first ?? "")
        XCTAssertFalse(above.hasPrefix("///"), "the whole doc comment is included")
        XCTAssertEqual(lines.filter { $0.hasPrefix("public func linGrad(") }.count, 1)
        XCTAssertEqual(lines.filter { $0.contains("func ") }.count, 1, "one function only")
        XCTAssertEqual(lines.last, "}")
        XCTAssertTrue(bracesBalance(lines.joined(separator: "\n")))
        XCTAssertEqual(try extract("func linGrad", "Sources/NeuralNet/Functions.swift").lines, lines)
    }

    func testLinearClass() throws {
        let (lines, above) = try extract("Linear", "Sources/NeuralNet/Linear.swift")
        XCTAssertTrue(lines.first?.hasPrefix("/// ") ?? false, lines.first ?? "")
        XCTAssertFalse(above.hasPrefix("///"))
        XCTAssertEqual(lines.filter { $0.contains("class Linear") }.count, 1)
        XCTAssertTrue(lines.contains { $0.contains("func backward(") })
        XCTAssertEqual(lines.last, "}")
        XCTAssertTrue(bracesBalance(lines.joined(separator: "\n")))
    }

    /// `Linear.backward` names every overload; with more than one, the error lists each with its
    /// labels, and each of those spellings finds one method.
    func testLinearBackwardAndItsOverloads() throws {
        let path = "Sources/NeuralNet/Linear.swift"
        let text = try SwiftCodeSupport.read(path)
        let overloads = text.components(separatedBy: "func backward(").count - 1
        XCTAssertGreaterThanOrEqual(overloads, 1)
        var symbols = ["Linear.backward"]
        if overloads > 1 {
            XCTAssertThrowsError(try DeclarationFinder.find("Linear.backward", in: text, file: path)) { error in
                guard case .ambiguous(_, _, let candidates) = error as? CodeReferenceError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(candidates.count, overloads)
                symbols = candidates.map { String($0.prefix { $0 != " " }) }
            }
        }
        for symbol in symbols {
            XCTAssertTrue(symbol.hasPrefix("Linear.backward"), symbol)
            let (lines, _) = try extract(symbol, path)
            XCTAssertEqual(lines.filter { $0.contains("func backward(") }.count, 1, symbol)
            XCTAssertTrue(lines.first?.hasPrefix("    ") ?? false, symbol)
            XCTAssertEqual(lines.last, "    }", symbol)
            XCTAssertTrue(bracesBalance(lines.joined(separator: "\n")), symbol)
        }
    }

    func testExamNetworkBackward() throws {
        let (lines, above) = try extract("ExamNetwork.backward", "Sources/Lessons/Core/ExamNetwork.swift")
        XCTAssertTrue(lines.first?.hasPrefix("    ///") ?? false, lines.first ?? "")
        XCTAssertFalse(above.trimmingCharacters(in: .whitespaces).hasPrefix("///"))
        XCTAssertEqual(lines.filter { $0.contains("func backward") }.count, 1)
        XCTAssertEqual(lines.last, "    }")
        XCTAssertTrue(bracesBalance(lines.joined(separator: "\n")))
    }

    /// The index of the first of `tokens` that starts on `line` or later (binary search).
    private func firstToken(_ tokens: [SwiftToken], onOrAfter line: Int) -> Int {
        var (low, high) = (0, tokens.count)
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].line < line { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Every declaration in every source file spans whole brace pairs, and one with a body
    /// ends with the brace that closes it.
    func testEveryDeclarationInTheSourcesEndsWhereItsBracesClose() throws {
        var count = 0
        for file in SwiftCodeSupport.sources {
            let tokens = file.tokens
            for declaration in DeclarationScanner(tokens: tokens).declarations() {
                let place = "\(file.path):\(declaration.keywordLine) \(declaration.displayName)"
                let inside = tokens[firstToken(tokens, onOrAfter: declaration.firstLine)..<firstToken(tokens, onOrAfter: declaration.lastLine + 1)]
                var depth = 0
                for token in inside where token.kind == .punctuation && (token.text == "{" || token.text == "}") {
                    depth += token.text == "{" ? 1 : -1
                    if depth < 0 { break }
                }
                XCTAssertEqual(depth, 0, place)
                let code = inside.filter { !$0.isTrivia }
                if declaration.kind.endsWithBody && code.contains(where: { $0.kind == .punctuation && $0.text == "{" }) {
                    XCTAssertEqual(code.last?.text, "}", place)
                }
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 500)
    }
}
