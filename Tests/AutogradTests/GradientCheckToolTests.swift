import Autograd
import Foundation
import Tensor
import XCTest

/// The numerical-gradient and comparison tools the lessons use.
final class GradientCheckToolTests: XCTestCase {
    func testCentralDifferencesOfACubic() throws {
        let x = Tensor([-1.5, 0.5, 2])
        // sum(x^3) has gradient 3x^2; the central difference is off by exactly h^2 per element.
        let g = NumericalGradient.gradient(of: { $0.map { $0 * $0 * $0 }.sum() }, at: x)
        for (a, v) in zip(g.scalars, x.scalars) { XCTAssertEqual(a, 3 * v * v + 1e-10, accuracy: 1e-9) }
    }

    func testCentralDifferencesMoveOneElementAtATime() throws {
        var seen = [Named<Tensor>]()
        let p: Named<Tensor> = ["a": Tensor([1, 2]), "b": Tensor(7)]
        let g = NumericalGradient.gradients(of: { q in
            seen.append(q)
            return q["a"].scalars[0] * q["b"].item + q["a"].scalars[1]
        }, at: p, step: 0.5)
        XCTAssertEqual(seen.count, 6, "two evaluations per element")
        XCTAssertEqual(seen[0]["a"], Tensor([1.5, 2]))
        XCTAssertEqual(seen[1]["a"], Tensor([0.5, 2]))
        XCTAssertEqual(seen[4]["a"], p["a"], "a is restored before b moves")
        XCTAssertEqual(seen[4]["b"], Tensor(7.5))
        XCTAssertEqual(g.names, ["a", "b"])
        XCTAssertEqual(g["a"], Tensor([7, 1]))
        XCTAssertEqual(g["b"], Tensor(1))
    }

    func testDifferenceDefinitions() throws {
        let a = try Tensor([[1, 2, 0], [4, 0, -1]])
        let b = try Tensor([[1, 2.5, 0], [4, 1e-3, 1]])
        let d = try GradientDifference(a, b)
        XCTAssertEqual(d.maxAbsolute, 2)
        XCTAssertEqual(d.maxAbsoluteIndex, [1, 2])
        // Opposite signs: |(-1) - 1| / max(1, 1) = 2, the largest possible.
        XCTAssertEqual(d.maxRelative, 2)
        XCTAssertEqual(d.maxRelativeIndex, [1, 2])

        let zeroVsSmall = try GradientDifference(Tensor([0, 3]), Tensor([1e-3, 3]))
        XCTAssertEqual(zeroVsSmall.maxRelative, 1, "zero against non-zero is relative difference 1")
        let floored = try GradientDifference(Tensor([0, 3]), Tensor([1e-3, 3]), relativeFloor: 0.1)
        XCTAssertEqual(floored.maxRelative, 1e-2, accuracy: 1e-17)
        let equalZeros = try GradientDifference(Tensor([0, 0]), Tensor([0, 0]))
        XCTAssertEqual(equalZeros.maxRelative, 0)
        XCTAssertEqual(equalZeros.maxAbsoluteIndex, [0])

        let nan = try GradientDifference(Tensor([1, .nan, 5]), Tensor([1, 1, 9]))
        XCTAssertTrue(nan.maxAbsolute.isNaN && nan.maxRelative.isNaN)
        XCTAssertEqual(nan.maxAbsoluteIndex, [1])
        XCTAssertEqual(nan, nan, "NaN reports compare equal to themselves")

        XCTAssertThrowsError(try GradientDifference(Tensor([1, 2]), Tensor([1, 2, 3])))
        let scalar = try GradientDifference(Tensor(1), Tensor(1.5))
        XCTAssertEqual(scalar.maxAbsoluteIndex, [])
    }

    func testKinkScan() {
        let x = try! Tensor([[0.5, -3e-6], [2e-6, -1]])
        let scan = GradientCheck.scanKinks(name: "l1", x, step: 1e-5)
        XCTAssertEqual(scan, KinkScan(name: "l1", shape: [2, 2], nearKink: 2, total: 4,
                                      smallestMagnitude: 2e-6, smallestIndex: [1, 0]))
    }

    /// A one-layer ReLU model checked end to end, with a deliberately wrong "manual" gradient.
    func testRunFindsAWrongGradientAndRoundTripsThroughJSON() throws {
        var g = Xoshiro256StarStar(seed: 7)
        let x = Tensor.randn(shape: [4, 3], using: &g)
        let p: Named<Tensor> = ["w": .randn(shape: [3, 2], using: &g), "b": .randn(shape: [2], using: &g)]
        func forward(_ q: Named<Tensor>) throws -> (pre: Tensor, loss: Double) {
            let pre = try x.matmul(q["w"]) + q["b"]
            return (pre, pre.clamp(min: 0).squared().sum())
        }
        // The right gradients, written out by hand: d/dpre = 2 relu(pre) (pre > 0 is implied).
        let pre = try forward(p).pre
        let dpre = 2 * pre.clamp(min: 0)
        var manual: Named<Tensor> = ["w": try Tensor.matmul(x, dpre, transposeA: true),
                                     "b": try dpre.sum(axis: 0)]
        manual["b"] = manual["b"] * 1.001   // the bug a check should catch

        let report = try GradientCheck.run(
            parameters: p, manual: manual, preActivations: ["pre": pre],
            loss: { try forward($0).loss },
            autograd: { tape, v in
                let x = tape.constant(x)
                return try (x.matmul(v["w"]) + v["b"]).relu().squared().sum()
            })
        XCTAssertEqual(report.comparisons.map(\.name), ["w", "b"])
        XCTAssertEqual(report.comparisons[0].shape, [3, 2])
        let w = report.comparisons[0], b = report.comparisons[1]
        XCTAssertLessThan(try XCTUnwrap(w.manualVsAutograd).maxRelative, 1e-12)
        XCTAssertLessThan(try XCTUnwrap(w.manualVsNumeric).maxRelative, 1e-6)
        XCTAssertLessThan(try XCTUnwrap(b.autogradVsNumeric).maxRelative, 1e-6)
        XCTAssertEqual(try XCTUnwrap(b.manualVsAutograd).maxRelative, 0.001 / 1.001, accuracy: 1e-9)
        XCTAssertEqual(report.maxRelative(.manualVsAutograd), b.manualVsAutograd?.maxRelative)
        XCTAssertEqual(report.kinks.map(\.name), ["pre"])
        XCTAssertEqual(report.nearKinkCount, 0)
        XCTAssertEqual(report.step, 1e-5)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let decoded = try JSONDecoder().decode(GradientCheckReport.self, from: encoder.encode(report))
        XCTAssertEqual(decoded, report)
    }

    func testCompareRefusesMismatchedSets() {
        let one: Named<Tensor> = ["w": Tensor([1])]
        XCTAssertThrowsError(try GradientCheck.compare(manual: one)) { error in
            XCTAssertTrue(error is GradientCheckError)
        }
        XCTAssertThrowsError(try GradientCheck.compare(manual: one, numeric: ["v": Tensor([1])])) { error in
            XCTAssertEqual((error as? GradientCheckError)?.parameter, "v")
        }
        XCTAssertThrowsError(try GradientCheck.compare(manual: one, numeric: ["w": Tensor([1, 2])])) { error in
            XCTAssertEqual((error as? GradientCheckError)?.parameter, "w")
        }
        let onlyAutograd: Named<Tensor> = ["w": Tensor([1]), "extra": Tensor([2])]
        XCTAssertThrowsError(try GradientCheck.compare(manual: one, autograd: onlyAutograd))
    }
}
