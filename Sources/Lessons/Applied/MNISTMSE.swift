import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 001's MNIST classifier: Net((784, 15, 10)), squared error on one-hot targets,
    /// mini-batches of 32 drawn with replacement, on the 10000 MNIST *test* images split 8000/2000.
    static let mnistMSE = Lesson(
        id: "mnist-mse", number: 9, title: "MNIST with squared error on one-hot targets",
        summary: "Net((784, 15, 10)) trained with MSE on one-hot digits: 10000 mini-batch steps on MNIST's test images split 8000/2000.",
        track: .applied,
        steps: [
            Step("data", "The data: MNIST's test images, split 8000/2000", phase: .data),
            Step("forward", "One batch through Net((784, 15, 10))", phase: .forward,
                 code: [CodeReference("Sources/Lessons/Applied/MNISTMSE.swift", "code:model")]),
            Step("backward", "The gradients of one batch", phase: .backward),
            Step("train", "Ten thousand steps", phase: .update,
                 code: [CodeReference("Sources/Lessons/Applied/MNISTMSE.swift", "code:train"),
                        CodeReference("Sources/Lessons/Applied/MNISTMSE.swift", "code:train-step"),
                        .source("NeuralNet/Training", "Trainer.step")]),
            Step("predictions", "Digits, labels and predictions", phase: .check),
        ]
    ) { r in
        try MNISTMSELesson(r).run()
    }
}

/// The run of `mnist-mse`, step by step.
private struct MNISTMSELesson {
    let r: Recorder
    /// Images used from the 8000 / 2000 parts, iterations, and how often both parts are measured.
    let trainCount: Int, heldOutCount: Int, iterations: Int, evaluateEvery: Int
    let batchSize = 32
    let learningRate = 0.01

    init(_ r: Recorder) {
        self.r = r
        switch r.profile {
        case .full: (trainCount, heldOutCount, iterations, evaluateEvery) = (8000, 2000, 10_000, 100)
        case .quick: (trainCount, heldOutCount, iterations, evaluateEvery) = (1000, 500, 200, 20)
        }
    }

    /// The two parts of the split, and each as the network's inputs and one-hot targets.
    struct Images {
        let split: MNISTSplit
        let train: MNISTSet, heldOut: MNISTSet
        let xTrain: Tensor, yTrain: Tensor, xHeld: Tensor, yHeld: Tensor
    }

    /// Net((784, 15, 10)) and its loss, as the region `code: model` builds them.
    struct Network {
        let layer1: Linear, layer2: Linear
        let model: Sequential
        let loss: MSELoss
    }

    /// Loss and accuracy on both parts, measured before training and every `evaluateEvery` steps.
    struct Curves {
        let xs: [Double], trainLoss: [Double], trainAccuracy: [Double], valLoss: [Double], valAccuracy: [Double]
        /// Steps per pass over the training part: its images / the batch size.
        let stepsPerEpoch: Double
    }

    func run() throws {
        let images = try loadImages()
        try recordData(images)

        // code: model
        // The tutorial's Net((784, 15, 10), last_relu=False): ReLU on the hidden layer only.
        var generator = Xoshiro256StarStar(seed: r.seed &+ 1)
        let layer1 = Linear(784, 15, initializer: .kaimingNormal, suffix: "1", using: &generator)
        let layer2 = Linear(15, 10, initializer: .kaimingNormal, suffix: "2", using: &generator)
        let model = Sequential(layer1, ReLU(), layer2)
        let loss = MSELoss(.sumOverTwiceBatch)
        // end code
        let network = Network(layer1: layer1, layer2: layer2, model: model, loss: loss)
        let batches = SampledBatches(count: images.train.count, batchSize: batchSize, generator: Xoshiro256StarStar(seed: r.seed &+ 2))

        // The first batch, looked at in full; the training loop below starts with the same one.
        var peek = batches
        let first = peek.next()
        try recordForward(network, images, batch: first)
        try recordBackward(network, images, batch: first)
        let curves = try train(network, images, batches: batches)
        try recordTraining(network, images, curves)
        try recordPredictions(network, images)
        r.headline("accuracy on the \(images.heldOut.count) held-out images", curves.valAccuracy.last!, format: .percent,
                   against: .init(label: "always the most common training digit",
                                  value: MNISTMath.mostCommonDigitAccuracy(training: images.train.labels, labels: images.heldOut.labels)))
    }

