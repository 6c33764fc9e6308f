import XCTest
import LessonRecords
@testable import Site

final class LessonTitleTests: XCTestCase {
    /// The prose's `# Title` line is the page's `<h1>` already, so the introduction drops it
    /// (and its error lines still count from the file's first line).
    func testTheIntroductionDropsItsTitleLineOnly() throws {
        XCTAssertEqual(LessonPage.withoutTitle("# One neuron\n\nA neuron is ...").text, "\nA neuron is ...")
        XCTAssertEqual(LessonPage.withoutTitle("# One neuron\n\nA neuron is ...").firstLine, 2)
        XCTAssertEqual(LessonPage.withoutTitle("Text first.\n# Heading later\n").text, "Text first.\n# Heading later\n")
        var record = Fixture.record()
        record.title = "One neuron"
        let prose = try LessonProse.parse("# One neuron\n\nA neuron is small.\n", file: "lessons/01-x.md")
        let page = try LessonPage.render(record, prose: prose, sources: SourceFiles(), number: 1,
                                         neighbours: LessonPage.Neighbours(previous: nil, next: nil)).html
        XCTAssertEqual(page.components(separatedBy: "One neuron</h").count - 1, 1, "the title appears once as a heading")
        XCTAssertTrue(page.contains("<p>A neuron is small.</p>"))
    }
}
