import XCTest
import LessonRecords
@testable import Site

/// Which tensors share a table, and what a shared table shows.
final class TensorGroupingTests: XCTestCase {
    private func t(_ name: String, _ role: TensorRecord.Role, _ shape: [Int], _ values: [Double]? = nil) -> TensorRecord {
        Fixture.tensor(name, role: role, shape: shape, values: values ?? Fixture.wave(shape.reduce(1, *), seed: Double(name.count)))
    }

    private func names(_ items: [TensorGrouping.Item]) -> [[String]] {
        items.map { item in
            switch item {
            case .single(let tensor): [tensor.name]
            case .columns(let tensors): tensors.map(\.name)
            }
        }
    }

    /// The backward lesson's forward step: the target joins the output it is compared with, at
    /// the output's place; a bias and the next layer's weight column (both 5 long) stay apart.
    func testTheTargetStandsBesideTheOutput() {
        let step = [t("x", .input, [25, 3]), t("y", .target, [25]), t("w1", .parameter, [3, 5]), t("b1", .parameter, [5]),
                    t("w2", .parameter, [5, 1]), t("b2", .parameter, [1]), t("l1", .activation, [25, 5]),
                    t("l2", .activation, [25, 5]), t("l3", .output, [25, 1]), t("loss", .loss, [])]
        XCTAssertEqual(names(TensorGrouping.items(step)),
                       [["x"], ["w1"], ["b1"], ["w2"], ["b2"], ["l1"], ["l2"], ["y", "l3"], ["loss"]])
    }

    func testConsecutiveColumnsOfOneShapeShareATable() {
        let step = [t("w2 before", .parameter, [5, 1]), t("w2 after", .parameter, [5, 1]), t("w2 after, b", .parameter, [5, 1]),
                    t("z", .input, [7]), t("sigmoid(z)", .activation, [7]), t("w", .parameter, [3, 5])]
        XCTAssertEqual(names(TensorGrouping.items(step)), [["w2 before", "w2 after", "w2 after, b"], ["z", "sigmoid(z)"], ["w"]])
    }

    /// A target joins a run of columns that holds an output, keeping the order they were recorded in.
    func testATargetJoinsTheRunHoldingTheOutput() {
        let step = [t("sample_Y", .target, [32, 1]), t("w1", .parameter, [2, 7]), t("z4", .activation, [32, 1]),
                    t("out", .output, [32, 1]), t("d_loss", .gradient, [32, 1])]
        XCTAssertEqual(names(TensorGrouping.items(step)), [["w1"], ["sample_Y", "z4", "out", "d_loss"]])
    }

    func testWhatNeverShares() {
        // a target with no output, single values, columns too long for a table, values not recorded
        var unrecorded = t("out", .output, [25, 1])
        unrecorded.values = nil
        let step = [t("y", .target, [25]), unrecorded, t("a", .loss, [1]), t("b", .loss, [1]),
                    t("long", .other, [65]), t("longer", .other, [65]), t("m", .other, [2, 2]), t("n", .other, [2, 2])]
        XCTAssertEqual(names(TensorGrouping.items(step)), [["y"], ["out"], ["a"], ["b"], ["long"], ["longer"], ["m"], ["n"]])
    }

    /// One row per index, a column per tensor, and one scale: the widest of the members'.
    func testASharedTableTintsEqualValuesAlike() throws {
        let y = t("y", .target, [3], [0.5, 1, -1]), l3 = t("l3", .output, [3, 1], [1, 0.5, 2])
        let html = TensorColumnsView.render([y, l3], scales: ["y": 1, "l3": 2])
        XCTAssertTrue(html.contains("<thead><tr><td class=\"corner\"></td><th scope=\"col\"><code>y</code></th><th scope=\"col\"><code>l3</code></th></tr></thead>"))
        func cell(_ value: Double) -> String {
            "<td style=\"background:\(Palette.diverging(value, limit: 2, strength: TensorView.tintStrength))\">\(Num.format(value))</td>"
        }
        XCTAssertTrue(html.contains("<tr><th scope=\"row\">0</th>\(cell(0.5))\(cell(1))</tr>"), html)
        XCTAssertTrue(html.contains("<tr><th scope=\"row\">1</th>\(cell(1))\(cell(0.5))</tr>"))
        XCTAssertTrue(html.contains("<tr><th scope=\"row\">2</th>\(cell(-1))\(cell(2))</tr>"))
        // y's 1 and l3's 1 have the same tint because the table uses l3's wider scale for both
        XCTAssertEqual(html.components(separatedBy: cell(1)).count - 1, 2)
        XCTAssertTrue(html.contains("<title>Colour scale of y, l3</title>"))
        XCTAssertTrue(html.contains(">−2</text>") && html.contains(">2</text>"), "the legend ends at ±2")
        XCTAssertFalse(html.contains("class=\"stats\""), "every value is on show")
    }
}
