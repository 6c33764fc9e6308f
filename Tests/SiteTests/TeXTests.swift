import XCTest
@testable import Site

final class TeXTests: XCTestCase {
    /// The body of the `<math>` element, without the wrapper and TeX annotation.
    private func body(_ tex: String, display: Bool = false) throws -> String {
        let full = try TeX.mathML(tex, display: display)
        let start = full.range(of: "<semantics>")!.upperBound
        let end = full.range(of: "<annotation")!.lowerBound
        return String(full[start..<end])
    }

    func testWrapperKeepsTheTeXAsAnnotation() throws {
        XCTAssertEqual(try TeX.mathML("x<y", display: true),
                       "<math display=\"block\"><semantics><mrow><mi>x</mi><mo>&lt;</mo><mi>y</mi></mrow>"
                       + "<annotation encoding=\"application/x-tex\">x&lt;y</annotation></semantics></math>")
    }

    func testFractionsScriptsAndRoots() throws {
        XCTAssertEqual(try body("\\frac{1}{N}"), "<mrow><mfrac><mrow><mn>1</mn></mrow><mrow><mi>N</mi></mrow></mfrac></mrow>")
        XCTAssertEqual(try body("x_1^2"), "<mrow><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup></mrow>")
        XCTAssertEqual(try body("w_{12}"), "<mrow><msub><mi>w</mi><mrow><mn>12</mn></mrow></msub></mrow>")
        XCTAssertEqual(try body("\\sqrt{2}"), "<mrow><msqrt><mrow><mn>2</mn></mrow></msqrt></mrow>")
        XCTAssertEqual(try body("\\sqrt[3]{x}"), "<mrow><mroot><mrow><mi>x</mi></mrow><mrow><mn>3</mn></mrow></mroot></mrow>")
        XCTAssertEqual(try body("3.14"), "<mrow><mn>3.14</mn></mrow>")
    }

    func testGreekOperatorsAndSymbols() throws {
        XCTAssertEqual(try body("\\eta \\cdot \\nabla"),
                       "<mrow><mi>η</mi><mo>⋅</mo><mi mathvariant=\"normal\">∇</mi></mrow>")
        XCTAssertEqual(try body("\\Sigma \\times \\partial"),
                       "<mrow><mi mathvariant=\"normal\">Σ</mi><mo>×</mo><mi mathvariant=\"normal\">∂</mi></mrow>")
        XCTAssertEqual(try body("a-b"), "<mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow>")
        XCTAssertEqual(try body("X^\\top"), "<mrow><msup><mi>X</mi><mi mathvariant=\"normal\">⊤</mi></msup></mrow>")
    }

    func testSumTakesLimitsUnderneathOnlyInDisplay() throws {
        XCTAssertEqual(try body("\\sum_{i=1}^{N}", display: true),
                       "<mrow><munderover><mo largeop=\"true\" movablelimits=\"false\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>N</mi></mrow></munderover></mrow>")
        XCTAssertEqual(try body("\\sum_i"),
                       "<mrow><msub><mo largeop=\"true\" movablelimits=\"false\">∑</mo><mi>i</mi></msub></mrow>")
    }

    func testAccentsFontsAndText() throws {
        XCTAssertEqual(try body("\\bar{Z}"), "<mrow><mover accent=\"true\"><mrow><mi>Z</mi></mrow><mo stretchy=\"false\">¯</mo></mover></mrow>")
        XCTAssertEqual(try body("\\mathbf{x}"), "<mrow><mi mathvariant=\"normal\">𝐱</mi></mrow>")
        XCTAssertEqual(try body("\\text{ if } x"), "<mrow><mtext>\u{00A0}if\u{00A0}</mtext><mi>x</mi></mrow>")
        XCTAssertEqual(try body("\\mathrm{relu}"), "<mrow><mi>relu</mi></mrow>")
        XCTAssertEqual(try body("\\text{a<b & c}"), "<mrow><mtext>a&lt;b &amp; c</mtext></mrow>")
    }

    func testFunctionsFencesAndMatrices() throws {
        XCTAssertEqual(try body("\\log x"), "<mrow><mi>log</mi><mspace width=\"0.1667em\"/><mi>x</mi></mrow>")
        XCTAssertEqual(try body("\\left( x \\right)"),
                       "<mrow><mo fence=\"true\" stretchy=\"true\">(</mo><mi>x</mi><mo fence=\"true\" stretchy=\"true\">)</mo></mrow>")
        XCTAssertEqual(try body("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}"),
                       "<mrow><mo fence=\"true\" stretchy=\"true\">(</mo><mtable class=\"tex-matrix\">"
                       + "<mtr><mtd><mrow><mi>a</mi></mrow></mtd><mtd><mrow><mi>b</mi></mrow></mtd></mtr>"
                       + "<mtr><mtd><mrow><mi>c</mi></mrow></mtd><mtd><mrow><mi>d</mi></mrow></mtd></mtr>"
                       + "</mtable><mo fence=\"true\" stretchy=\"true\">)</mo></mrow>")
    }

    func testUnknownCommandIsAnErrorNamingIt() {
        XCTAssertThrowsError(try TeX.mathML("a + \\foo{b}", display: false)) { error in
            XCTAssertEqual(error as? TeXError, TeXError(message: "unknown command \\foo", offset: 4))
        }
    }

    func testStructuralErrors() {
        for (tex, message) in [("{x", "expected }"), ("x}", "unmatched }"), ("a & b", "& outside a matrix environment"),
                               ("\\left( x", "\\left without \\right"), ("x^1^2", "double superscript"),
                               ("\\begin{foo}x\\end{foo}", "unknown environment foo"), ("\\frac{1}", "missing argument")] {
            XCTAssertThrowsError(try TeX.mathML(tex, display: false), tex) { error in
                XCTAssertEqual((error as? TeXError)?.message, message, tex)
            }
        }
    }
}
