import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LessonRecords
import XCTest
@testable import Site

extension Fixture {
    /// loss = sum(w * x) + w (w used twice, so its gradient is two additions), with a name that
    /// needs escaping.
    static func tape() -> TapeRecord {
        func e(_ shape: [Int], _ first: [Double]) -> TapeRecord.Excerpt { .init(shape: shape, first: first) }
        let w = [0.5, -2.0, 3.0], x = [4.0, 5.0, -6.0]
        let entries: [TapeRecord.Entry] = [
            .init(position: 0, operation: "variable", name: "w", inputs: [], value: e([3], w), requiresGradient: true),
            .init(position: 1, operation: "constant", name: "x", inputs: [], value: e([3], x), requiresGradient: false),
            .init(position: 2, operation: "multiply", name: nil, inputs: [0, 1], value: e([3], [2, -10, -18]), requiresGradient: true),
            .init(position: 3, operation: "sum", name: nil, inputs: [2], value: e([], [-26]), requiresGradient: true),
            .init(position: 4, operation: "add", name: "loss <b>", inputs: [3, 0], value: e([3], [-25.5, -28, -23]),
                  requiresGradient: true),
        ]
        let visits: [TapeRecord.Visit] = [
            .init(entry: 4, gradient: e([3], [1, 1, 1]), additions: [
                .init(input: 3, gradient: e([], [3]), total: e([], [3])),
                .init(input: 0, gradient: e([3], [1, 1, 1]), total: e([3], [1, 1, 1])),
            ], stored: e([3], [1, 1, 1])),
            .init(entry: 3, gradient: e([], [3]), additions: [.init(input: 2, gradient: e([3], [3, 3, 3]), total: e([3], [3, 3, 3]))],
                  stored: e([], [3])),
            .init(entry: 2, gradient: e([3], [3, 3, 3]), additions: [.init(input: 0, gradient: e([3], [12, 15, -18]), total: e([3], [13, 16, -17]))],
                  stored: e([3], [3, 3, 3])),
            .init(entry: 0, gradient: e([3], [13, 16, -17]), additions: [], stored: e([3], [13, 16, -17])),
        ]
        return TapeRecord(name: "fixture tape <i>", entries: entries, visits: visits)
    }
}

/// The tape's page markup: both tables, one frame per visit with only the first shown without
/// JavaScript, a labelled range and buttons that wait for the script, and frames that mark the
/// entry in hand and the inputs it adds to.
final class TapeViewTests: XCTestCase {
    private let tape = Fixture.tape()
    private lazy var html = TapeView.render(tape, step: "backward")

    func testItIsWellFormedAndEscaped() throws {
        let parser = XMLParser(data: Data("<div>\(html)</div>".utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertFalse(html.contains("<b>") || html.contains("<i>"))
        XCTAssertTrue(html.contains("fixture tape &lt;i&gt;"))
        XCTAssertTrue(html.contains("add → loss &lt;b&gt;"))
    }

    func testTheTablesNeedNoScript() {
        // The tables are outside the frames and carry no hidden attribute.
        let entries = html.components(separatedBy: "<table class=\"text-table tape-entries\">")
        XCTAssertEqual(entries.count, 2)
        let rows = entries[1].components(separatedBy: "</table>")[0].components(separatedBy: "<tr><th scope=\"row\">").dropFirst()
        XCTAssertEqual(rows.map { String($0.prefix { $0 != "<" }) }, ["0", "1", "2", "3", "4"])
        XCTAssertTrue(rows[rows.startIndex + 2].contains("<td>multiply</td><td>#0 w, #1 x</td>"))
        XCTAssertTrue(rows[rows.startIndex + 3].contains("<td class=\"tape-value\">−26</td>"), "a scalar is just its number")
        let sweep = html.components(separatedBy: "<table class=\"text-table tape-sweep-table\">")[1]
        XCTAssertTrue(sweep.contains("<th scope=\"row\" rowspan=\"2\">1</th>"), "two additions, two rows")
        XCTAssertTrue(sweep.contains("<td>#0 w</td><td class=\"tape-value\">(3) 12, 15, −18</td><td class=\"tape-value\">(3) 13, 16, −17</td>"))
        XCTAssertTrue(sweep.contains("a leaf: no pullback"))
    }

    func testOneFramePerVisitAndTheFirstShowsWithoutScript() {
        XCTAssertTrue(html.contains("<div class=\"scrubber-controls\" hidden=\"hidden\"><label for=\"tape-backward\">Entry in hand</label>"))
        XCTAssertTrue(html.contains("<input type=\"range\" id=\"tape-backward\" min=\"0\" max=\"3\" step=\"1\" value=\"0\""))
        XCTAssertTrue(html.contains("<button type=\"button\" data-scrub=\"-1\">Previous entry</button>"))
        XCTAssertTrue(html.contains("<button type=\"button\" data-scrub=\"1\">Next entry</button>"))
        for index in 0..<4 {
            let open = "<div class=\"frame\" data-frame=\"\(index)\" data-label=\"\(esc(TapeView.frameLabel(tape, index)))\""
            XCTAssertTrue(html.contains(open + (index == 0 ? ">" : " hidden=\"hidden\">")), "frame \(index)")
        }
        XCTAssertEqual(TapeView.frameLabel(tape, 2), "3 of 4: #2 multiply")
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"tape\"").count - 1, 4)
    }

