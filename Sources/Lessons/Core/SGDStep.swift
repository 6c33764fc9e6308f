import NeuralNet
import Tensor

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
            Step("update", "The update, -lr * grad", phase: .update,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.step")]),
            Step("after", "The loss after one step", phase: .forward),
            Step("train", "Thirty epochs", phase: .update,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.train")]),
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
        try r.step("train") { s in
            s.chart(ChartRecord(name: "loss", title: "Loss per epoch (full batch, lr 0.01)", xLabel: "epoch",
                                yLabel: "loss (MSE)", logScale: true,
                                series: [.init(name: "loss", x: (1...epochs).map(Double.init), y: losses)]))
            for (name, t) in trained.named { s.tensor("\(name) (epoch 30)", t, role: .parameter) }
            s.scalar("first loss", losses.first!)
            s.scalar("final loss", losses.last!)
            s.note("Thirty full-batch steps take the loss from \(fmt(losses.first!)) to \(fmt(losses.last!)); tutorial 000 reports 36.05 to 0.0040 with its own random draws.")
        }
        r.headline("final loss", losses.last!)
    }
}
