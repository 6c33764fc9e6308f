import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// The same network as objects that remember their inputs, with identical numbers; then the
    /// tutorial's closing mistake, caught.
    static let refactor = Lesson(
        id: "refactor", number: 6, title: "Refactoring into classes",
        summary: "Linear, ReLU and MSELoss as modules with forward and backward: the same numbers to the last bit.",
        track: .core,
        steps: [
            Step("modules", "Layers that remember", phase: .forward,
                 code: [.source("NeuralNet/Module", "Module"), .source("NeuralNet/Linear", "Linear"),
                        .source("NeuralNet/Activations", "ReLU"), .source("NeuralNet/Sequential", "Sequential")]),
            Step("same-gradients", "The same gradients, bit for bit", phase: .backward,
                 code: [.source("NeuralNet/Losses", "MSELoss"), .source("NeuralNet/Module", "Parameter.accumulate")]),
            Step("same-training", "The same thirty epochs", phase: .update,
                 code: [.source("NeuralNet/Training", "Trainer.step"), .source("NeuralNet/SGD", "SGD.step")]),
            Step("shape-mistake", "The wrong input, caught", phase: .check),
        ]
    ) { r in
        let data = try ExamData(r.configuration)
        let (x, y) = (data.x, data.y)
        let net = ExamNetwork(seed: r.seed)
        func makeModel() -> Sequential {
            Sequential(Linear(weight: net.w1, bias: net.b1, suffix: "1"), ReLU(),
                       Linear(weight: net.w2, bias: net.b2, suffix: "2"))
        }
        let model = makeModel()
        let loss = MSELoss(.mean)
        let prediction = try model(x)
        let value = try loss(prediction, y)
        let f = try net.forward(x, y)
        try r.step("modules") { s in
            s.tensor("l3 (modules)", prediction, role: .output)
            s.tensor("loss (modules)", Tensor(value), role: .loss)
            s.tensor("loss (functions)", Tensor(f.loss), role: .loss)
            s.shapes("Sequential(Linear(3, 5), ReLU(), Linear(5, 1)): x (25x3) -> (25x5) -> (25x5) -> l3 (25x1)")
            s.note(value == f.loss ? "The module version's loss equals the function version's exactly: \(fmt(value))."
                                   : "The losses differ: \(value) against \(f.loss).")
        }
        _ = try model.backward(try loss.backward())
        let g = try net.backward(x, y, f)
        let manual = [("w1", g.w1), ("b1", g.b1), ("w2", g.w2), ("b2", g.b2)]
        try r.step("same-gradients") { s in
            var rows = [[String]]()
            for (parameter, (name, reference)) in zip(model.parameters, manual) {
                let grad = parameter.grad ?? Tensor.zeros(shape: parameter.value.shape)
                s.tensor("\(parameter.name).grad (modules)", grad, role: .gradient)
                let identical = grad == reference
                let diff = try (grad - reference).abs().max()
                rows.append([name, formatShape(grad.shape), identical ? "yes" : "no", fmt(diff)])
            }
            s.tables.append(TableRecord(name: "identical", title: "Module gradients against the functions' gradients",
                                        header: ["parameter", "shape", "bit-identical", "max |difference|"], rows: rows))
        }
        let epochs = 30, lr = 0.01
        var functions = net
        let functionLosses = try functions.train(x, y, epochs: epochs, learningRate: lr)
        let trainer = Trainer(model: makeModel(), loss: MSELoss(.mean), learningRate: lr)
        var generator = Xoshiro256StarStar(seed: r.seed)
        let moduleLosses = try trainer.train(inputs: x, targets: y, epochs: epochs, using: &generator) { summary in
            r.progress(ProgressEvent(lesson: "refactor", phase: "train", epoch: summary.epoch, epochs: epochs, loss: summary.loss))
        }.map(\.loss)
        try r.step("same-training") { s in
            let xs = (1...epochs).map(Double.init)
            s.chart(ChartRecord(name: "loss", title: "Loss per epoch: functions and modules", xLabel: "epoch",
                                yLabel: "loss (MSE)", logScale: true,
                                series: [.init(name: "functions", x: xs, y: functionLosses),
                                         .init(name: "modules", x: xs, y: moduleLosses)]
                                    + ExamBaselines(x: x, y: y).series(epochs: epochs)))
            let same = functionLosses == moduleLosses
            s.scalar("epochs with identical loss", Double(zip(functionLosses, moduleLosses).filter { $0 == $1 }.count))
            s.note(same ? "All \(epochs) losses are identical to the last bit: the refactor changed the code, not the numbers."
                        : "The two runs differ.")
        }
        // Tutorial 000 ends by calling the model on its 1x3 toy input instead of the 25x3 data.
        var g2 = Xoshiro256StarStar(seed: r.seed &+ 1)
        let toy = Tensor.randn(1, 3, using: &g2)
        try r.step("shape-mistake") { s in
            s.tensor("toy x", toy, role: .input)
            s.tensor("y", y, role: .target)
            try s.caught("loss(model(toy), y)", lesson: "refactor") {
                let wrong = makeModel()
                _ = try MSELoss(.mean)(try wrong(toy), y)
            }
            s.shapes("toy (1x3) -> model -> (1x1), against y (25)")
            s.note("numpy would broadcast the single prediction against all 25 targets, report a loss, and only fail later in the backward matmul; our mse refuses the mismatch where it happens.")
        }
        r.headline("epochs (of \(epochs)) where the modules' loss equals the functions' bit for bit",
                   Double(zip(functionLosses, moduleLosses).filter { $0 == $1 }.count))
    }
}
