import NeuralNet
import Tensor
import LessonRecords

/// What a run of `synthetic-sgd` shows on its step: its loss curve, dead units, the error that
/// stopped it, the step where it exploded, and a one-line verdict.
extension SyntheticRun {
    /// Records the run's loss curve, dead units and any error that stopped it.
    func record(into s: inout StepRecord, name: String, title: String) {
        s.chart(ChartRecord(name: name, title: title, xLabel: "step", yLabel: "sum((Y - out)^2) / 2N", logScale: true,
                            series: [.init(name: "train_loss", x: checkpoints, y: trainLoss)]))
        let first = Array(batchLosses.prefix(10))
        s.tensor("batch loss, steps 1-\(first.count)", Tensor(first), role: .loss)
        s.scalar("steps run", Double(stepsRun))
        s.tables.append(deadTable)
        if let failure {
            s.errors.append(CaughtError(code: "trainer.step(inputs: x.rows(batch), targets: Y.rows(batch))", message: "\(failure)"))
            if case let .nonFinite(step, _, tensor, loss) = failure {
                s.scalar("non-finite at step", Double(step))
                s.note("Non-finite: at step \(step) \(tensor == "loss" ? "the loss" : tensor) stopped being a number (batch loss \(fmt(loss))). The trainer checks every step and stops there rather than training on NaN.")
            }
        }
    }

    /// The hidden units that are 0 on every training point at the end, per layer.
    var deadTable: TableRecord {
        TableRecord(name: "dead-units", title: "Hidden units that are 0 on every training point at the end",
                    header: ["layer", "units", "dead"],
                    rows: deadUnits.map { [$0.0, "\($0.1)", "\($0.2)"] })
    }

    /// The step where the batch loss passed 1e6: the largest |value| of each tensor it made.
    func recordExplosion(into s: inout StepRecord, at step: Int) {
        s.scalar("batch loss > 1e6 at step", Double(step))
        s.scalar("largest batch loss", batchLosses.max() ?? .nan)
        s.tables.append(TableRecord(
            name: "exploding", title: "Step \(step): the largest |value| of each tensor it made",
            header: ["tensor", "largest |value|"], rows: explodedMagnitudes.map { [$0.0, fmt($0.1, 4)] }))
        let grads = explodedMagnitudes.filter { $0.0.hasSuffix(".grad") }
        if let worst = grads.max(by: { $0.1 < $1.1 }) {
            s.note("Exploding loss: at step \(step) the batch loss passed 1e6 (\(fmt(batchLosses[step - 1], 4))). The largest gradient that step is \(worst.0), up to \(fmt(worst.1, 4)) in size; at LR 0.1 that moves a weight by \(fmt(0.1 * worst.1, 4)).")
        }
    }

    /// How the run ended, in words: stopped, dead, collapsed to the mean (`meanLoss`), fits, or partly.
    func outcome(meanLoss: Double) -> String {
        if let failure, case let .nonFinite(step, _, tensor, _) = failure { return "non-finite at step \(step) (\(tensor))" }
        if let dead = outputDeadAt { return "output dead from step \(dead): predicts 0" }
        let final = trainLoss.last!
        if Swift.abs(final - meanLoss) < 0.1 * meanLoss { return "collapsed to the mean" }
        if final < 0.01 * meanLoss { return "fits" }
        return "partial fit"
    }
}