    func loadImages() throws -> Images {
        let split = try r.configuration.data.mnistTestSplit(seed: r.seed)
        let train = split.train.subset(0..<Swift.min(trainCount, split.train.count))
        let heldOut = split.heldOut.subset(0..<Swift.min(heldOutCount, split.heldOut.count))
        return Images(split: split, train: train, heldOut: heldOut,
                      xTrain: train.inputs(), yTrain: train.oneHotLabels(),
                      xHeld: heldOut.inputs(), yHeld: heldOut.oneHotLabels())
    }

    func recordData(_ images: Images) throws {
        let (split, train, heldOut, yTrain) = (images.split, images.train, images.heldOut, images.yTrain)
        try r.step("data") { s in
            s.scalar("MNIST test images", Double(split.train.count + split.heldOut.count))
            s.scalar("train images", Double(train.count))
            s.scalar("held-out images", Double(heldOut.count))
            s.tensor("y (first 8 train rows)", yTrain.rows(0..<8), role: .target,
                     columnLabels: MNISTMath.digitLabels)
            s.shapes("28x28 pixels / 255, flattened -> x (\(train.count)x784); label -> one-hot y (\(train.count)x10)")
            s.shapes("held out: x (\(heldOut.count)x784), y (\(heldOut.count)x10)")
            s.images.append(ImageGrid(name: "train-digits", title: "The first 12 training images, with their labels",
                                      columns: 6, images: (0..<12).map { MNISTPictures.digit(train, $0) }))
            s.note("All \(split.train.count + split.heldOut.count) images come from MNIST's test file, split at random (seed \(r.seed)) into \(split.train.count) to train on and \(split.heldOut.count) to measure on, as the tutorial's random_split(data, [0.8, 0.2]) does. MNIST's 60000 training images are never used.")
            if r.profile == .quick {
                s.note("Quick profile: only the first \(train.count) and \(heldOut.count) images of the two parts are used.")
            }
        }
    }

    /// The first batch through the untrained network.
    func recordForward(_ network: Network, _ images: Images, batch first: [Int]) throws {
        let (layer1, layer2, model, loss) = (network.layer1, network.layer2, network.model, network.loss)
        let (train, xTrain, yTrain) = (images.train, images.xTrain, images.yTrain)
        let xb = xTrain.rows(first), yb = yTrain.rows(first)
        let out = try model(xb)
        let firstLoss = try loss(out, yb)
        try r.step("forward") { s in
            s.tensor("x", xb, role: .input)
            s.tensor("y", yb, role: .target, columnLabels: MNISTMath.digitLabels)
            s.tensor("w1", layer1.weight.value, role: .parameter)
            s.tensor("b1", layer1.bias!.value, role: .parameter)
            s.tensor("w2", layer2.weight.value, role: .parameter)
            s.tensor("b2", layer2.bias!.value, role: .parameter)
            s.tensor("l1", model.outputs[0], role: .activation)
            s.tensor("l2", model.outputs[1], role: .activation)
            s.tensor("out", out, role: .output, columnLabels: MNISTMath.digitLabels)
            s.tensor("loss", Tensor(firstLoss), role: .loss)
            s.shapes("x (32x784) @ w1 (784x15) + b1 (15) -> l1 (32x15); relu -> l2 (32x15)")
            s.shapes("l2 (32x15) @ w2 (15x10) + b2 (10) -> out (32x10); no ReLU on the output")
            s.shapes("loss = sum((y - out)^2) / (2 * 32)")
            s.scalar("loss", firstLoss)
            s.networks.append(NetworkState(name: "forward", sample: 0, activeLayer: 2, layers: [
                MNISTPictures.inputLayer(train, first[0]),
                MNISTPictures.layer("l2 = relu(l1)", values: model.outputs[1], row: 0, bias: layer1.bias!.value, weights: nil),
                MNISTPictures.layer("out", values: out, row: 0, bias: layer2.bias!.value, weights: layer2.weight.value),
            ]))
            s.note("The first example of the batch is a \(train.labels[first[0]]); the network's largest output is for \(MNISTMath.argmaxRows(out)[0]) before any training.")
        }
    }

