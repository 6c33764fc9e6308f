import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// The forward pass of the 3-5-1 network on all 25 students, and the first loss under both
    /// initialisations.
    static let forward = Lesson(
        id: "forward", number: 3, title: "The forward pass",
        summary: "lin, relu, lin, then the mean squared error: the network's first guess and how wrong it is.",
        track: .core,
        steps: [
            Step("init", "Drawing the weights", phase: .none,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.init(seed:scaling:)")]),
            Step("layer1", "First layer: l1 = lin(x, w1, b1)", phase: .forward,
                 code: [.source("NeuralNet/Functions", "lin")]),
            Step("relu", "Activation: l2 = relu(l1)", phase: .forward,
                 code: [.source("NeuralNet/Functions", "relu")]),
            Step("layer2", "Second layer: l3 = lin(l2, w2, b2)", phase: .forward,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.forward")]),
            Step("loss", "The loss", phase: .forward,
                 code: [.source("NeuralNet/Functions", "mse"), .source("NeuralNet/Functions", "squaredErrorDifference")]),
            Step("kaiming", "Divided or multiplied: two initialisations", phase: .none,
                 code: [.source("Lessons/Core/ExamNetwork", "ExamNetwork.Scaling")]),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let net = ExamNetwork(seed: r.seed)
        let f = try net.forward(data.x, data.y)
        try r.step("init") { s in
            for (name, t) in net.named { s.tensor(name, t, role: .parameter) }
            s.shapes("w1 = randn(3, 5) / sqrt(2/3), w2 = randn(5, 1) / sqrt(2/5), b1 = 0 (5), b2 = 0 (1)")
            s.scalar("sqrt(2/3)", (2.0 / 3).squareRoot())
        }
        try r.step("layer1") { s in
            s.tensor("x", data.x, role: .input)
            s.tensor("l1", f.l1, role: .activation)
            s.shapes("x (25x3) @ w1 (3x5) + b1 (5) -> l1 (25x5)")
            s.networks.append(net.state(name: "forward, layer 1", x: data.x, forward: f, activeLayer: 1))
        }
        try r.step("relu") { s in
            s.tensor("l2", f.l2, role: .activation)
            s.shapes("relu(l1 (25x5)) -> l2 (25x5)")
            let zeros = f.l2.scalars.filter { $0 == 0 }.count
            s.note("\(zeros) of the \(f.l2.count) hidden activations are zero.")
            s.networks.append(net.state(name: "forward, ReLU", x: data.x, forward: f, activeLayer: 1))
        }
        try r.step("layer2") { s in
            s.tensor("l3", f.l3, role: .output)
            s.shapes("l2 (25x5) @ w2 (5x1) + b2 (1) -> l3 (25x1)")
            s.networks.append(net.state(name: "forward, layer 2", x: data.x, forward: f, activeLayer: 2))
        }
        try r.step("loss") { s in
            s.tensor("y", data.y, role: .target)
            s.tensor("loss", Tensor(f.loss), role: .loss)
            s.shapes("mse(l3.squeeze() (25), y (25)) -> loss ()")
            s.note("Predictions average \(fmt(f.l3.mean())) against targets averaging \(fmt(data.y.mean())): the loss is \(fmt(f.loss)).")
        }
        let kaiming = ExamNetwork(seed: r.seed, scaling: .kaiming)
        let fk = try kaiming.forward(data.x, data.y)
        let epochs = 30, lr = 0.01
        var a = net, b = kaiming
        let lossesTutorial = try a.train(data.x, data.y, epochs: epochs, learningRate: lr)
        let lossesKaiming = try b.train(data.x, data.y, epochs: epochs, learningRate: lr)
        try r.step("kaiming") { s in
            s.tensor("w1 (kaiming)", kaiming.w1, role: .parameter)
            s.scalar("first loss (divided)", f.loss)
            s.scalar("first loss (Kaiming)", fk.loss)
            s.scalar("loss after 30 epochs (divided)", lossesTutorial.last! )
            s.scalar("loss after 30 epochs (Kaiming)", lossesKaiming.last!)
            s.scalar("std of w1 (divided)", TensorStats(net.w1.scalars).std)
            s.scalar("std of w1 (Kaiming)", TensorStats(kaiming.w1.scalars).std)
            let x = (1...epochs).map(Double.init)
            s.chart(ChartRecord(
                name: "init-comparison", title: "Loss per epoch, full batch, lr 0.01",
                xLabel: "epoch", yLabel: "loss (MSE)", logScale: true,
                series: [.init(name: "divided (tutorial)", x: x, y: lossesTutorial),
                         .init(name: "Kaiming", x: x, y: lossesKaiming)] + ExamBaselines(x: data.x, y: data.y).series(epochs: epochs)))
            s.note("Same random draws, scaled two ways: dividing by sqrt(2/3) makes w1 \(fmt(3.0 / 2, 3))x larger in variance than N(0,1); multiplying makes it smaller. First losses: \(fmt(f.loss)) against \(fmt(fk.loss)).")
        }
        r.headline("the untrained network's loss (mean squared error)", f.loss,
                   against: .init(label: "predicting the mean", value: ExamBaselines(x: data.x, y: data.y).meanPredictor))
    }
}
