import XCTest
import LessonRecords
@testable import Site

final class HeadlineTests: XCTestCase {
    func testAHeadlineShowsItsBaselineInTheSameFormat() {
        let loss = Headline(label: "loss <after>", value: 0.036470125, comparison: .init(label: "predicting the mean", value: 0.0138679))
        XCTAssertEqual(PageShell.headlineHTML(loss),
                       "<p class=\"headline\"><span class=\"headline-label\">loss &lt;after&gt;</span> <span class=\"headline-value\">0.03647</span>"
                       + " <span class=\"headline-comparison\">(predicting the mean: 0.01387)</span></p>")
        let accuracy = Headline(label: "accuracy", value: 0.981, format: .percent, comparison: .init(label: "most common digit", value: 0.1135))
        XCTAssertTrue(PageShell.headlineHTML(accuracy).contains("(most common digit: 11.35 %)"), PageShell.headlineHTML(accuracy))
        XCTAssertFalse(PageShell.headlineHTML(Headline(label: "n", value: 4)).contains("headline-comparison"))
    }
}