    /// The gradients of the first batch, from the loss `recordForward` left in `network.loss`.
    func recordBackward(_ network: Network, _ images: Images, batch first: [Int]) throws {
        let (layer1, layer2, model, loss, train) = (network.layer1, network.layer2, network.model, network.loss, images.train)
        let d = try loss.backward()
        _ = try model.backward(d)
        try r.step("backward") { s in
            s.tensor("d = (out - y) / 32", d, role: .gradient, columnLabels: MNISTMath.digitLabels)
            s.tensor("l2.grad", model.outputGradients[1], role: .gradient)
            s.tensor("l1.grad", model.outputGradients[0], role: .gradient)
            s.tensor("w2.grad", layer2.weight.grad!, role: .gradient)
            s.tensor("b2.grad", layer2.bias!.grad!, role: .gradient)
            s.tensor("w1.grad", layer1.weight.grad!, role: .gradient)
            s.tensor("b1.grad", layer1.bias!.grad!, role: .gradient)
            s.shapes("w2.grad = l2.T (15x32) @ d (32x10) -> (15x10); b2.grad = d summed over rows -> (10)")
            s.shapes("l2.grad = d (32x10) @ w2.T (10x15) -> (32x15); l1.grad = l2.grad where l1 > 0")
            s.shapes("w1.grad = x.T (784x32) @ l1.grad (32x15) -> (784x15); b1.grad -> (15)")
            let silent = (0..<784).filter { i in (0..<15).allSatisfy { layer1.weight.grad![i, $0] == 0 } }.count
            s.scalar("rows of w1.grad that are all zero", Double(silent))
            s.note("\(silent) of the 784 rows of w1.grad are exactly zero: pixels that are blank in all 32 images of the batch pass no gradient to their weights.")
            s.networks.append(NetworkState(name: "backward", sample: 0, activeLayer: 1, layers: [
                MNISTPictures.inputLayer(train, first[0]),
                MNISTPictures.layer("l1", values: model.outputGradients[0], row: 0, bias: layer1.bias!.value, weights: nil, kind: "gradient"),
                {
                    var l = MNISTPictures.layer("out", values: d, row: 0, bias: layer2.bias!.value, weights: layer2.weight.value, kind: "gradient")
                    l.weightGradients = layer2.weight.grad!.scalars
                    return l
                }(),
            ]))
        }
    }