    func testFramesSayWhatWasAddedAndTheRunningTotal() {
        let first = TapeView.frameText(tape, 0), third = TapeView.frameText(tape, 2)
        XCTAssertTrue(first.contains("<code>#0 w</code> += <code>(3) 1, 1, 1</code>; it held nothing yet, so its total is <code>(3) 1, 1, 1</code>"))
        XCTAssertTrue(third.contains("<code>#0 w</code> += <code>(3) 12, 15, −18</code>; its total is now <code>(3) 13, 16, −17</code>"))
        XCTAssertTrue(TapeView.frameText(tape, 3).contains("A leaf: there is no pullback to run."))
    }

    func testEachFrameMarksTheEntryInHandAndItsInputs() {
        XCTAssertEqual(TapeSVG.states(tape, frame: 0), [.receiving, .constant, .untouched, .receiving, .inHand])
        XCTAssertEqual(TapeSVG.states(tape, frame: 1), [.waiting, .constant, .receiving, .inHand, .done])
        XCTAssertEqual(TapeSVG.states(tape, frame: 3), [.inHand, .constant, .done, .done, .done])
        let svg = TapeSVG.render(tape, frame: 1)
        XCTAssertTrue(svg.contains("<title>The tape at step 2 of the sweep: #3 sum in hand</title>"))
        XCTAssertTrue(svg.contains("<g class=\"is-hand\""))
        XCTAssertTrue(svg.contains(">+= gradient</text>") && svg.contains(">has gradient</text>") && svg.contains(">done</text>"),
                      "every state is written, not only coloured")
        XCTAssertEqual(svg.components(separatedBy: "class=\"flow\"").count - 1, 2, "one arc and its arrowhead carry the gradient back")
    }

    func testArcsThatOverlapTakeDifferentLanes() {
        // 0->4 and 1->3 overlap; 2->3 goes to the next row and needs no lane.
        let lanes = TapeSVG.assignLanes([(0, 4), (1, 3), (2, 3), (4, 6)])
        XCTAssertNil(lanes[2])
        XCTAssertEqual(lanes[1], 0, "the shortest nearest")
        XCTAssertEqual(lanes[0], 1)
        XCTAssertEqual(lanes[3], 0, "4->6 begins where 0->4 ends and overlaps nothing in lane 0")
    }

    func testExcerpts() {
        XCTAssertEqual(TapeView.excerpt(.init(shape: [25, 5], first: [0.12345, 0, -0.5])), "(25×5) 0.1235, 0, −0.5, …")
        XCTAssertEqual(TapeView.excerpt(.init(shape: [1], first: [2.5])), "(1) 2.5")
        XCTAssertEqual(TapeView.excerpt(.init(shape: [], first: [1])), "1")
    }
}
