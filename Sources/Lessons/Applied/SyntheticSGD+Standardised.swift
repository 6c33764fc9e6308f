import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// The setting of `synthetic-sgd` that fits (standardised inputs and targets, a smaller step, a
/// linear output), its run frame by frame, and the three networks' predictions side by side.
extension SyntheticSGDLesson {
    /// The standardised network, its run, the standardisations of its inputs and targets, and
    /// the frames taken while it trained.
    typealias Standardised = (net: Sequential, run: SyntheticRun, sx: Standardizer, sy: Standardizer, frames: SyntheticFrames)

    func recordStandardised(written: SyntheticRun) throws -> Standardised {
        let sx = try Standardizer(x), sy = try Standardizer(y)
        let xs = try sx.apply(x), ys = try sy.apply(y)
        let fixedNet = freshNet(lastReLU: false)
        var frames = try SyntheticFrames(sx: sx, sy: sy)
        let fixedRun = try runSynthetic(
            net: fixedNet, x: xs, y: ys, yTrue: y, validation: (try sx.apply(heldOut.inputs), heldOut.targets),
            toTargetUnits: { try sy.invert($0) },
            learningRate: fixedLR, steps: fixedSteps, batchSize: batchSize,
            batchGenerator: batchSeed, checkpointEvery: checkpointEvery, watchDeadOutput: false,
            frameSteps: Self.frameSteps(upTo: fixedSteps), onFrame: { step, run in try frames.record(fixedNet, step: step, run: run) }
        ) { step, l in r.progress(ProgressEvent(lesson: Self.id, phase: "standardised", epoch: step, epochs: fixedSteps, loss: l)) }
        if let failure = fixedRun.failure {
            throw LessonError.nonFinite(lesson: Self.id, step: "standardised", detail: "\(failure)")
        }

        try r.step("standardised") { s in
            s.tensor("x mean", sx.mean, role: .other)
            s.tensor("x std", sx.std, role: .other)
            s.tensor("Y mean", sy.mean, role: .other)
            s.tensor("Y std", sy.std, role: .other)
            s.scalar("lr", fixedLR)
            s.scalar("steps", Double(fixedSteps))
            s.scalar("final full-data loss", fixedRun.trainLoss.last!)
            s.scalar("held-out loss", fixedRun.valLoss.last!)
            s.scalar("held-out RMSE", (2 * fixedRun.valLoss.last!).squareRoot())
            s.scalar("noise floor (0.1^2 / 2)", 0.005)
            s.shapes("xs = (x - x mean) / x std -> (\(count)x2); Ys = (Y - Y mean) / Y std -> (\(count)x1)")
            s.shapes("out = net(xs) * Y std + Y mean -> (\(count)x1), back in the targets' units")
            s.chart(ChartRecord(
                name: "standardised", title: "Standardised, LR \(fmt(fixedLR)), linear output (loss in the targets' units)",
                xLabel: "step", yLabel: "sum((Y - out)^2) / 2N", logScale: true,
                series: [.init(name: "train_loss", x: fixedRun.checkpoints, y: fixedRun.trainLoss),
                         .init(name: "val_loss", x: fixedRun.checkpoints, y: fixedRun.valLoss)]))
            s.tables.append(fixedRun.deadTable)
            if let a3 = fixedRun.deadUnits.last, a3.2 > 0 {
                s.note("\(a3.2) of the \(a3.1) units of a3 are 0 on every training point: they died along the way or never lived, and pass nothing. The survivors are enough here because f increases in both x and y, but a narrow ReLU layer is fragile; with all \(a3.1) dead the output would be its bias, as in the linear-output run.")
            }
            for p in fixedNet.parameters { s.tensor("\(p.name) (trained)", p.value, role: .parameter) }
            s.note("Standardised, the targets have mean 0 and spread 1, so the first errors are of size 1 instead of 94, and the same initial weights and batches train smoothly. After \(fixedSteps) steps the loss on the \(count) training points is \(fmt(fixedRun.trainLoss.last!, 4)) and on \(heldOutCount) fresh points \(fmt(fixedRun.valLoss.last!, 4)) (an RMSE of \(fmt((2 * fixedRun.valLoss.last!).squareRoot(), 3)) on targets of about \(fmt(targetStats.mean, 3))), against \(fmt(written.trainLoss.last!, 5)) with the tutorial's settings. The noise alone costs 0.005.")
        }
        return (fixedNet, fixedRun, sx, sy, frames)
    }

