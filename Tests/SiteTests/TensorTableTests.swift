import XCTest
import LessonRecords
@testable import Site

/// Tensor tables: wide ones cut into bands (so that they wrap on a narrow screen and on paper),
/// non-finite cells on a grey light enough for their text, statistics only where they help,
/// tall tables behind a summary, and a legend for every tinted table.
final class TensorTableTests: XCTestCase {
    /// A vector of 20 becomes three stacked tables of 8, 8 and 4 columns, each with its row label.
    func testWideTablesAreCutIntoBands() {
        var tensor = Fixture.tensor("b", role: .parameter, shape: [20], values: Fixture.wave(20))
        tensor.values?[19] = .nan
        let html = TensorView.render(tensor, limit: 1)
        XCTAssertEqual(html.components(separatedBy: "<table class=\"numbers tensor-values\">").count - 1, 3)
        XCTAssertEqual(html.components(separatedBy: "<th scope=\"row\">0</th>").count - 1, 3)
        XCTAssertTrue(html.contains("<th scope=\"col\">7</th></tr></thead>"))
        XCTAssertTrue(html.contains("<thead><tr><td class=\"corner\"></td><th scope=\"col\">8</th>"))
        XCTAssertTrue(html.contains("<thead><tr><td class=\"corner\"></td><th scope=\"col\">16</th>"))
        XCTAssertTrue(html.contains("<td style=\"background:\(TensorView.nonFiniteCell)\">"), "NaN on the light grey")
    }

    func testEightColumnsStayOneTable() {
        let html = TensorView.render(Fixture.tensor("w", role: .parameter, shape: [4, 8], values: Fixture.wave(32)), limit: 1)
        XCTAssertEqual(html.components(separatedBy: "<table").count - 1, 1)
    }

    /// Up to 8 values are read at a glance: no statistics line; from 9 on, one.
    func testStatisticsOnlyBeyondEightValues() {
        let eight = TensorView.render(Fixture.tensor("v", role: .other, shape: [8], values: Fixture.wave(8)), limit: 1)
        let nine = TensorView.render(Fixture.tensor("v", role: .other, shape: [9], values: Fixture.wave(9)), limit: 1)
        XCTAssertFalse(eight.contains("class=\"stats\""))
        let stats = TensorStats(Fixture.wave(9))
        XCTAssertTrue(nine.contains("<p class=\"stats\">min \(Num.format(stats.min)) · max \(Num.format(stats.max))"), nine)
        let scalar = TensorView.render(Fixture.tensor("loss", role: .loss, shape: [], values: [5.9512]), limit: 5.9512)
        XCTAssertEqual(scalar, "<figure class=\"tensor\"><figcaption><code class=\"tensor-name\">loss</code> <span class=\"shape\">(scalar)</span> "
                       + "<span class=\"role\">loss</span></figcaption><p class=\"scalar-value\"><code>loss = 5.9512</code></p></figure>")
    }

    /// A table taller than 16 lines waits behind its statistics; a shorter one is open.
    func testTallTablesStartClosedBehindTheirStatistics() {
        let values = (0..<75).map { Double($0) / 100 }
        let tall = TensorView.render(Fixture.tensor("x", role: .input, shape: [25, 3], values: values), limit: 0.74)
        let stats = TensorStats(values)
        XCTAssertTrue(tall.contains("<details class=\"tensor-more\"><summary><span class=\"stats\">min 0 · max 0.74 · mean \(Num.format(stats.mean)) · std \(Num.format(stats.std)) · 1 of 75 zero</span> "
                                    + "<span class=\"show-values\">all 75 values</span></summary><div class=\"table-wrap\">"), tall)
        XCTAssertTrue(tall.contains("<th scope=\"row\">24</th>"), "every row is inside")
        // 15 rows and a header: 16 lines, open
        let short = TensorView.render(Fixture.tensor("x", role: .input, shape: [15, 3], values: Array(values.prefix(45))), limit: 1)
        XCTAssertFalse(short.contains("<details"))
        // two bands of 7 rows and their headers: 16 lines, open; 16 rows and a header: closed
        let banded = TensorView.render(Fixture.tensor("w", role: .parameter, shape: [7, 9], values: Fixture.wave(63)), limit: 1)
        XCTAssertEqual(banded.components(separatedBy: "<table").count - 1, 2)
        XCTAssertFalse(banded.contains("<details"))
        let seventeen = TensorView.render(Fixture.tensor("x", role: .input, shape: [16, 3], values: Array(values.prefix(48))), limit: 1)
        XCTAssertTrue(seventeen.contains("<details class=\"tensor-more\">"))
    }

    /// The legend's bar is drawn with the same light tints as the cells, from -limit to +limit.
    func testEveryTintedTableHasItsLegend() {
        let html = TensorView.render(Fixture.tensor("w1", role: .parameter, shape: [3, 5], values: Fixture.wave(15)), limit: 1.5)
        XCTAssertTrue(html.contains("<svg class=\"scale-legend\""))
        XCTAssertTrue(html.contains("<title>Colour scale of w1</title>"))
        XCTAssertTrue(html.contains(">−1.5</text>") && html.contains(">1.5</text>"))
        let strongestBlue = Palette.diverging(1.5, limit: 1.5, strength: TensorView.tintStrength)
        let strongestOrange = Palette.diverging(-1.5, limit: 1.5, strength: TensorView.tintStrength)
        XCTAssertEqual(strongestBlue, "#92c5de", "half way: the middle stop of the blue scale")
        XCTAssertTrue(html.contains("fill=\"\(strongestBlue)\"/><rect") && html.contains("fill=\"\(strongestOrange)\"/>"))
        XCTAssertEqual(html.components(separatedBy: "<rect").count - 1, 22, "21 steps and the frame")
        // all zeros: no tint, so no legend
        let zeros = TensorView.render(Fixture.tensor("b1", role: .parameter, shape: [5], values: [0, 0, 0, 0, 0]), limit: 0)
        XCTAssertFalse(zeros.contains("scale-legend"))
    }

    /// The role is a word on a neutral tag: colour means sign, and nothing else, in a table.
    func testTheRoleIsAWordNotAColour() {
        let html = TensorView.render(Fixture.tensor("w1.grad", role: .gradient, shape: [3, 5], values: Fixture.wave(15)), limit: 1)
        XCTAssertTrue(html.contains("<span class=\"role\">gradient</span>"))
        XCTAssertFalse(html.contains("role-"))
    }
}
