import XCTest
import LessonRecords
@testable import Site

/// The markup `assets/stepper.js` relies on; `tools/browser_test.py` checks the behaviour in a
/// real browser.
final class StepperMarkupTests: XCTestCase {
    private func page(_ path: String) throws -> String {
        let file = try XCTUnwrap(try SiteOutputTests.buildFixtureSite().first { $0.path == path })
        return String(decoding: file.bytes, as: UTF8.self)
    }

    /// The bar comes right after the lesson header (on screen when the page opens), hidden until
    /// the script runs, with the key hint inside it, and names the next lesson.
    func testTheStepperFollowsTheHeaderAndNamesTheNextLesson() throws {
        let html = try page("fixture-lesson.html")
        let header = try XCTUnwrap(html.range(of: "</header><nav class=\"stepper\""))
        let toc = try XCTUnwrap(html.range(of: "<nav class=\"toc\""))
        XCTAssertLessThan(header.lowerBound, toc.lowerBound)
        XCTAssertTrue(html.contains("<nav class=\"stepper\" aria-label=\"Step through the lesson\" hidden=\"hidden\" "
            + "data-next-lesson=\"mnist-softmax.html\" data-next-title=\"MNIST with softmax cross-entropy\">"))
        XCTAssertTrue(html.contains("<p class=\"stepper-keys\"><kbd>←</kbd> <kbd>→</kbd> keys</p>"))
    }

    func testTheLastLessonNamesNoNextLesson() throws {
        let html = try page("dead-relu.html")
        XCTAssertTrue(html.contains("<nav class=\"stepper\" aria-label=\"Step through the lesson\" hidden=\"hidden\">"))
        XCTAssertFalse(html.contains("data-next-lesson"))
    }

    func testTheNextTitleIsEscaped() {
        var next = Fixture.record()
        next.id = "x"
        XCTAssertTrue(LessonPage.stepper(steps: 3, next: next)
            .contains("data-next-lesson=\"x.html\" data-next-title=\"Every record type &lt;script&gt;alert(1)&lt;/script&gt;\""))
    }
}
