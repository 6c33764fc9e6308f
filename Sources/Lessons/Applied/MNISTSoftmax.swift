import Autograd
import Datasets
import DenseEngine
import Foundation
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 002's classifier: Dense 784-100 ReLU 100-200 ReLU 200-10, softmax cross-entropy,
    /// 25 epochs of shuffled mini-batches of 32 on the first 50000 training images.
    static let mnistSoftmax = Lesson(
        id: "mnist-softmax", number: 10, title: "MNIST with softmax cross-entropy",
        summary: "A 784-100-200-10 ReLU network, checked layer by layer, trained for 25 epochs, then tested on digits it never saw.",
        track: .applied,
        steps: [
            Step("data", "Train, validation and test images", phase: .data),
            Step("dense", "The Dense layer and its initialisation", phase: .forward),
            Step("checks", "Every layer's gradient, checked", phase: .check),
            Step("forward", "One batch through the untrained network", phase: .forward,
                 code: [.source("Lessons/Applied/MNISTSoftmax", "mnistDenseModel"),
                        .source("NeuralNet/SoftmaxCrossEntropy", "SoftmaxCrossEntropy"),
                        .source("Lessons/Applied/SoftmaxWorkedRow", "SoftmaxWorkedRow.init")]),
            Step("train", "Twenty-five epochs", phase: .update,
                 code: [CodeReference("Sources/Lessons/Applied/MNISTSoftmax.swift", "code:train"),
                        .source("DenseEngine/DenseEngine", "DenseEngine.step"),
                        .source("DenseEngine/DenseEngine", "DenseEngine.differenceFromModules")]),
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

/// Dense 784-100 ReLU 100-200 ReLU 200-10 as modules: weights randn * sqrt(2 / (in + out))
/// drawn layer by layer from `generator` (the tutorial's initialisation), zero biases.
func mnistDenseModel(using generator: inout Xoshiro256StarStar) -> Sequential {
    Sequential(Linear(784, 100, initializer: .xavierNormal, suffix: "1", using: &generator), ReLU(),
               Linear(100, 200, initializer: .xavierNormal, suffix: "2", using: &generator), ReLU(),
               Linear(200, 10, initializer: .xavierNormal, suffix: "3", using: &generator))
}

/// The run of `mnist-softmax`, step by step: `run` calls one method per step, in order.
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

    /// The three sets of images, and the training set as the inputs and labels it trains on.
    struct Images {
        let train: MNISTSet, validation: MNISTSet, test: MNISTSet
        let xTrain: Tensor, xVal: Tensor, xTest: Tensor
        let yTrain: Tensor
    }

    /// What training measured after each epoch, and how many steps it took.
    struct Curves {
        let trainAccuracy: [Double], valAccuracy: [Double], trainLoss: [Double], valLoss: [Double]
        let steps: Int
        /// How many training images the accuracy of an epoch before the last is measured on.
        let sampleCount: Int
    }

    func run() throws {
        let images = try loadImages()
        try recordData(images)
        try recordDense()
        try recordChecks()

        var generator = Xoshiro256StarStar(seed: r.seed &+ 1)
        let model = mnistDenseModel(using: &generator)
        let initial = DenseEngine.copy(of: model)
        try recordForward(model, images)
        let checkSteps = 3
        let engineDifference = try engineAgainstModules(model, images, steps: checkSteps)
        let curves = try train(model, images)
        try recordTraining(curves, images, engineDifference: engineDifference, checkSteps: checkSteps)
        let testAccuracy = try recordTest(model, images)
        try recordMistakes(model, images)
        try recordWeights(model, initial: initial)
        r.headline("accuracy on the \(images.test.count) test images", testAccuracy, format: .percent,
                   against: .init(label: "always the most common training digit",
                                  value: MNISTMath.mostCommonDigitAccuracy(training: images.train.labels, labels: images.test.labels)))
    }

    func loadImages() throws -> Images {
        let split = try r.configuration.data.mnistTrainValidation()
        let train = split.train.subset(0..<trainCount)
        let validation = split.heldOut.subset(0..<validationCount)
        let testSet = try r.configuration.data.mnist(.test)
        let test = testSet.subset(0..<testCount)
        return Images(train: train, validation: validation, test: test,
                      xTrain: train.inputs(), xVal: validation.inputs(), xTest: test.inputs(),
                      yTrain: MNISTMath.labelTensor(train.labels))
    }

    func recordData(_ images: Images) throws {
        let (train, validation, test) = (images.train, images.validation, images.test)
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
    }

    func recordDense() throws {
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
    }

    func recordChecks() throws {
        try r.step("checks") { s in
            for table in try MNISTLayerChecks.tables(seed: r.seed) { s.checks.append(table) }
            s.note("Each table compares our layer's backward pass with the autograd engine and with central differences (h = 1e-5) on the tutorial's test inputs: x = linspace(-1, 1, 320) as 10x32 for the activations and Dense(32, 64), logits = linspace(-1, 1, 500) as 50x10 with answers 0, 1, ..., 9, 0, 1... for the loss.")
            s.note("The tutorial's \"Sigmoid\" layer computes tanh, with derivative 1 - tanh^2; here it is checked as Tanh, and the real sigmoid 1 / (1 + e^-x), with derivative s (1 - s), beside it.")
        }
    }

    /// The first 32 training images through the untrained network.
    func recordForward(_ model: Sequential, _ images: Images) throws {
        let (train, xTrain, yTrain) = (images.train, images.xTrain, images.yTrain)
        let lossFunction = SoftmaxCrossEntropy()
        // The first 32 training images, before any update.
        let firstBatch = Array(0..<batchSize)
        let xb = xTrain.rows(firstBatch)
        let firstLogits = try model(xb)
        let firstLoss = try lossFunction.forward(firstLogits, yTrain.rows(firstBatch))
        let probabilities = lossFunction.probabilities!
        // The gradient's first row, by the formula and by the loss module, for the prose's worked row.
        let worked = SoftmaxWorkedRow(logits: MNISTMath.row(firstLogits, 0), label: train.labels[0], batchSize: batchSize,
                                      backward: MNISTMath.row(try lossFunction.backward(), 0))
        try r.step("forward") { s in
            let a = model.outputs, b = model.parameters.filter { $0.name.hasPrefix("b") }.map(\.value)
            s.tensor("x", xb, role: .input)
            s.tensor("w1", model.parameters[0].value, role: .parameter)
            s.tensor("l2", a[1], role: .activation)
            s.tensor("l4", a[3], role: .activation)
            s.tensor("logits", firstLogits, role: .output, columnLabels: MNISTMath.digitLabels)
            s.tensor("softmax(logits)", probabilities, role: .output, columnLabels: MNISTMath.digitLabels)
            s.tensor("loss", Tensor(firstLoss), role: .loss)
            s.shapes("x (32x784) @ w1 (784x100) + b1 -> l1 (32x100); relu -> l2 (32x100)")
            s.shapes("l2 (32x100) @ w2 (100x200) + b2 -> l3 (32x200); relu -> l4 (32x200)")
            s.shapes("l4 (32x200) @ w3 (200x10) + b3 -> logits (32x10)")
            s.shapes("loss = mean over the batch of -logits[answer] + log(sum(exp(logits)))")
            s.scalar("loss", firstLoss)
            s.scalar("log(10)", Foundation.log(10.0))
            s.scalar("smallest probability in the batch", probabilities.min())
            s.scalar("largest probability in the batch", probabilities.max())
            try worked.record(into: &s)
            s.networks.append(NetworkState(name: "forward", sample: 0, activeLayer: 3, layers: [
                MNISTPictures.inputLayer(train, 0),
                MNISTPictures.layer("relu(l1)", values: a[1], row: 0, bias: b[0], weights: nil),
                MNISTPictures.layer("relu(l3)", values: a[3], row: 0, bias: b[1], weights: nil),
                MNISTPictures.layer("logits", values: firstLogits, row: 0, bias: b[2], weights: nil),
            ]))
            s.note("Untrained, the network spreads its bets: the first batch's loss is \(fmt(firstLoss, 4)), close to log(10) = \(fmt(Foundation.log(10.0), 4)), the loss of guessing every digit with probability 1/10.")
        }
    }

    /// The engine against the modules: the same first `steps` steps from the same start.
    func engineAgainstModules(_ model: Sequential, _ images: Images, steps checkSteps: Int) throws -> Double {
        var checkBatches = ShuffledBatches(count: images.train.count, batchSize: batchSize, remainder: .drop,
                                           generator: Xoshiro256StarStar(seed: r.seed &+ 2))
        return try DenseEngine.differenceFromModules(
            model: model, loss: { SoftmaxCrossEntropy() }, inputs: images.xTrain, targets: images.yTrain,
            batches: Array(checkBatches.nextEpoch().prefix(checkSteps)), learningRate: learningRate)
    }

    /// Training: 25 epochs of shuffled batches of 32 (the last partial batch skipped, as the
    /// tutorial's iterate_minibatches does), stepped by the fused engine; all validation
    /// images and a sample of the training images measured after each epoch.
    func train(_ model: Sequential, _ images: Images) throws -> Curves {
        let (train, validation, xTrain, xVal, yTrain) = (images.train, images.validation, images.xTrain, images.xVal, images.yTrain)
        var batches = ShuffledBatches(count: train.count, batchSize: batchSize, remainder: .drop,
                                      generator: Xoshiro256StarStar(seed: r.seed &+ 2))
        var trainAccuracy = [Double](), valAccuracy = [Double](), trainLoss = [Double](), valLoss = [Double]()
        var steps = 0
        let sampleCount = Swift.min(10_000, train.count)
        let xTrainSample = xTrain.rows(0..<sampleCount)
        // code: train
        let engine = try DenseEngine(model: model, loss: SoftmaxCrossEntropy(), batch: batchSize)
        for epoch in 1...epochs {
            var total = 0.0
            let epochBatches = batches.nextEpoch()
            engine.gather(epochBatches[0], inputs: xTrain, targets: yTrain)
            for i in epochBatches.indices {
                steps += 1
                // the next batch comes in on the other core during this step
                let next = epochBatches[Swift.min(i + 1, epochBatches.count - 1)]
                let value = try engine.gatherNext(next, inputs: xTrain, targets: yTrain) {
                    try engine.step(learningRate: learningRate)
                }
                guard value.isFinite else {
                    throw TrainingError.nonFinite(step: steps, epoch: epoch, tensor: "loss", loss: value)
                }
                total += value
            }
            // end code
            if let bad = model.parameters.first(where: { !$0.value.isFinite }) {
                throw TrainingError.nonFinite(step: steps, epoch: epoch, tensor: bad.name, loss: total / Double(epochBatches.count))
            }
            trainLoss.append(total / Double(epochBatches.count))
            // Measuring all 50000 training images after every epoch would cost as much as a third of
            // the training; a fixed sample of them gives the curve, and the last epoch uses them all.
            let measured = epoch == epochs ? xTrain : xTrainSample
            trainAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(try model(measured)),
                                                    epoch == epochs ? train.labels : Array(train.labels[0..<sampleCount])))
            let valLogits = try model(xVal)
            valLoss.append(try SoftmaxCrossEntropy()(valLogits, MNISTMath.labelTensor(validation.labels)))
            valAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(valLogits), validation.labels))
            r.progress(ProgressEvent(lesson: "mnist-softmax", phase: "train", epoch: epoch, epochs: epochs, loss: trainLoss.last!))
        }
        return Curves(trainAccuracy: trainAccuracy, valAccuracy: valAccuracy, trainLoss: trainLoss, valLoss: valLoss,
                      steps: steps, sampleCount: sampleCount)
    }

    func recordTraining(_ curves: Curves, _ images: Images, engineDifference: Double, checkSteps: Int) throws {
        let (train, validation, steps, sampleCount) = (images.train, images.validation, curves.steps, curves.sampleCount)
        let (trainAccuracy, valAccuracy, trainLoss, valLoss) = (curves.trainAccuracy, curves.valAccuracy, curves.trainLoss, curves.valLoss)
        try r.step("train") { s in
            let xs = (1...epochs).map(Double.init)
            s.scalar("lr", learningRate)
            s.scalar("batch size", Double(batchSize))
            s.scalar("epochs", Double(epochs))
            s.scalar("steps", Double(steps))
            s.scalar("steps per epoch", Double(steps / epochs))
            s.scalar("images left out of each epoch", Double(train.count % batchSize))
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
            s.scalar("engine vs modules: max |parameter difference| after \(checkSteps) steps", engineDifference)
            s.note("Trained by DenseEngine (Sources/DenseEngine), the project's fused, allocation-free training step, not by the readable Trainer: it exists for speed: at the full profile, this lesson's training is most of a site build's time. It calls the same loss module and does the modules' arithmetic in the same order, into buffers allocated once. Checked in this build: from the same start, \(checkSteps) steps by the engine and \(checkSteps) by the modules leave parameters that differ by at most \(fmt(engineDifference))\(engineDifference == 0 ? " (bit-identical)" : "").")
            s.note("After \(epochs) epochs: train accuracy \(fmt(100 * trainAccuracy.last!, 4)) %, validation accuracy \(fmt(100 * valAccuracy.last!, 4)) % (the tutorial reports 100 % and 98.19 % with its own random draws).")
        }
    }

    /// The test images, looked at for the first time; returns the accuracy on them.
    func recordTest(_ model: Sequential, _ images: Images) throws -> Double {
        let (test, xTest) = (images.test, images.xTest)
        let testLogits = try model(xTest)
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
        return testAccuracy
    }

    func recordMistakes(_ model: Sequential, _ images: Images) throws {
        let (validation, xVal) = (images.validation, images.xVal)
        let valLogits = try model(xVal)
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
    }

    func recordWeights(_ model: Sequential, initial: Sequential) throws {
        try r.step("weights") { s in
            let w1 = model.parameters[0].value, hidden = w1.shape[1]
            s.images.append(ImageGrid(
                name: "w1", title: "The \(hidden) columns of w1 as 28x28 pictures (grey 0, white positive, black negative)",
                columns: 10,
                images: (0..<hidden).map { j in
                    MNISTPictures.weights((0..<784).map { w1.scalars[$0 * hidden + j] }, caption: "weights into hidden unit \(j)")
                }))
            s.tensor("w1 (trained)", w1, role: .parameter)
            let moved = try (w1 - initial.parameters[0].value).abs().mean()
            s.scalar("mean |w1 - w1 initial|", moved)
            s.note("Each picture is scaled on its own: its largest |weight| is white or black. A border pixel is blank in almost every image, so its weights receive almost no gradient and stay near their random start: the speckled frame around each picture is the initial noise.")
        }
    }
}
