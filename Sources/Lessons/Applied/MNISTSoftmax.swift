import Autograd
import Datasets
import Foundation
import NeuralNet
import Tensor

extension Catalog {
    /// Tutorial 002's classifier: Dense 784-100 ReLU 100-200 ReLU 200-10, softmax cross-entropy,
    /// 25 epochs of shuffled mini-batches of 32 on the first 50000 training images.
    static let mnistSoftmax = Lesson(
        id: "mnist-softmax", number: 10, title: "MNIST with softmax cross-entropy",
        summary: "A 784-100-200-10 ReLU network, checked layer by layer, trained for 25 epochs: 98 % on digits it never saw.",
        track: .applied,
        steps: [
            Step("data", "Train, validation and test images", phase: .data),
            Step("dense", "The Dense layer and its initialisation", phase: .forward),
            Step("checks", "Every layer's gradient, checked", phase: .check),
            Step("forward", "One batch through the untrained network", phase: .forward),
            Step("train", "Twenty-five epochs", phase: .update),
            Step("test", "The test images: accuracy and confusion", phase: .check),
            Step("mistakes", "Digits it gets wrong", phase: .check),
            Step("weights", "What the first layer learned", phase: .none),
        ],
        // 25 epochs of 1562 steps: most of a build's time
        runsLong: true
    ) { r in
        try MNISTSoftmaxLesson(r).run()
    }
}

/// Dense 784-100 ReLU 100-200 ReLU 200-10 as plain weight matrices, trained in place: each step
/// computes every gradient with the weights as they were, then moves each layer (the tutorial
/// updates inside `Dense.backward`, after computing the input gradient with the old weights,
/// which gives the same numbers).
struct MNISTDenseNet {
    var w: [Tensor] = []
    var b: [Tensor] = []

    /// Weights randn * sqrt(2 / (in + out)) drawn layer by layer from `generator`; zero biases.
    init(sizes: [Int], using generator: inout Xoshiro256StarStar) {
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            w.append(Initializer.xavierNormal.weights(fanIn: fanIn, fanOut: fanOut, using: &generator))
            b.append(Initializer.bias(fanOut))
        }
    }

    /// Pre-activations z[k] = a[k] @ w[k] + b[k] and activations a (a[0] = x, a[k+1] = relu(z[k])
    /// for all but the last layer, whose z is the logits).
    func forward(_ x: Tensor) throws -> (z: [Tensor], a: [Tensor]) {
        var z = [Tensor](), a = [x]
        for k in w.indices {
            z.append(try lin(a[k], w[k], b[k]))
            if k < w.count - 1 { a.append(relu(z[k])) }
        }
        return (z, a)
    }

    /// `forward(x).z.last!` with the same numbers, for measuring accuracy on thousands of images
    /// after each epoch: bias and ReLU are applied to each block of a product as it is made
    /// (`linReLU`), and only the current layer's buffers are kept.
    func logits(_ x: Tensor) throws -> Tensor {
        var input = x
        for k in w.indices.dropLast() {
            var z = Tensor.zeros(x.shape[0], w[k].shape[1]), a = z
            try linReLU(input, w[k], b[k], into: &z, activation: &a)
            input = a
        }
        var logits = Tensor.zeros(x.shape[0], w[w.count - 1].shape[1])
        try lin(input, w[w.count - 1], b[b.count - 1], into: &logits)
        return logits
    }

    /// One SGD step on a batch; returns the batch's loss before the step. A non-finite loss stops
    /// training with `TrainingError.nonFinite` before anything is updated.
    mutating func step(_ x: Tensor, _ labels: Tensor, loss: SoftmaxCrossEntropy, learningRate lr: Double,
                       step: Int, epoch: Int) throws -> Double {
        let (z, a) = try forward(x)
        let value = try loss.forward(z.last!, labels)
        guard value.isFinite else { throw TrainingError.nonFinite(step: step, epoch: epoch, tensor: "loss", loss: value) }
        var g = try loss.backward()
        for k in w.indices.reversed() {
            let wg = try Tensor.matmul(a[k], g, transposeA: true)
            let bg = try g.sum(axis: 0)
            // The input's gradient uses the weights before their update; the first layer's input
            // is the data, which needs none.
            if k > 0 { g = try reluGrad(z[k - 1], try Tensor.matmul(g, w[k], transposeB: true)) }
            try w[k].subtract(wg, scaledBy: lr)
            try b[k].subtract(bg, scaledBy: lr)
        }
        return value
    }

    /// `step` on the batch gathered in `workspace` (`workspace.gather(rows, inputs:, labels:)`),
    /// computed in the workspace's preallocated buffers: the same numbers, no allocation.
    mutating func step(_ workspace: DenseWorkspace, learningRate lr: Double, step: Int, epoch: Int) throws -> Double {
        let value = try workspace.step(workspace.input, weights: &w, biases: &b, objective: .softmaxCrossEntropy,
                                       learningRate: lr)
        guard value.isFinite else { throw TrainingError.nonFinite(step: step, epoch: epoch, tensor: "loss", loss: value) }
        return value
    }

    /// The first parameter that is not finite, named as the pages name it (`w1`, `b1`...).
    var firstNonFinite: String? {
        for k in w.indices {
            if !w[k].isFinite { return "w\(k + 1)" }
            if !b[k].isFinite { return "b\(k + 1)" }
        }
        return nil
    }
}

