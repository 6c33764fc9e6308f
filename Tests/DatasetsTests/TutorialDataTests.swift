import Datasets
import Tensor
import XCTest

final class TutorialDataTests: XCTestCase {
    func testExams() throws {
        let exams = try repositoryData().exams()
        XCTAssertEqual(exams.table.columns, ["EXAM1", "EXAM2", "EXAM3", "FINAL"])
        XCTAssertEqual(exams.table.values.shape, [25, 4])
        XCTAssertEqual(Array(exams.table.values.scalars.prefix(4)), [73, 80, 75, 152])
        XCTAssertEqual(Array(exams.table.values.scalars.suffix(4)), [96, 93, 95, 192])
        XCTAssertEqual(exams.inputs.shape, [25, 3])
        XCTAssertEqual(exams.target.shape, [25])
        XCTAssertEqual(Array(exams.inputs.scalars.prefix(3)), [0.73, 0.80, 0.75])
        XCTAssertEqual(Array(exams.inputs.scalars.suffix(3)), [0.96, 0.93, 0.95])
        XCTAssertEqual(exams.target.scalars.first, 0.76)
        XCTAssertEqual(exams.target.scalars.last, 0.96)
    }

    func testBoston() throws {
        let boston = try repositoryData().boston()
        XCTAssertEqual(boston.table.columns, ["CRIM", "TAX", "PTRATIO", "MEDV"])
        XCTAssertEqual(Array(boston.table.values.scalars.prefix(4)), [0.00632, 296, 15.3, 24])
        XCTAssertEqual(Array(boston.table.values.scalars.suffix(4)), [0.04741, 273, 21, 11.9])
        XCTAssertEqual(boston.featureMaxima, [88.9762, 711, 22])
        XCTAssertEqual(boston.features.shape, [506, 3])
        XCTAssertEqual(boston.target.shape, [506, 1])
        XCTAssertEqual(Array(boston.features.scalars.prefix(3)), [0.00632 / 88.9762, 296.0 / 711, 15.3 / 22])
        XCTAssertEqual(boston.target.scalars.first, 24)
        XCTAssertEqual(boston.target.scalars.last, 11.9)
        XCTAssertEqual(boston.features.scalars.max(), 1)
        XCTAssertGreaterThan(boston.features.scalars.min() ?? 0, 0)
    }

    func testOneHot() {
        let encoded = oneHot([2, 0], classes: 3)
        XCTAssertEqual(encoded.shape, [2, 3])
        XCTAssertEqual(encoded.scalars, [0, 0, 1, 1, 0, 0])
    }

    func testSyntheticDataFollowsTheTutorial() {
        var generator = Xoshiro256StarStar(seed: 1)
        let data = SyntheticRegression(count: 10_000, using: &generator)
        XCTAssertEqual(data.inputs.shape, [10_000, 2])
        XCTAssertEqual(data.targets.shape, [10_000, 1])
        XCTAssertTrue(data.inputs.scalars.allSatisfy { $0 >= 0 && $0 < 1 })

        // The draws, in order: all inputs first (x then y per point), then the noise.
        var replay = Xoshiro256StarStar(seed: 1)
        let x0 = replay.nextUniform(), y0 = replay.nextUniform()
        for _ in 1..<10_000 { _ = replay.nextUniform(); _ = replay.nextUniform() }
        XCTAssertEqual(Array(data.inputs.scalars.prefix(2)), [x0, y0])
        XCTAssertEqual(data.targets.scalars[0], (x0 + 4) * (x0 + 4) * (x0 + 4) + 4 * y0 + 0.1 * replay.nextNormal())

        // 0.1 is the noise's standard deviation.
        let residuals = (0..<10_000).map { i in
            data.targets.scalars[i] - SyntheticRegression.f(data.inputs.scalars[2 * i], data.inputs.scalars[2 * i + 1])
        }
        let mean = residuals.reduce(0, +) / 10_000
        let std = (residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 10_000).squareRoot()
        XCTAssertEqual(std, 0.1, accuracy: 0.005)
        XCTAssertEqual(mean, 0, accuracy: 0.005)
        XCTAssertTrue(data.targets.scalars.allSatisfy { $0 > 63 && $0 < 130 })
    }
}
