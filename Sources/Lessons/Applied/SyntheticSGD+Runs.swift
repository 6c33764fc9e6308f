import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// The training runs of `synthetic-sgd`: the tutorial's settings, without the output ReLU,
/// standardised, and what each network learned. All start from the walk's initial weights and
/// draw the same batches; the failing settings are repeated from other seeds.
extension SyntheticSGDLesson {
    /// A network the lesson trained, and what its run measured.
    typealias Trained = (net: Sequential, run: SyntheticRun)

    func recordAsWritten(initial: [Tensor]) throws -> Trained {
        let written = freshNet(lastReLU: true)
        precondition(zip(written.parameters, initial).allSatisfy { $0.0.value == $0.1 }, "the runs start from the walk's weights")
        let writtenRun = try runSynthetic(
            net: written, x: x, y: y, yTrue: y, learningRate: lr, steps: writtenSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: true
        ) { step, l in r.progress(ProgressEvent(lesson: Self.id, phase: "tutorial's settings", epoch: step, epochs: writtenSteps, loss: l)) }
        let seedRuns = try otherSeeds(lastReLU: true, phase: "tutorial's settings")
        let writtenSeedRows = seedRuns.map { (offset: UInt64, run: SyntheticRun) -> [String] in
            let dead: String = run.outputDeadAt.map { $0 == 0 ? "before step 1" : "after step \($0)" } ?? "no"
            let exploded: String = run.explodedAt.map(String.init) ?? "-"
            let stopped: String = run.failure.map { "\($0)" } ?? "-"
            return ["seed + \(offset)", dead, exploded, stopped, fmt(run.trainLoss.last!, 5)]
        }
        let writtenSeedDead = seedRuns.map(\.run.outputDeadAt)

        try r.step("as-written") { s in
            s.tables.append(TableRecord(
                name: "seeds", title: "The tutorial's settings from other initial weights and batches",
                header: ["seed", "output dead", "loss > 1e6 at step", "stopped", "final full-data loss"], rows: writtenSeedRows))
            let deadSeeds = writtenSeedDead.compactMap { $0 }
            s.note("From \(seedCount) other seeds the output is dead in \(deadSeeds.count): \(deadSeeds.filter { $0 == 0 }.count) before training starts, \(deadSeeds.filter { $0 > 0 }.count) within \(deadSeeds.filter { $0 > 0 }.max().map(String.init) ?? "0") steps.")
            writtenRun.record(into: &s, name: "as-written", title: "Tutorial's settings: ReLU output, LR 0.1 (full-data loss)")
            if let dead = writtenRun.outputDeadAt {
                s.scalar("output dead from step", Double(dead))
                s.note("Dead output unit: \(dead == 0 ? "before the first step" : "after step \(dead)") the network outputs 0 for all \(count) points. z4 <= 0 everywhere, so the output ReLU passes no gradient, nothing upstream changes either, and it stays dead. The full-data loss is then sum(Y^2) / 2N = \(fmt(zeroLoss, 5)).")
            }
            if let at = writtenRun.explodedAt { writtenRun.recordExplosion(into: &s, at: at) }
            s.scalar("final full-data loss", writtenRun.trainLoss.last!)
        }
        return (written, writtenRun)
    }

    /// The same setting from `seedCount` other initial weights and batches (seed offsets 10, 11, ...).
    func otherSeeds(lastReLU: Bool, phase: String) throws -> [(offset: UInt64, run: SyntheticRun)] {
        try (0..<seedCount).map { k in
            let offset = UInt64(10 + k)
            let run = try runSynthetic(
                net: freshNet(lastReLU: lastReLU, seedOffset: offset), x: x, y: y, yTrue: y, learningRate: lr,
                steps: writtenSteps, batchSize: batchSize,
                batchGenerator: Xoshiro256StarStar(seed: r.seed &+ offset &+ 100),
                checkpointEvery: writtenSteps, watchDeadOutput: lastReLU
            ) { step, l in r.progress(ProgressEvent(lesson: Self.id, phase: "\(phase), seed \(k + 1)", epoch: step, epochs: writtenSteps, loss: l)) }
            return (offset, run)
        }
    }

    /// Same weights, same batches, no ReLU on the output; then a few other seeds.
    func recordLinearOutput() throws -> Trained {
        let linearNet = freshNet(lastReLU: false)
        let linearRun = try runSynthetic(
            net: linearNet, x: x, y: y, yTrue: y, learningRate: lr, steps: writtenSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: false
        ) { step, l in r.progress(ProgressEvent(lesson: Self.id, phase: "linear output", epoch: step, epochs: writtenSteps, loss: l)) }
        let seedRuns = try otherSeeds(lastReLU: false, phase: "linear output")
        let seedRows = seedRuns.map { (offset: UInt64, run: SyntheticRun) -> [String] in
            let exploded: String = run.explodedAt.map(String.init) ?? "-"
            let stopped: String = run.failure.map { "\($0)" } ?? "-"
            let dead = run.deadUnits.last!
            return ["seed + \(offset)", fmt(run.batchLosses.max() ?? .nan, 4), exploded, stopped,
                    fmt(run.trainLoss.last!, 5), fmt(run.predictionStd, 3), "\(dead.2) of \(dead.1)"]
        }
        let seedLosses = seedRuns.map { $0.run.trainLoss.last! }

        try r.step("linear-output") { s in
            linearRun.record(into: &s, name: "linear-output", title: "Linear output, LR 0.1 (full-data loss)")
            s.scalar("final full-data loss", linearRun.trainLoss.last!)
            s.scalar("prediction mean", linearRun.predictionMean)
            s.scalar("prediction spread (std)", linearRun.predictionStd)
            s.scalar("half the target variance", meanLoss)
            if let at = linearRun.explodedAt { linearRun.recordExplosion(into: &s, at: at) }
            let lastHidden = linearRun.deadUnits.last!
            if lastHidden.2 == lastHidden.1 {
                let b4 = linearLayers(linearNet).last!.bias!.value[0]
                s.note("Collapsed to the mean: all \(lastHidden.1) units of \(lastHidden.0) are 0 on every point, so the output is its bias b4 = \(fmt(b4, 5)) whatever the input (target mean \(fmt(targetStats.mean, 5))). The loss sits at half the variance, \(fmt(linearRun.trainLoss.last!, 5)) against \(fmt(meanLoss, 5)).")
            } else if linearRun.predictionStd < 0.05 * targetStats.std {
                s.note("Nearly constant: the predictions spread by \(fmt(linearRun.predictionStd, 3)) against the targets' \(fmt(targetStats.std, 3)).")
            }
            s.tables.append(TableRecord(
                name: "seeds", title: "The same run from other initial weights and batches",
                header: ["seed", "largest batch loss", "loss > 1e6 at step", "stopped", "final full-data loss", "prediction std", "dead units in a3"],
                rows: seedRows))
            let collapsed = seedLosses.filter { Swift.abs($0 - meanLoss) < 0.1 * meanLoss }.count
            s.note("Over \(seedCount) other seeds, \(collapsed) end within 10% of half the variance (predicting the mean).")
        }
        return (linearNet, linearRun)
    }
}
