import XCTest
import LessonRecords
@testable import Site

/// Tensor tables: wide ones cut into bands (so that they wrap on a narrow screen and on paper),
/// and non-finite cells on a grey light enough for their text.
final class TensorTableTests: XCTestCase {
    /// A vector of 20 becomes three stacked tables of 8, 8 and 4 columns, each with its row label.
    func testWideTablesAreCutIntoBands() {
        var tensor = Fixture.tensor("b", role: .parameter, shape: [20], values: Fixture.wave(20))
        tensor.values?[19] = .nan
        let html = TensorView.render(tensor, limit: 1)
        XCTAssertEqual(html.components(separatedBy: "<table class=\"numbers tensor-values\">").count - 1, 3)
        XCTAssertEqual(html.components(separatedBy: "<th scope=\"row\">0</th>").count - 1, 3)
        XCTAssertTrue(html.contains("<th scope=\"col\">7</th></tr></thead>"))
        XCTAssertTrue(html.contains("<thead><tr><td></td><th scope=\"col\">8</th>"))
        XCTAssertTrue(html.contains("<thead><tr><td></td><th scope=\"col\">16</th>"))
        XCTAssertTrue(html.contains("<td style=\"background:\(TensorView.nonFiniteCell)\">"), "NaN on the light grey")
    }

    func testEightColumnsStayOneTable() {
        let html = TensorView.render(Fixture.tensor("w", role: .parameter, shape: [4, 8], values: Fixture.wave(32)), limit: 1)
        XCTAssertEqual(html.components(separatedBy: "<table").count - 1, 1)
    }
}
