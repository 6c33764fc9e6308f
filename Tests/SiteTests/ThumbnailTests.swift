import XCTest
import LessonRecords
@testable import Site

/// An index card's picture says what it shows, and a gradient check is drawn only when it has
/// central differences to agree with.
final class ThumbnailTests: XCTestCase {
    private func row(_ parameter: String, relative: Double) -> GradientCheckTable.Row {
        .init(parameter: parameter, shape: [3], manualVsAutogradAbs: 0, manualVsAutogradRel: 0, manualVsNumericAbs: 0,
              manualVsNumericRel: relative, autogradVsNumericAbs: 0, autogradVsNumericRel: 0, worstIndex: 0, kinks: 0, passed: true)
    }

    private func lesson(checks: [GradientCheckTable]) -> LessonRecord {
        var record = Fixture.record()
        record.steps = [StepRecord(id: "check", title: "Check")]
        record.steps[0].checks = checks
        return record
    }

    func testDigitsOfAgreementAreMinusLog10OfTheRelativeDifference() {
        XCTAssertEqual(Thumbnail.agreementDigits(1e-11), 11, accuracy: 1e-12)
        XCTAssertEqual(Thumbnail.agreementDigits(0.5), -log10(0.5), accuracy: 1e-15)
        XCTAssertEqual(Thumbnail.agreementDigits(0), 16)
        XCTAssertEqual(Thumbnail.agreementDigits(3), 0)
        XCTAssertEqual(Thumbnail.agreementDigits(.nan), 0)
    }

    func testACheckAgainstCentralDifferencesIsDrawnAsBarsWithACaption() {
        let table = GradientCheckTable(name: "exam", h: 1e-5, tolerance: 1e-3, rows: [row("w1", relative: 1e-11), row("b1", relative: 1e-9)])
        let html = Thumbnail.render(lesson(checks: [table]))
        XCTAssertTrue(html.contains("<figcaption class=\"thumb-caption\">Digits of agreement"), html)
        XCTAssertTrue(html.contains("w1: 11 digits; b1: 9 digits"), html)
    }

    func testACheckWithoutCentralDifferencesIsNotDrawnAsZeroDigits() {
        let table = GradientCheckTable(name: "autograd only", h: .nan, tolerance: 1e-3, rows: [row("w1", relative: .nan)])
        let html = Thumbnail.render(lesson(checks: [table]))
        XCTAssertFalse(html.contains("Digits of agreement"), html)
        XCTAssertTrue(html.contains("No figure"), html)
    }
}
