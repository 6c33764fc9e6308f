import XCTest
import LessonRecords
@testable import Lessons

/// The update step's diagram carries the parameters after the step, biases included, checked
/// against a gradient this test computes on its own: central differences of the loss written out
/// as plain loops over the recorded data and parameters.
final class UpdateDiagramTests: XCTestCase {
    /// The recorded exam data and starting parameters, and the loss of the 3-5-1 network.
    private struct ExamLoss {
        let x: [Double], y: [Double], w1: [Double], w2: [Double]
        var b1: [Double], b2: [Double]

        func loss() -> Double {
            let students = y.count
            var total = 0.0
            for i in 0..<students {
                var out = b2[0]
                for j in 0..<5 {
                    var z = b1[j]
                    for k in 0..<3 { z += x[i * 3 + k] * w1[k * 5 + j] }
                    out += max(0, z) * w2[j]
                }
                total += (out - y[i]) * (out - y[i])
            }
            return total / Double(students)
        }

        /// d loss / d b by central differences, for the hidden biases (`layer` 1) or the output's (2).
        func biasGradient(layer: Int) -> [Double] {
            let h = 1e-6
            let count = layer == 1 ? b1.count : b2.count
            return (0..<count).map { j in
                var up = self, down = self
                if layer == 1 { up.b1[j] += h; down.b1[j] -= h } else { up.b2[j] += h; down.b2[j] -= h }
                return (up.loss() - down.loss()) / (2 * h)
            }
        }
    }

    func testTheUpdateDiagramShowsTheBiasesAfterTheStep() throws {
        let record = try runLesson("sgd-step")
        func values(_ step: String, _ name: String) throws -> [Double] {
            try XCTUnwrap(record.step(step)?.tensors.first { $0.name == name }?.values, name)
        }
        // sgd-step does not record the data; the backward lesson records the same exam scores
        let data = try runLesson("manual-backward")
        let x = try XCTUnwrap(data.tensor("x")?.values), y = try XCTUnwrap(data.tensor("y")?.values)
        let exam = ExamLoss(x: x, y: y, w1: try values("before", "w1"), w2: try values("before", "w2"),
                            b1: try values("before", "b1"), b2: try values("before", "b2"))
        let state = try XCTUnwrap(record.step("update")?.networks.first)
        let lr = 0.01
        for (index, layer, bias) in [(1, 1, exam.b1), (2, 2, exam.b2)] {
            let diagram = state.layers[index]
            XCTAssertEqual(diagram.bias, bias, "the diagram's biases before the step")
            let after = try XCTUnwrap(diagram.biasAfter, diagram.name)
            let expected = zip(bias, exam.biasGradient(layer: layer)).map { $0 - lr * $1 }
            XCTAssertEqual(after.count, expected.count)
            for (got, want) in zip(after, expected) {
                XCTAssertEqual(got, want, accuracy: 1e-9, "\(diagram.name): bias after the step")
            }
        }
        // The step moved the biases (they start at zero), so the diagram after it cannot read 0.
        XCTAssertTrue(state.layers[1].biasAfter!.contains { $0 != 0 })
        XCTAssertNotEqual(state.layers[2].biasAfter, [0])
        // Only update steps carry values after a step.
        XCTAssertNil(record.step("before")?.networks.first?.layers[1].biasAfter)
    }
}
