import XCTest
import LessonRecords
@testable import Site

/// Inputs from fuzzing the prose front end (fuzz/run.sh markdown: LessonProse, Markdown with
/// MathExtraction and cmark-gfm, TeX to MathML), kept as tests once fixed. See docs/fuzzing.md.
final class SiteFuzzRegressionTests: XCTestCase {
    private let source = Markdown.Source(lesson: "fuzz", file: "lessons/fuzz.md", firstLine: 1)

    /// 8,000 nested braces overflowed the stack of the recursive-descent TeX parser (an
    /// AddressSanitizer stack-overflow report; a plain crash without it). Deep nesting is now a
    /// TeXError, in a formula on its own and in prose, where it names the file and line.
    func testDeeplyNestedFormulaIsAnErrorNotACrash() {
        for tex in [String(repeating: "{", count: 8000) + "x" + String(repeating: "}", count: 8000),
                    String(repeating: "\\frac{", count: 3000) + "x" + String(repeating: "}{y}", count: 3000),
                    String(repeating: "\\sqrt{", count: 3000) + "x" + String(repeating: "}", count: 3000),
                    String(repeating: "\\displaystyle", count: 5000) + "x",
                    String(repeating: "\\left(", count: 3000) + "x" + String(repeating: "\\right)", count: 3000)] {
            XCTAssertThrowsError(try TeX.mathML(tex, display: true), String(tex.prefix(20))) { error in
                XCTAssertEqual((error as? TeXError)?.message, "formula nested too deeply")
            }
        }
        let prose = "Text.\n\n$$" + String(repeating: "{", count: 8000) + "x" + String(repeating: "}", count: 8000) + "$$\n"
        XCTAssertThrowsError(try Markdown.render(prose, source: source, topHeading: 2)) { error in
            XCTAssertTrue("\(error)".contains("nested too deeply"), "\(error)")
        }
    }

    /// The limit leaves room for any formula a lesson would write.
    func testReasonableNestingStillRenders() throws {
        let tex = String(repeating: "\\frac{1}{", count: 20) + "x" + String(repeating: "}", count: 20)
        XCTAssertNoThrow(try TeX.mathML(tex, display: true))
        let braces = String(repeating: "{", count: 60) + "x" + String(repeating: "}", count: 60)
        XCTAssertNoThrow(try TeX.mathML(braces, display: false))
    }
}