    /// The steps a frame is taken after: 10, 20, 50, 100, 200, 500, ... up to `steps`, and
    /// `steps` itself. Evenly spaced on a log scale, because the fit changes most at the start.
    static func frameSteps(upTo steps: Int) -> Set<Int> {
        var result: Set<Int> = [steps]
        var decade = 10
        while decade <= steps {
            for factor in [1, 2, 5] where factor * decade <= steps { result.insert(factor * decade) }
            decade *= 10
        }
        return result
    }

    /// The standardised run as it went, frames spaced evenly on a log scale of steps.
    func recordWatch(_ fixed: Standardised) throws {
        let scrubber = fixed.frames.scrubber(steps: fixedSteps)
        let errors = scrubber.frames.map { frame in zip(frame.predictions, scrubber.targets).map { Swift.abs($0 - $1) }.max()! }
        try r.step("watch") { s in
            s.scrubber = scrubber
            s.scalar("frames", Double(scrubber.frames.count))
            s.scalar("first frame after step 0", scrubber.frames[1].value)
            s.scalar("second frame after step 0", scrubber.frames[2].value)
            s.scalar("epochs", Double(fixedSteps * batchSize) / Double(count))
            s.scalar("largest error along the line, step 0", errors[0])
            s.scalar("largest error along the line, first frame after step 0", errors[1])
            s.scalar("largest error along the line, last frame", errors.last!)
            s.scalar("training loss, first frame after step 0", scrubber.frames[1].loss)
            s.scalar("training loss, last frame", scrubber.frames.last!.loss)
            s.shapes("each frame: net(xs of 21 points (x, 0.5)) * Y std + Y mean -> (21x1), against f(x, 0.5)")
        }
    }

    /// f(x, 0.5) along x, against each network's prediction, and the three settings in a table.
    func recordFit(written: Trained, linear: Trained, fixed: Standardised) throws {
        try r.step("fit") { s in
            let grid = Tensor.linspace(0, 1, count: 41)
            let gridInputs = try Tensor(shape: [41, 2], scalars: grid.scalars.flatMap { [$0, 0.5] })
            let truth = grid.scalars.map { SyntheticRegression.f($0, 0.5) }
            let fixedPred = try fixed.sy.invert(try fixed.net.forward(try fixed.sx.apply(gridInputs)))
            let writtenPred = try written.net.forward(gridInputs)
            let linearPred = try linear.net.forward(gridInputs)
            s.chart(ChartRecord(
                name: "fit", title: "f(x, 0.5) and the networks' predictions", xLabel: "x", yLabel: "value",
                series: [.init(name: "f(x, 0.5)", x: grid.scalars, y: truth),
                         .init(name: "standardised", x: grid.scalars, y: fixedPred.scalars),
                         .init(name: "linear output", x: grid.scalars, y: linearPred.scalars),
                         .init(name: "tutorial's settings", x: grid.scalars, y: writtenPred.scalars)]))
            s.tensor("f(x, 0.5)", Tensor(truth), role: .target)
            s.tensor("prediction (standardised)", fixedPred, role: .output)
            s.scalar("largest error along the line (standardised)", maxAbs(try fixedPred.squeezed(axis: 1) - Tensor(truth)))
            let rows = [("tutorial's settings (ReLU output)", lr, written.run), ("linear output", lr, linear.run),
                        ("standardised, linear output", fixedLR, fixed.run)]
            s.tables.append(TableRecord(
                name: "summary", title: "Three settings, same initial weights and batches",
                header: ["setting", "lr", "steps", "final full-data loss", "outcome"],
                rows: rows.map { name, rate, run in
                    [name, fmt(rate), "\(run.stepsRun)", fmt(run.trainLoss.last!, 5), run.outcome(meanLoss: meanLoss)]
                }))
        }
    }
}