/// The run of `mnist-softmax`, step by step.
private struct MNISTSoftmaxLesson {
    let r: Recorder
    let trainCount: Int, validationCount: Int, testCount: Int, epochs: Int
    let batchSize = 32
    let learningRate = 0.1

    init(_ r: Recorder) {
        self.r = r
        switch r.profile {
        case .full: (trainCount, validationCount, testCount, epochs) = (50_000, 10_000, 10_000, 25)
        case .quick: (trainCount, validationCount, testCount, epochs) = (1000, 500, 500, 2)
        }
    }

    func run() throws {
        let split = try r.configuration.data.mnistTrainValidation()
        let train = split.train.subset(0..<trainCount)
        let validation = split.heldOut.subset(0..<validationCount)
        let testSet = try r.configuration.data.mnist(.test)
        let test = testSet.subset(0..<testCount)
        let xTrain = train.inputs(), xVal = validation.inputs(), xTest = test.inputs()
        let yTrain = MNISTMath.labelTensor(train.labels)

        try r.step("data") { s in
            s.scalar("train images", Double(train.count))
            s.scalar("validation images", Double(validation.count))
            s.scalar("test images", Double(test.count))
            s.shapes("train: the first \(train.count) training images -> x (\(train.count)x784), labels (\(train.count))")
            s.shapes("validation: training images 50000 onwards -> (\(validation.count)x784); test: the test file -> (\(test.count)x784)")
            s.images.append(ImageGrid(name: "train-digits", title: "The first 12 training images", columns: 6,
                                      images: (0..<12).map { MNISTPictures.digit(train, $0) }))
            let counts = (0..<10).map { d in Double(train.labels.filter { $0 == d }.count) }
            s.tensor("training images per digit", Tensor(counts), role: .other, columnLabels: MNISTMath.digitLabels)
            if r.profile == .quick {
                s.note("Quick profile: the first \(train.count) training, \(validation.count) validation and \(test.count) test images only, \(epochs) epochs.")
            }
        }

        try r.step("dense") { s in
            // The tutorial's fixed-value test of Dense(3, 4).
            let x = try Tensor.linspace(-1, 1, count: 6).reshaped(2, 3)
            let w = try Tensor.linspace(-1, 1, count: 12).reshaped(3, 4)
            let b = Tensor.linspace(-1, 1, count: 4)
            let out = try lin(x, w, b)
            let published = try Tensor([[0.07272727, 0.41212121, 0.75151515, 1.09090909],
                                        [-0.90909091, 0.08484848, 1.07878788, 2.07272727]])
            s.tensor("x", x, role: .input)
            s.tensor("W", w, role: .parameter)
            s.tensor("b", b, role: .parameter)
            s.tensor("x @ W + b", out, role: .output)
            s.tensor("tutorial's values", published, role: .other)
            let difference = try (out - published).abs().max()
            s.scalar("max |ours - tutorial's|", difference)
            s.shapes("x (2x3) @ W (3x4) + b (4) -> (2x4)")
            s.note(difference < 5e-9 ? "Our Dense(3, 4) gives the tutorial's eight printed decimals exactly (largest difference \(fmt(difference, 2)), the rounding of the printout)."
                                     : "Our Dense(3, 4) differs from the tutorial's values by \(fmt(difference)).")
            // Its initialisation check on Dense(128, 150).
            var g = Xoshiro256StarStar(seed: r.seed &+ 3)
            let w128 = Initializer.xavierNormal.weights(fanIn: 128, fanOut: 150, using: &g)
            let std = TensorStats(w128.scalars).std
            s.scalar("Dense(128, 150) weight mean", w128.mean())
            s.scalar("Dense(128, 150) weight std", std)
            s.scalar("sqrt(2 / (128 + 150))", (2.0 / 278).squareRoot())
            s.note("randn * sqrt(2 / (in + out)) for Dense(128, 150): mean \(fmt(w128.mean(), 3)), standard deviation \(fmt(std, 4)) against sqrt(2/278) = \(fmt((2.0 / 278).squareRoot(), 4)); the tutorial asks for a mean within 0.05 of zero and a standard deviation between 0.001 and 0.1.")
        }

        try r.step("checks") { s in
            for table in try Self.layerChecks(seed: r.seed) { s.checks.append(table) }
            s.note("Each table compares our layer's backward pass with the autograd engine and with central differences (h = 1e-5) on the tutorial's test inputs: x = linspace(-1, 1, 320) as 10x32 for the activations and Dense(32, 64), logits = linspace(-1, 1, 500) as 50x10 with answers 0, 1, ..., 9, 0, 1... for the loss.")
            s.note("The tutorial's \"Sigmoid\" layer computes tanh, with derivative 1 - tanh^2; here it is checked as Tanh, and the real sigmoid 1 / (1 + e^-x), with derivative s (1 - s), beside it.")
        }

        var generator = Xoshiro256StarStar(seed: r.seed &+ 1)
        var net = MNISTDenseNet(sizes: [784, 100, 200, 10], using: &generator)
        let initial = net
        var batches = ShuffledBatches(count: train.count, batchSize: batchSize, remainder: .drop,
                                      generator: Xoshiro256StarStar(seed: r.seed &+ 2))
        let lossFunction = SoftmaxCrossEntropy()

        // The first 32 training images, before any update.
        let firstBatch = Array(0..<batchSize)
        let xb = xTrain.rows(firstBatch)
        let (z, a) = try net.forward(xb)
        let firstLoss = try lossFunction.forward(z[2], yTrain.rows(firstBatch))
        let probabilities = lossFunction.probabilities!
        try r.step("forward") { s in
            s.tensor("x", xb, role: .input)
            s.tensor("w1", net.w[0], role: .parameter)
            s.tensor("l2", a[1], role: .activation)
            s.tensor("l4", a[2], role: .activation)
            s.tensor("logits", z[2], role: .output, columnLabels: MNISTMath.digitLabels)
            s.tensor("softmax(logits)", probabilities, role: .output, columnLabels: MNISTMath.digitLabels)
            s.tensor("loss", Tensor(firstLoss), role: .loss)
            s.shapes("x (32x784) @ w1 (784x100) + b1 -> l1 (32x100); relu -> l2 (32x100)")
            s.shapes("l2 (32x100) @ w2 (100x200) + b2 -> l3 (32x200); relu -> l4 (32x200)")
            s.shapes("l4 (32x200) @ w3 (200x10) + b3 -> logits (32x10)")
            s.shapes("loss = mean over the batch of -logits[answer] + log(sum(exp(logits)))")
            s.scalar("loss", firstLoss)
            s.scalar("log(10)", Foundation.log(10.0))
            s.networks.append(NetworkState(name: "forward", sample: 0, activeLayer: 3, layers: [
                MNISTPictures.inputLayer(train, 0),
                MNISTPictures.layer("relu(l1)", values: a[1], row: 0, bias: net.b[0], weights: nil),
                MNISTPictures.layer("relu(l3)", values: a[2], row: 0, bias: net.b[1], weights: nil),
                MNISTPictures.layer("logits", values: z[2], row: 0, bias: net.b[2], weights: nil),
            ]))
            s.note("Untrained, the network spreads its bets: the first batch's loss is \(fmt(firstLoss, 4)), close to log(10) = \(fmt(Foundation.log(10.0), 4)), the loss of guessing every digit with probability 1/10.")
        }

        // Training: 25 epochs of shuffled batches of 32 (the last partial batch skipped, as the
        // tutorial's iterate_minibatches does); all train and validation images measured after each.
        var trainAccuracy = [Double](), valAccuracy = [Double](), trainLoss = [Double](), valLoss = [Double]()
        var steps = 0
        let sampleCount = Swift.min(10_000, train.count)
        let workspace = DenseWorkspace(sizes: [784, 100, 200, 10], batch: batchSize)
        let xTrainSample = xTrain.rows(0..<sampleCount)
        for epoch in 1...epochs {
            var total = 0.0
            let epochBatches = batches.nextEpoch()
            var gathered = false // whether the workspace holds this batch already
            for (i, rows) in epochBatches.enumerated() {
                steps += 1
                if rows.count == batchSize {
                    if !gathered { workspace.gather(rows, inputs: xTrain, labels: train.labels) }
                    // the next full batch comes in on the other core during this step
                    gathered = i + 1 < epochBatches.count && epochBatches[i + 1].count == batchSize
                    total += try gathered
                        ? workspace.gatherNext(epochBatches[i + 1], inputs: xTrain, labels: train.labels) {
                            try net.step(workspace, learningRate: learningRate, step: steps, epoch: epoch)
                        }
                        : net.step(workspace, learningRate: learningRate, step: steps, epoch: epoch)
                } else {
                    total += try net.step(xTrain.rows(rows), yTrain.rows(rows), loss: lossFunction,
                                          learningRate: learningRate, step: steps, epoch: epoch)
                }
            }
            if let bad = net.firstNonFinite {
                throw TrainingError.nonFinite(step: steps, epoch: epoch, tensor: bad, loss: total / Double(epochBatches.count))
            }
            trainLoss.append(total / Double(epochBatches.count))
            // Measuring all 50000 training images after every epoch would cost as much as a third of
            // the training; a fixed sample of them gives the curve, and the last epoch uses them all.
            let measured = epoch == epochs ? xTrain : xTrainSample
            trainAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(try net.logits(measured)),
                                                    epoch == epochs ? train.labels : Array(train.labels[0..<sampleCount])))
            let valLogits = try net.logits(xVal)
            valLoss.append(try SoftmaxCrossEntropy()(valLogits, MNISTMath.labelTensor(validation.labels)))
            valAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(valLogits), validation.labels))
            r.progress(ProgressEvent(lesson: "mnist-softmax", phase: "train", epoch: epoch, epochs: epochs, loss: trainLoss.last!))
        }
        try r.step("train") { s in
            let xs = (1...epochs).map(Double.init)
            s.scalar("lr", learningRate)
            s.scalar("batch size", Double(batchSize))
            s.scalar("epochs", Double(epochs))
            s.scalar("steps", Double(steps))
            s.chart(ChartRecord(name: "accuracy", title: "Accuracy after each epoch", xLabel: "epoch", yLabel: "accuracy",
                                series: [.init(name: "train_accuracy", x: xs, y: trainAccuracy),
                                         .init(name: "val_accuracy", x: xs, y: valAccuracy)]))
            s.chart(ChartRecord(name: "loss", title: "Cross-entropy per epoch", xLabel: "epoch", yLabel: "loss",
                                logScale: true,
                                series: [.init(name: "train_loss", x: xs, y: trainLoss),
                                         .init(name: "val_loss", x: xs, y: valLoss)]))
            s.scalar("train_accuracy", trainAccuracy.last!)
            s.scalar("val_accuracy", valAccuracy.last!)
            s.scalar("train_loss", trainLoss.last!)
            s.scalar("val_loss", valLoss.last!)
            s.scalar("best val_accuracy", valAccuracy.max()!)
            s.scalar("epoch of best val_accuracy", Double(valAccuracy.firstIndex(of: valAccuracy.max()!)! + 1))
            s.scalar("training images measured per epoch", Double(sampleCount))
            s.note("train_loss is the mean of the epoch's \(steps / epochs) batch losses, each measured before its update. val_loss and val_accuracy are measured on all \(validation.count) validation images after each epoch; train_accuracy on the first \(sampleCount) training images after each epoch and on all \(train.count) after the last, which saves a pass over the whole training set per epoch.")
            s.note("After \(epochs) epochs: train accuracy \(fmt(100 * trainAccuracy.last!, 4)) %, validation accuracy \(fmt(100 * valAccuracy.last!, 4)) % (the tutorial reports 100 % and 98.19 % with its own random draws).")
        }

        let testLogits = try net.logits(xTest)
        let testPredicted = MNISTMath.argmaxRows(testLogits)
        let testAccuracy = MNISTMath.accuracy(testPredicted, test.labels)
        let confusion = MNISTMath.confusion(testPredicted, test.labels)
        try r.step("test") { s in
            s.scalar("test_accuracy", testAccuracy)
            s.scalar("misclassified test images", Double(zip(testPredicted, test.labels).filter { $0 != $1 }.count))
            s.tensor("confusion (rows: true digit, columns: predicted)", confusion, role: .metric,
                     rowLabels: MNISTMath.digitLabels, columnLabels: MNISTMath.digitLabels)
            s.tables.append(MNISTMath.perClassTable(confusion, name: "per-class", title: "Accuracy on the test images, digit by digit"))
            s.note("The \(test.count) test images were not looked at until now: \(fmt(100 * testAccuracy, 4)) % of them are read correctly.")
        }

        let valLogits = try net.logits(xVal)
        let valProbabilities = try softmax(valLogits)
        let valPredicted = MNISTMath.argmaxRows(valLogits)
        let mistakes = validation.labels.indices.filter { valPredicted[$0] != validation.labels[$0] }
        try r.step("mistakes") { s in
            let shown = Array(mistakes.prefix(24))
            s.images.append(ImageGrid(
                name: "misclassified", title: "Misclassified validation images: true label, then the three most likely digits",
                columns: 8,
                images: shown.map { i in
                    let p = MNISTMath.row(valProbabilities, i)
                    let top = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.prefix(3)
                    let text = top.map { "\($0) (\(String(format: "%.2f", p[$0])))" }.joined(separator: " ")
                    return MNISTPictures.digit(validation, i, prediction: text,
                                               caption: "validation image \(i): a \(validation.labels[i]) read as \(top.first!)")
                }))
            s.scalar("misclassified validation images", Double(mistakes.count))
            s.tensor("probabilities of the first mistakes", valProbabilities.rows(shown), role: .output,
                     columnLabels: MNISTMath.digitLabels)
            if let first = shown.first {
                let p = MNISTMath.row(valProbabilities, first)
                s.note("Validation image \(first) is a \(validation.labels[first]); the network gives it \(String(format: "%.3f", p[validation.labels[first]])) and \(String(format: "%.3f", p[valPredicted[first]])) to \(valPredicted[first]).")
            }
        }

        try r.step("weights") { s in
            let w1 = net.w[0], hidden = w1.shape[1]
            s.images.append(ImageGrid(
                name: "w1", title: "The \(hidden) columns of w1 as 28x28 pictures (grey 0, white positive, black negative)",
                columns: 10,
                images: (0..<hidden).map { j in
                    MNISTPictures.weights((0..<784).map { w1.scalars[$0 * hidden + j] }, caption: "weights into hidden unit \(j)")
                }))
            s.tensor("w1 (trained)", w1, role: .parameter)
            let moved = try (w1 - initial.w[0]).abs().mean()
            s.scalar("mean |w1 - w1 initial|", moved)
            s.note("Each picture is scaled on its own: its largest |weight| is white or black. A border pixel is blank in almost every image, so its weights receive almost no gradient and stay near their random start: the speckled frame around each picture is the initial noise.")
        }
        r.headline("test accuracy", testAccuracy, format: .percent)
    }

    /// The tutorial's gradient checks of ReLU, "Sigmoid" (tanh), the real sigmoid, Dense and
    /// softmax cross-entropy: our backward, the autograd engine and central differences.
    static func layerChecks(seed: UInt64) throws -> [GradientCheckTable] {
        let h = NumericalGradient.defaultStep, floor = 1e-8, tolerance = 1e-6
        let x = try Tensor.linspace(-1, 1, count: 320).reshaped(10, 32)
        var tables = [GradientCheckTable]()

        func activation(_ name: String, _ module: any Module, _ f: @escaping (Tensor) -> Tensor,
                        _ onTape: @escaping (Variable) -> Variable) throws {
            _ = try module.forward(x)
            let manual = try module.backward(Tensor.ones(10, 32) / 320)
            let report = try GradientCheck.run(
                parameters: ["x": x], manual: ["x": manual], preActivations: name == "ReLU" ? ["x": x] : Named(),
                step: h, relativeFloor: floor,
                loss: { p in f(p["x"]).mean() },
                autograd: { _, p in onTape(p["x"]).mean() })
            tables.append(GradientCheckTable(report, name: "\(name): mean(f(x)), x 10x32", tolerance: tolerance))
        }
        try activation("ReLU", ReLU(), relu) { $0.relu() }
        try activation("Tanh (the tutorial's \"Sigmoid\")", Tanh(), { $0.tanh() }) { $0.tanh() }
        try activation("Sigmoid", Sigmoid(), { $0.map { 1 / (1 + Foundation.exp(-$0)) } }) { $0.sigmoid() }

        // Dense(32, 64): w from randn, b = linspace(-1, 1, 64); loss = out.mean(0).sum().
        var g = Xoshiro256StarStar(seed: seed &+ 4)
        let w = Tensor.randn(32, 64, using: &g)
        let b = Tensor.linspace(-1, 1, count: 64)
        let dense = Linear(weight: w, bias: b, suffix: "")
        _ = try dense.forward(x)
        let xGrad = try dense.backward(Tensor.ones(10, 64) / 10)
        let denseReport = try GradientCheck.run(
            parameters: ["x": x, "W": w, "b": b],
            manual: ["x": xGrad, "W": dense.weight.grad!, "b": dense.bias!.grad!],
            step: h, relativeFloor: floor,
            loss: { p in try lin(p["x"], p["W"], p["b"]).mean(axis: 0).sum() },
            autograd: { _, p in try (p["x"].matmul(p["W"]) + p["b"]).mean(axis: 0).sum() })
        tables.append(GradientCheckTable(denseReport, name: "Dense(32, 64): sum of out.mean(0)", tolerance: tolerance))

        // Softmax cross-entropy on logits linspace(-1, 1, 500) as 50x10, answers i % 10.
        let logits = try Tensor.linspace(-1, 1, count: 500).reshaped(50, 10)
        let answers = (0..<50).map { $0 % 10 }
        let labels = MNISTMath.labelTensor(answers)
        let ce = SoftmaxCrossEntropy()
        _ = try ce.forward(logits, labels)
        let ceGrad = try ce.backward()
        let ceReport = try GradientCheck.run(
            parameters: ["logits": logits], manual: ["logits": ceGrad], step: h, relativeFloor: floor,
            loss: { p in try SoftmaxCrossEntropy().forward(p["logits"], labels) },
            autograd: { _, p in try Variable.softmaxCrossEntropy(logits: p["logits"], labels: answers) })
        tables.append(GradientCheckTable(ceReport, name: "Softmax cross-entropy: mean over 50 rows", tolerance: tolerance))
        return tables
    }
}
