import Foundation
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// One step of gradient descent in full, then thirty of them.
    static let sgdStep = Lesson(
        id: "sgd-step", number: 5, title: "One step of gradient descent",
        summary: "w -= lr * w.grad for every parameter: one step in full, then 30 epochs.",
        track: .core,
        steps: [
            Step("before", "Parameters and loss before", phase: .forward),
            Step("gradient", "The gradients", phase: .backward,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.backward")]),
            Step("slope", "The gradient is a slope", phase: .backward),
            Step("update", "The update, -lr * grad", phase: .update,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.step")]),
            Step("after", "The loss after one step", phase: .forward),
            Step("train", "Thirty epochs, against two baselines", phase: .update,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.train"),
                        .source("Lessons/Core/Baselines", "ExamBaselines")]),
            Step("watch", "Watch it learn, epoch by epoch", phase: .update),
            Step("learning-rates", "Other learning rates", phase: .update,
                 code: [.source("NeuralNet/Training", "Trainer.step")]),
            Step("dead-units", "Hidden units that never switch on", phase: .check),
            Step("seeds", "One seed among many", phase: .check,
                 code: [.source("Lessons/Core/Baselines", "SeedSpread")]),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let (x, y) = (data.x, data.y)
        let lr = 0.01
        let before = ExamNetwork(seed: r.seed)
        let f = try before.forward(x, y)
        let g = try before.backward(x, y, f)
        var after = before
        try after.step(g, learningRate: lr)
        let f2 = try after.forward(x, y)
        try r.step("before") { s in
            for (name, t) in before.named { s.tensor(name, t, role: .parameter) }
            s.scalar("loss before", f.loss)
            s.networks.append(before.state(name: "before", x: x, forward: f, activeLayer: 2))
        }
        try r.step("gradient") { s in
            s.tensor("w1.grad", g.w1, role: .gradient)
            s.tensor("b1.grad", g.b1, role: .gradient)
            s.tensor("w2.grad", g.w2, role: .gradient)
            s.tensor("b2.grad", g.b2, role: .gradient)
            s.networks.append(before.state(name: "gradients", x: x, forward: f, gradients: g, activeLayer: 1))
        }
        try r.step("slope") { s in
            try SlopeCharts(net: before, x: x, y: y, gradients: g, learningRate: lr).record(into: &s)
        }
        try r.step("update") { s in
            s.scalar("lr", lr)
            for ((name, grad), (_, new)) in zip([("w1", g.w1), ("b1", g.b1), ("w2", g.w2), ("b2", g.b2)], after.named) {
                s.tensor("-lr*\(name).grad", grad * -lr, role: .update)
                s.tensor("\(name) after", new, role: .parameter)
            }
            s.shapes("w1 (3x5) - 0.01 * w1.grad (3x5) -> w1 (3x5); likewise b1 (5), w2 (5x1), b2 (1)")
            s.networks.append(before.state(name: "update", x: x, forward: f, gradients: g, after: after, activeLayer: 1))
        }
        try r.step("after") { s in
            s.scalar("loss before", f.loss)
            s.scalar("loss after", f2.loss)
            s.note("On the same 25 students the loss went from \(fmt(f.loss)) to \(fmt(f2.loss)) (\(f2.loss < f.loss ? "down" : "up") \(fmt(Swift.abs(f.loss - f2.loss)))).")
        }
        let epochs = 30
        var trained = before
        let losses = try trained.train(x, y, epochs: epochs, learningRate: lr) { epoch, loss in
            r.progress(ProgressEvent(lesson: "sgd-step", phase: "train", epoch: epoch, epochs: epochs, loss: loss))
        }
        let baselines = ExamBaselines(x: x, y: y)
        try r.step("train") { s in
            let xs = (1...epochs).map(Double.init)
            s.chart(ChartRecord(name: "loss", title: "Loss per epoch (full batch, lr 0.01), and two baselines", xLabel: "epoch",
                                yLabel: "loss (MSE)", logScale: true,
                                series: [.init(name: "loss", x: xs, y: losses)] + baselines.series(epochs: epochs)))
            for (name, t) in trained.named { s.tensor("\(name) (epoch 30)", t, role: .parameter) }
            s.scalar("first loss", losses.first!)
            s.scalar("final loss", losses.last!)
            s.scalar("predict the mean", baselines.meanPredictor)
            s.scalar("least squares", baselines.leastSquares)
            s.scalar("final loss / predict the mean", losses.last! / baselines.meanPredictor)
            let final = losses.last!
            s.note(final > baselines.meanPredictor
                   ? "After 30 epochs this run is worse than predicting the mean for every student (\(fmt(final, 4)) against \(fmt(baselines.meanPredictor, 4)))."
                   : final > 2 * baselines.leastSquares
                   ? "After 30 epochs this run beats predicting the mean (\(fmt(final, 4)) against \(fmt(baselines.meanPredictor, 4))) but not the straight line (\(fmt(baselines.leastSquares, 4)))."
                   : "After 30 epochs this run is within a factor 2 of the least-squares line (\(fmt(final, 4)) against \(fmt(baselines.leastSquares, 4))).")
        }
        try r.step("watch") { s in
            s.scrubber = try TrainingFrames.record(start: before, x: x, y: y, epochs: epochs, learningRate: lr)
        }
        try r.step("learning-rates") { s in
            try LearningRateSweep.record(into: &s, start: before, x: x, y: y, epochs: epochs)
        }
        try SGDStepChecks(x: x, y: y, start: before, trained: trained, epochs: epochs, learningRate: lr,
                          finalLoss: losses.last!, baseline: baselines.meanPredictor, profile: r.profile).record(r)
        r.headline("loss at epoch \(epochs) of full-batch descent (before that epoch's update)", losses.last!,
                   against: .init(label: "predicting the mean", value: baselines.meanPredictor))
    }
}

/// The two checks after training: which hidden units were dead from the start, and where this
/// seed's result sits among many seeds'.
private struct SGDStepChecks {
    let x: Tensor, y: Tensor
    let start: ExamNetwork, trained: ExamNetwork
    let epochs: Int, learningRate: Double
    /// The 30-epoch run's last loss (the loss of epoch 30, measured before its update).
    let finalLoss: Double
    let baseline: Double
    let profile: Profile

    /// The tutorial's printed loss after 30 epochs, with its own random draws.
    static let tutorialFinalLoss = 0.0040

    func record(_ r: Recorder) throws {
        let before = try start.forward(x, y), after = try trained.forward(x, y)
        let units = before.l1.shape[1], students = before.l1.shape[0]
        func maxOver(_ t: Tensor, _ j: Int) -> Double { (0..<students).map { t[$0, j] }.max()! }
        let dead = before.deadUnits
        try r.step("dead-units") { s in
            var rows = [[String]]()
            for j in 0..<units {
                let moved = (0..<3).map { abs(trained.w1[$0, j] - start.w1[$0, j]) }.max()!
                    + abs(trained.b1[j] - start.b1[j])
                rows.append(["\(j)", fmt(maxOver(before.l1, j)), fmt(maxOver(after.l1, j)), fmt(moved),
                             dead.contains(j) ? "dead" : "live"])
            }
            s.tables.append(TableRecord(
                name: "units", title: "Each hidden unit: its largest pre-activation over the 25 students, before and after 30 epochs",
                header: ["unit", "max over students of l1 (start)", "max of l1 (epoch 30)", "largest change of its w1 column or b1", "state"],
                rows: rows))
            s.scalar("dead units at the start", Double(dead.count))
            s.scalar("dead units after 30 epochs", Double(after.deadUnits.count))
            s.scalar("live units", Double(units - dead.count))
        }
        let seeds = profile == .full ? 200 : 20
        let tutorial = try SeedSpread(seeds: seeds, scaling: .tutorial, x: x, y: y, epochs: epochs, learningRate: learningRate)
        let kaiming = try SeedSpread(seeds: seeds, scaling: .kaiming, x: x, y: y, epochs: epochs, learningRate: learningRate)
        let ours = finalLoss
        try r.step("seeds") { s in
            let (low, high, bins) = (-4.0, 1.0, 25)
            let a = tutorial.histogram(low: low, high: high, bins: bins), b = kaiming.histogram(low: low, high: high, bins: bins)
            let top = Swift.max(a.y.max()!, b.y.max()!)
            func mark(_ value: Double) -> [Double] { let v = Foundation.log10(value); return [v, v] }
            s.chart(ChartRecord(
                name: "seeds", title: "Loss after 30 epochs over \(seeds) seeds: how many seeds end in each band",
                xLabel: "log10 of the loss after 30 epochs", yLabel: "seeds",
                series: [.init(name: "divided (tutorial)", x: a.x, y: a.y),
                         .init(name: "Kaiming", x: b.x, y: b.y),
                         .init(name: "this seed", x: mark(ours), y: [0, top]),
                         .init(name: "tutorial's 0.004", x: mark(Self.tutorialFinalLoss), y: [0, top]),
                         .init(name: "predict the mean", x: mark(baseline), y: [0, top])]))
            s.scalar("seeds", Double(seeds))
            s.scalar("median (divided)", tutorial.median)
            s.scalar("median (Kaiming)", kaiming.median)
            s.scalar("share at or below 0.004 (divided)", tutorial.share(atMost: Self.tutorialFinalLoss))
            s.scalar("share worse than the mean (divided)", 1 - tutorial.share(atMost: baseline))
            s.scalar("share worse than the mean (Kaiming)", 1 - kaiming.share(atMost: baseline))
            s.scalar("share at or below this seed (divided)", tutorial.share(atMost: ours))
            s.scalar("this seed's loss", ours)
            let lucky = tutorial.share(atMost: Self.tutorialFinalLoss), rank = tutorial.share(atMost: ours)
            s.note(lucky <= 0.25
                   ? "The tutorial's 0.004 is a lucky start: only \(fmt(100 * lucky, 3)) % of these \(seeds) seeds reach it with its recipe."
                   : "The tutorial's 0.004 is not unusual: \(fmt(100 * lucky, 3)) % of these \(seeds) seeds reach it with its recipe.")
            s.note(rank < 0.25 ? "This page's seed is a lucky one: it ends better than at least three quarters of the seeds."
                   : rank > 0.75 ? "This page's seed is an unlucky one: at least three quarters of the seeds end better."
                   : "This page's seed is typical: it ends in the middle half of the spread.")
            s.note(kaiming.median < tutorial.median
                   ? "Kaiming's multiplied initialisation gives a lower median (\(fmt(kaiming.median, 4)) against \(fmt(tutorial.median, 4)))."
                   : "Kaiming's multiplied initialisation does not give a lower median here (\(fmt(kaiming.median, 4)) against \(fmt(tutorial.median, 4))).")
        }
    }
}
