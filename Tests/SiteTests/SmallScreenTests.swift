import XCTest
import LessonRecords
@testable import Site

/// What keeps wide things usable on a phone: boxes that scroll sideways are focusable and named
/// where they are known to be wide, tables keep their first column pinned, and the stylesheet
/// says so when a box scrolls.
final class SmallScreenTests: XCTestCase {
    func testTheCheckTableScrollsInANamedRegionWithItsFirstColumnPinned() throws {
        let check = try XCTUnwrap(Fixture.record().steps.flatMap(\.checks).first)
        let html = CheckTableView.render(check)
        XCTAssertTrue(html.hasPrefix("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"gradient check, scrolls sideways\"><table class=\"numbers check\">"))
        XCTAssertTrue(html.contains("<th scope=\"col\" rowspan=\"2\" class=\"corner\">parameter</th>"))
        XCTAssertEqual(html.components(separatedBy: "<th scope=\"row\">").count - 1, check.rows.count)
    }

    func testTheGraphKeepsItsSizeInANamedRegion() throws {
        var step = StepRecord(id: "graph", title: "Graph", phase: .backward)
        step.graphs = Fixture.fixtureGraph()
        let html = try StepView.render(step, lesson: Fixture.record(), scales: [:]).html
        XCTAssertTrue(html.contains("<div class=\"figure-scroll graph-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"chain, scrolls sideways\"><svg class=\"graph\""))
    }

    /// The rules themselves: a pinned first column, and a hint only where a box scrolls.
    func testTheStylesheetPinsFirstColumnsAndHintsAtScrolling() {
        let css = Fixture.assets().css
        XCTAssertTrue(css.contains("table.numbers th[scope=\"row\"], table.numbers .corner { position: sticky; left: 0;"))
        XCTAssertTrue(css.contains(".table-wrap, .figure-scroll, .math-display, .code-block { container-type: scroll-state; }"))
        XCTAssertTrue(css.contains("@container scroll-state(scrollable: inline-end)"))
        XCTAssertTrue(css.contains(".graph-scroll svg.graph { max-width: none; }"), "the graph keeps its drawn size")
    }

    /// A confusion matrix's shades have a legend too, from 0 to the largest count.
    func testTheConfusionMatrixHasALegend() throws {
        let tensor = try XCTUnwrap(Fixture.record().steps.flatMap(\.tensors).first { $0.name == "confusion" })
        let svg = HeatmapSVG.confusion(tensor, values: tensor.values!)
        let largest = tensor.values!.max()!
        XCTAssertEqual(largest, 186)
        XCTAssertTrue(svg.contains(">186 (most in a cell)</text>"))
        XCTAssertTrue(svg.contains("fill=\"\(Palette.sequential(largest, maximum: largest))\"/><rect"), "the bar ends at the largest count's shade")
    }
}