    func train(_ network: Network, _ images: Images, batches: SampledBatches) throws -> Curves {
        let (model, train, heldOut) = (network.model, images.train, images.heldOut)
        let (xTrain, yTrain, xHeld, yHeld) = (images.xTrain, images.yTrain, images.xHeld, images.yHeld)
        var batches = batches
        // Training: one step per batch; both parts measured in full every `evaluateEvery` steps.
        // code: train
        let trainer = Trainer(model: model, loss: MSELoss(.sumOverTwiceBatch), learningRate: learningRate)
        // end code
        let measure = MSELoss(.sumOverTwiceBatch)
        var xs = [Double](), trainLoss = [Double](), trainAccuracy = [Double](), valLoss = [Double](), valAccuracy = [Double]()
        func evaluate(_ iteration: Int) throws {
            let outTrain = try model(xTrain)
            trainLoss.append(try measure(outTrain, yTrain))
            trainAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(outTrain), train.labels))
            let outHeld = try model(xHeld)
            valLoss.append(try measure(outHeld, yHeld))
            valAccuracy.append(MNISTMath.accuracy(MNISTMath.argmaxRows(outHeld), heldOut.labels))
            xs.append(Double(iteration))
        }
        try evaluate(0)
        let stepsPerEpoch = Double(train.count) / Double(batchSize)
        var windowLoss = 0.0
        for iteration in 1...iterations {
            let rows = batches.next()
            let epoch = Int(Double(iteration - 1) / stepsPerEpoch) + 1
            // code: train-step
            windowLoss += try trainer.step(inputs: xTrain.rows(rows), targets: yTrain.rows(rows), epoch: epoch)
            // end code
            if iteration % evaluateEvery == 0 {
                try evaluate(iteration)
                r.progress(ProgressEvent(lesson: "mnist-mse", phase: "train", epoch: iteration, epochs: iterations,
                                         loss: windowLoss / Double(evaluateEvery)))
                windowLoss = 0
            }
        }
        return Curves(xs: xs, trainLoss: trainLoss, trainAccuracy: trainAccuracy, valLoss: valLoss, valAccuracy: valAccuracy,
                      stepsPerEpoch: stepsPerEpoch)
    }

    func recordTraining(_ network: Network, _ images: Images, _ curves: Curves) throws {
        let (layer2, train, heldOut, xs, stepsPerEpoch) = (network.layer2, images.train, images.heldOut, curves.xs, curves.stepsPerEpoch)
        let (trainLoss, trainAccuracy, valLoss, valAccuracy) = (curves.trainLoss, curves.trainAccuracy, curves.valLoss, curves.valAccuracy)
        try r.step("train") { s in
            s.scalar("lr", learningRate)
            s.scalar("batch size", Double(batchSize))
            s.scalar("iterations", Double(iterations))
            s.scalar("measured every", Double(evaluateEvery))
            s.scalar("epochs (iterations x 32 / train images)", Double(iterations) / stepsPerEpoch)
            s.chart(ChartRecord(name: "cost", title: "Cost, sum((y - out)^2) / 2N, on all train and held-out images",
                                xLabel: "iteration", yLabel: "cost", logScale: false,
                                series: [.init(name: "train_loss", x: xs, y: trainLoss),
                                         .init(name: "val_loss", x: xs, y: valLoss)]))
            s.chart(ChartRecord(name: "accuracy", title: "Accuracy on all train and held-out images",
                                xLabel: "iteration", yLabel: "accuracy", logScale: false,
                                series: [.init(name: "train_accuracy", x: xs, y: trainAccuracy),
                                         .init(name: "val_accuracy", x: xs, y: valAccuracy)]))
            s.scalar("train_loss", trainLoss.last!)
            s.scalar("val_loss", valLoss.last!)
            s.scalar("train_accuracy", trainAccuracy.last!)
            s.scalar("val_accuracy", valAccuracy.last!)
            s.tensor("w2 (trained)", layer2.weight.value, role: .parameter)
            s.tensor("b2 (trained)", layer2.bias!.value, role: .parameter)
            s.note("Both parts are measured in full before training and after every \(evaluateEvery) steps (\(xs.count) points), not after every step as the tutorial does: measuring all \(heldOut.count) held-out images after each of \(iterations) steps would cost more than the training itself.")
            s.note("After \(iterations) steps (\(fmt(Double(iterations) / stepsPerEpoch, 4)) passes over the \(train.count) training images) the accuracy is \(fmt(100 * trainAccuracy.last!, 4)) % on the training part and \(fmt(100 * valAccuracy.last!, 4)) % on the held-out part.")
        }
    }

    /// The first held-out images, with what the trained network reads them as.
    func recordPredictions(_ network: Network, _ images: Images) throws {
        let (model, heldOut, xHeld) = (network.model, images.heldOut, images.xHeld)
        let outHeld = try model(xHeld)
        let predicted = MNISTMath.argmaxRows(outHeld)
        let shown = Array(0..<Swift.min(24, heldOut.count))
        let wrong = zip(predicted, heldOut.labels).filter { $0 != $1 }.count
        try r.step("predictions") { s in
            s.images.append(ImageGrid(
                name: "held-out", title: "The first \(shown.count) held-out images: label and prediction", columns: 8,
                images: shown.map { i in
                    let ok = predicted[i] == heldOut.labels[i]
                    return MNISTPictures.digit(heldOut, i, prediction: "\(predicted[i])",
                                               caption: "a \(heldOut.labels[i]), predicted \(predicted[i])\(ok ? "" : " (wrong)")")
                }))
            s.tensor("out (first held-out image)", outHeld.rows(0..<1), role: .output, columnLabels: MNISTMath.digitLabels)
            s.scalar("misclassified held-out images", Double(wrong))
            s.scalar("held-out images", Double(heldOut.count))
            s.note("\(shown.filter { predicted[$0] != heldOut.labels[$0] }.count) of these \(shown.count) are misread; over all \(heldOut.count) held-out images, \(wrong).")
        }
    }
}
