import NeuralNet
import Tensor
import LessonRecords

/// The two kinds of dropout of `boston-dropout`, each trained on all suburbs: the tutorial's
/// (zeroing weights, as written) beside no dropout, then inverted dropout on the activations.
extension BostonDropoutLesson {
    /// The training errors of the runs with weight dropout as written and without dropout.
    typealias WrittenCurves = (written: BostonCurves, plain: BostonCurves)

    /// Trains `variant` on all suburbs; `phase` names it in the progress, `step` in an error.
    func trainAllSuburbs(_ variant: BostonWeights.Variant, phase: String, step: String) throws -> BostonCurves {
        let model = weights.model(variant, probability: p, seed: r.seed &+ 1)
        do {
            return try trainBoston(model, x: x0, t: t, learningRate: alpha, iterations: iterations, perRow: false) { i, l in
                r.progress(ProgressEvent(lesson: Self.id, phase: phase, epoch: i, epochs: iterations, loss: l))
            }
        } catch { throw stop(step, error) }
    }

    /// Dropout as written: weights, all suburbs, the tutorial's error.
    func recordWeightDropout() throws -> WrittenCurves {
        let demo = weights.model(.weights, probability: p, seed: r.seed &+ 1)
        _ = try demo.forward(x0)
        let demoDropped = (demo.layers[0] as! WeightDropout, demo.layers[2] as! WeightDropout)
        let writtenCurves = try trainAllSuburbs(.weights, phase: "weight dropout", step: "weight-dropout")
        let plainCurves = try trainAllSuburbs(.none, phase: "no dropout", step: "weight-dropout")

        try r.step("weight-dropout") { s in
            s.tensor("W1 (first pass, dropped)", demoDropped.0.droppedWeight!, role: .parameter, rowLabels: names)
            s.tensor("W2 (first pass, dropped)", demoDropped.1.droppedWeight!, role: .parameter)
            s.scalar("W1 weights dropped per pass", Double(demoDropped.0.droppedIndices.count))
            s.scalar("W2 weights dropped per pass", Double(demoDropped.1.droppedIndices.count))
            s.scalar("p", p)
            s.scalar("iterations", Double(iterations))
            s.scalar("first error", writtenCurves.train.first!)
            s.scalar("final error", writtenCurves.train.last!)
            s.scalar("final error, no dropout", plainCurves.train.last!)
            s.shapes("floor(12 x 0.2) = 2 of W1's weights, floor(4 x 0.2) = 0 of W2's")
            s.chart(ChartRecord(name: "weight-dropout", title: "Weight dropout as written, all \(n) suburbs",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: writtenCurves.train)]))
            s.chart(ChartRecord(name: "no-dropout", title: "The same network without dropout",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: plainCurves.train)]))
            s.note("Each forward pass zeroes floor(12 x 0.2) = 2 of W1's 12 weights (positions \(demoDropped.0.droppedIndices.map(String.init).joined(separator: ", ")) on the first pass) and floor(4 x 0.2) = 0 of W2's 4: the output weights are never dropped. The survivors are not rescaled, and the backward pass uses the undropped weights, so each step follows the gradient of a network the forward pass did not run.")
            s.note("Over \(iterations) iterations the error goes from \(fmt(writtenCurves.train.first!, 6)) to \(fmt(writtenCurves.train.last!, 6)), and jumps up and down as different weights drop out; without dropout it ends at \(fmt(plainCurves.train.last!, 6)).")
        }
        return (writtenCurves, plainCurves)
    }

    /// Standard dropout: on the hidden activations, survivors scaled by 1 / (1 - p).
    func recordInvertedDropout(written: WrittenCurves) throws {
        let invertedDemo = weights.model(.inverted, probability: p, seed: r.seed &+ 1)
        _ = try invertedDemo.forward(x0)
        let mask = (invertedDemo.layers[2] as! Dropout).mask!
        let invertedCurves = try trainAllSuburbs(.inverted, phase: "inverted dropout", step: "inverted-dropout")

        try r.step("inverted-dropout") { s in
            s.tensor("mask[:5]", mask.rows(0..<5), role: .other)
            s.tensor("X1[:5]", invertedDemo.outputs[1].rows(0..<5), role: .activation)
            s.tensor("X1[:5] after dropout", invertedDemo.outputs[2].rows(0..<5), role: .activation)
            s.scalar("fraction of X1 dropped (first pass)", Double(mask.scalars.filter { $0 == 0 }.count) / Double(mask.count))
            s.scalar("scale of the survivors", 1 / (1 - p))
            s.scalar("first error", invertedCurves.train.first!)
            s.scalar("final error", invertedCurves.train.last!)
            s.shapes("X1 (\(n)x4) * mask (\(n)x4) -> (\(n)x4), mask entries 0 or 1 / (1 - p) = 1.25")
            s.chart(ChartRecord(name: "inverted-dropout", title: "Inverted dropout on X1, all \(n) suburbs",
                                xLabel: "iteration", yLabel: "1/2 sum (y - t)^2",
                                series: [.init(name: "train_loss", x: xAxis, y: invertedCurves.train)]))
            s.note("Each of the \(mask.count) hidden activations is dropped with probability 0.2 (on the first pass \(mask.scalars.filter { $0 == 0 }.count) were), and the survivors are multiplied by 1.25 so the expected input to the output layer is unchanged. The backward pass multiplies by the same mask, so the gradient is that of the network the forward pass ran. In evaluation the layer does nothing.")
            s.note("Over \(iterations) iterations the error goes from \(fmt(invertedCurves.train.first!, 6)) to \(fmt(invertedCurves.train.last!, 6)); weight dropout as written ends at \(fmt(written.written.train.last!, 6)), no dropout at \(fmt(written.plain.train.last!, 6)).")
        }
    }
}
