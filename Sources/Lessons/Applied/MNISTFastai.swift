import Autograd
import Datasets
import NeuralNet
import Tensor
import LessonRecords

extension Catalog {
    /// Tutorial 004 (fast.ai, "backprop from foundations"): 784-50-1 regressing the digit's value
    /// with MSE, forward and backward over the 50000 training images, timed; the outer-product
    /// weight gradient; the check against autograd; the module refactor.
    static let mnistFastai = Lesson(
        id: "mnist-fastai", number: 12, title: "MNIST regression, fast.ai style",
        summary: "784-50-1 with MSE on the digit's value: forward and backward over 50000 images, timed, checked against autograd.",
        track: .applied,
        steps: [
            Step("data", "50000 digits and their values", phase: .data),
            Step("first-loss", "Plain randn weights and the first loss", phase: .forward),
            Step("forward-backward", "Forward and backward over every image", phase: .backward,
                 code: [CodeReference("Sources/Lessons/Applied/MNISTFastai.swift", "code:forward-backward")]),
            Step("outer-product", "w.grad as a sum of outer products", phase: .check),
            Step("autograd", "The same gradients from autograd", phase: .check),
            Step("modules", "Layers as modules, the same numbers", phase: .backward),
        ]
    ) { r in
        try MNISTFastaiLesson(r).run()
    }
}

/// The run of `mnist-fastai`, step by step.
private struct MNISTFastaiLesson {
    let r: Recorder
    /// Images used, and how many of them the outer-product form of w1.grad is built from.
    let count: Int, outerRows: Int
    let hidden = 50

    init(_ r: Recorder) {
        self.r = r
        switch r.profile {
        case .full: (count, outerRows) = (50_000, 1000)
        case .quick: (count, outerRows) = (500, 100)
        }
    }

    /// The activations of the forward pass.
    struct Forward {
        var l1: Tensor, l2: Tensor, out: Tensor, loss: Double
    }

    /// The gradients of the backward pass.
    struct Gradients {
        var out: Tensor, l2: Tensor, w2: Tensor, b2: Tensor, l1: Tensor, x: Tensor, w1: Tensor, b1: Tensor
    }

    /// The weights of 784-50-1, as every step after the first loss uses them.
    struct Weights {
        let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
    }

    func run() throws {
        let all = try r.configuration.data.mnistTrainValidation().train
        let set = count == all.count ? all : all.subset(0..<count)
        let x = set.inputs()
        let y = Tensor(set.labels.map(Double.init))
        try recordData(set, y)

        // torch.randn weights, unscaled, and zero biases.
        var generator = Xoshiro256StarStar(seed: r.seed &+ 1)
        let w1 = Initializer.randn.weights(fanIn: 784, fanOut: hidden, using: &generator)
        let b1 = Initializer.bias(hidden)
        let w2 = Initializer.randn.weights(fanIn: hidden, fanOut: 1, using: &generator)
        let b2 = Initializer.bias(1)

        // code: forward-backward
        func forward() throws -> Forward {
            let l1 = try lin(x, w1, b1)
            let l2 = relu(l1)
            let out = try lin(l2, w2, b2)
            return Forward(l1: l1, l2: l2, out: out, loss: try mse(out, y))
        }
        func backward(_ f: Forward) throws -> Gradients {
            let outGrad = try mseGrad(f.out, y)
            let (l2g, w2g, b2g) = try linGrad(f.l2, w2, outGrad)
            let l1g = try reluGrad(f.l1, l2g)
            let (xg, w1g, b1g) = try linGrad(x, w1, l1g)
            return Gradients(out: outGrad, l2: l2g, w2: w2g, b2: b2g, l1: l1g, x: xg, w1: w1g, b1: b1g)
        }
        // end code

        let weights = Weights(w1: w1, b1: b1, w2: w2, b2: b2)
        let f0 = try forward()
        try recordFirstLoss(f0, set, weights)
        let (f, grads) = try recordForwardBackward(set, weights, from: f0, forward: forward, backward: backward)
        try recordOuterProduct(f, grads, x, imagesInFile: all.count)
        try recordAutograd(f, grads, weights, x, y)
        try recordModules(f, grads, weights, x, y)
        let labels = set.labels.map(Double.init)
        let mean = labels.reduce(0, +) / Double(labels.count)
        r.headline("first loss, plain randn weights (mean squared error)", f0.loss,
                   against: .init(label: "predicting the mean digit", value: labels.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(labels.count)))
    }

    func recordData(_ set: MNISTSet, _ y: Tensor) throws {
        try r.step("data") { s in
            s.scalar("images", Double(set.count))
            s.shapes("x (\(set.count)x784): pixels / 255; y (\(set.count)): the digit as a number, 0 to 9")
            s.tensor("y (first 12)", y.rows(0..<12), role: .target)
            s.scalar("mean of y", y.mean())
            s.images.append(ImageGrid(name: "digits", title: "The first 12 images; the target is the label as a number",
                                      columns: 6, images: (0..<12).map { MNISTPictures.digit(set, $0) }))
            s.note("Regressing the value of a digit is not a sensible way to classify (a 4 is not 'between' a 3 and a 5); the tutorial uses it to keep the loss as simple as in the exam network.")
            if r.profile == .quick { s.note("Quick profile: the first \(set.count) training images only.") }
        }
    }

    /// The loss of the randn weights, before any training.
    func recordFirstLoss(_ f0: Forward, _ set: MNISTSet, _ weights: Weights) throws {
        let (w1, b1, w2, b2) = (weights.w1, weights.b1, weights.w2, weights.b2)
        try r.step("first-loss") { s in
            s.tensor("w1", w1, role: .parameter)
            s.tensor("b1", b1, role: .parameter)
            s.tensor("w2", w2, role: .parameter)
            s.tensor("b2", b2, role: .parameter)
            s.tensor("l1", f0.l1, role: .activation)
            s.tensor("l2", f0.l2, role: .activation)
            s.tensor("out", f0.out, role: .output)
            s.tensor("loss", Tensor(f0.loss), role: .loss)
            s.shapes("x (\(count)x784) @ w1 (784x50) + b1 (50) -> l1 (\(count)x50); relu -> l2 (\(count)x50)")
            s.shapes("l2 (\(count)x50) @ w2 (50x1) + b2 (1) -> out (\(count)x1); loss = mean((out[:, 0] - y)^2)")
            let inked = Double(set.pixels.filter { $0 > 0 }.count) / Double(set.count)
            let l1Spread = TensorStats(f0.l1.scalars).std
            s.scalar("first loss", f0.loss)
            s.scalar("std of out", TensorStats(f0.out.scalars).std)
            s.scalar("std of l1", l1Spread)
            s.scalar("inked pixels per image (mean)", inked)
            s.networks.append(NetworkState(name: "forward", sample: 0, activeLayer: 2, layers: [
                MNISTPictures.inputLayer(set, 0),
                MNISTPictures.layer("l2 = relu(l1)", values: f0.l2, row: 0, bias: b1, weights: nil),
                MNISTPictures.layer("out", values: f0.out, row: 0, bias: b2, weights: w2),
            ]))
            s.note("With unscaled randn weights each hidden unit sums about \(fmt(inked, 3)) inked pixels times N(0, 1) weights, so l1 has a spread of about \(fmt(l1Spread, 3)) and the output one of \(fmt(TensorStats(f0.out.scalars).std, 3)), against targets between 0 and 9: the first loss is \(fmt(f0.loss, 6)). The tutorial, with its own draws (and pixels / 256 rather than / 255), prints 2588.87.")
        }
    }

    /// `forward` and `backward` over every image, timed; returns what they computed.
    func recordForwardBackward(_ set: MNISTSet, _ weights: Weights, from f0: Forward, forward: () throws -> Forward,
                               backward: (Forward) throws -> Gradients) throws -> (Forward, Gradients) {
        let (b1, w2, b2) = (weights.b1, weights.w2, weights.b2)
        var f = f0
        var g: Gradients?
        try r.step("forward-backward") { s in
            f = try s.timed("forward (\(count) images)") { try forward() }
            g = try s.timed("backward (\(count) images)") { try backward(f) }
            let g = g!
            s.tensor("out.grad", g.out, role: .gradient)
            s.tensor("w2.grad", g.w2, role: .gradient)
            s.tensor("b2.grad", g.b2, role: .gradient)
            s.tensor("w1.grad", g.w1, role: .gradient)
            s.tensor("b1.grad", g.b1, role: .gradient)
            s.tensor("x.grad", g.x, role: .gradient)
            s.scalar("loss", f.loss)
            s.shapes("out.grad = 2 (out - y) / \(count) -> (\(count)x1)")
            s.shapes("w2.grad = l2.T @ out.grad -> (50x1); l2.grad = out.grad @ w2.T -> (\(count)x50)")
            s.shapes("l1.grad = l2.grad where l1 > 0; w1.grad = x.T @ l1.grad -> (784x50); x.grad = l1.grad @ w1.T -> (\(count)x784)")
            s.networks.append(NetworkState(name: "backward", sample: 0, activeLayer: 1, layers: [
                MNISTPictures.inputLayer(set, 0),
                MNISTPictures.layer("l1", values: g.l1, row: 0, bias: b1, weights: nil, kind: "gradient"),
                {
                    var l = MNISTPictures.layer("out", values: g.out, row: 0, bias: b2, weights: w2, kind: "gradient")
                    l.weightGradients = g.w2.scalars
                    return l
                }(),
            ]))
            s.note("The tutorial's forward_and_backward computes its loss from `res` (an earlier prediction on the validation set) instead of `diff`; the gradients do not use that loss, so they are right. Here the loss is computed from this pass.")
            s.note("The tutorial times its (PyTorch) forward at 127 ms and backward at 289 ms on its machine; this page's timings are measured in this build, on this machine, and are not part of the recorded numbers.")
        }
        return (f, g!)
    }

    /// The outer-product form: w2 over every image, w1 over the first `outerRows`.
    func recordOuterProduct(_ f: Forward, _ grads: Gradients, _ x: Tensor, imagesInFile: Int) throws {
        try r.step("outer-product") { s in
            let w2Outer = try s.timed("w2.grad, outer products (\(count) x 50 x 1)") { try linGradWeightOuter(f.l2, grads.out) }
            let w2Matmul = try s.timed("w2.grad, l2.T @ out.grad") { try Tensor.matmul(f.l2, grads.out, transposeA: true) }
            let xs = x.rows(0..<outerRows), gs = grads.l1.rows(0..<outerRows)
            let w1Outer = try s.timed("w1.grad, outer products (\(outerRows) x 784 x 50, in chunks of 100)") {
                try linGradWeightOuter(xs, gs, chunkRows: 100)
            }
            let w1Matmul = try s.timed("w1.grad, x.T @ l1.grad (\(outerRows) images)") { try Tensor.matmul(xs, gs, transposeA: true) }
            let w2Difference = try Self.relativeDifference(w2Outer, w2Matmul)
            let w1Difference = try Self.relativeDifference(w1Outer, w1Matmul)
            s.tensor("w2.grad (outer products)", w2Outer, role: .gradient)
            s.scalar("w2.grad: max |outer - matmul| / max |matmul|", w2Difference)
            s.scalar("w1.grad (first \(outerRows) images): max |outer - matmul| / max |matmul|", w1Difference)
            s.scalar("w2.grad outer products equal the backward pass's w2.grad", w2Matmul == grads.w2 ? 1 : 0)
            s.scalar("images in the w1 outer-product check", Double(outerRows))
            let fullBytes = Double(imagesInFile) * 784 * Double(hidden) * 8
            s.scalar("bytes of the 50000x784x50 array", fullBytes)
            s.shapes("(inp[:, :, None] * out.grad[:, None, :]).sum(0): (N x in x 1) * (N x 1 x out) -> (N x in x out) -> (in x out)")
            s.shapes("w2: (\(count)x50x1), \(fmt(Double(count) * 50 * 8 / 1e6, 3)) MB; w1 over all 50000 images: (50000x784x50), \(fmt(fullBytes / 1e9, 3)) GB")
            s.note("The two forms agree to \(fmt(Swift.max(w1Difference, w2Difference), 2)) of the largest element: the same products, summed in a different order.")
            s.note("For w1 the tutorial's one-liner over all 50000 images would build a 50000 x 784 x 50 array of doubles, \(fmt(fullBytes / 1e9, 3)) GB, before summing it. NeuralNet's linGradWeightOuter builds it 100 images at a time (31 MB), and this step runs it on the first \(outerRows) images only: the timings already show the point, and the full version would only take longer.")
        }
    }

    /// Autograd on the same data and weights.
    func recordAutograd(_ f: Forward, _ grads: Gradients, _ weights: Weights, _ x: Tensor, _ y: Tensor) throws {
        let (w1, b1, w2, b2) = (weights.w1, weights.b1, weights.w2, weights.b2)
        let parameters: Named<Tensor> = ["w1": w1, "b1": b1, "w2": w2, "b2": b2, "x": x]
        let manual: Named<Tensor> = ["w1": grads.w1, "b1": grads.b1, "w2": grads.w2, "b2": grads.b2, "x": grads.x]
        try r.step("autograd") { s in
            let (tapeLoss, automatic) = try s.timed("autograd forward and backward (\(count) images)") {
                try GradientCheck.autogradGradients(at: parameters) { tape, p in
                    let yv = tape.constant(y, name: "y")
                    let l1 = try p["x"].matmul(p["w1"]) + p["b1"]
                    let out = try l1.relu().matmul(p["w2"]) + p["b2"]
                    return try Variable.meanSquaredError(out, yv)
                }
            }
            // Each gradient is compared relative to its own largest element, as the outer-product
            // step does: an element that is a sum of nearly cancelling terms (many of x.grad's are)
            // carries rounding error of the size of the terms, not of the tiny result.
            var rows = [GradientCheckTable.Row]()
            for name in manual.names {
                let m = manual[name], scale = m.abs().max()
                let report = try GradientCheck.compare(manual: [name: m], autograd: [name: automatic[name]],
                                                       relativeFloor: Swift.max(scale, 1e-300))
                rows += GradientCheckTable(report, name: name, tolerance: 1e-10).rows
            }
            let table = GradientCheckTable(name: "784-50-1 on \(count) images: manual against autograd", h: .nan,
                                           tolerance: 1e-10, rows: rows)
            s.checks.append(table)
            s.scalar("loss (tape)", tapeLoss)
            s.scalar("loss (functions)", f.loss)
            s.scalar("largest |manual - autograd| (tutorial's test_close eps)", table.rows.map(\.manualVsAutogradAbs).max() ?? .nan)
            s.note("Relative differences are |manual - autograd| / max(|manual|, |autograd|, the gradient's largest |element|), that is relative to the size of the gradient as a whole: many elements of x.grad are sums of 50 terms that nearly cancel, and dividing their rounding error by the tiny sum would measure the cancellation, not the code.")
            s.note("The tutorial checks with test_close(..., eps=0.01), an absolute tolerance; here every gradient, x.grad included, agrees with autograd to \(fmt(table.rows.map(\.manualVsAutogradRel).max() ?? .nan, 2)) relative (largest absolute difference \(fmt(table.rows.map(\.manualVsAutogradAbs).max() ?? .nan, 2))).")
            s.note("No finite-difference column here: it would need two forward passes over all \(count) images for each of the \(784 * hidden + hidden + hidden + 1) weights. The autograd-check lesson does that on the exam network.")
        }
    }

    func recordModules(_ f: Forward, _ grads: Gradients, _ weights: Weights, _ x: Tensor, _ y: Tensor) throws {
        let (w1, b1, w2, b2) = (weights.w1, weights.b1, weights.w2, weights.b2)
        try r.step("modules") { s in
            let model = Sequential(Linear(weight: w1, bias: b1, suffix: "1"), ReLU(), Linear(weight: w2, bias: b2, suffix: "2"))
            let loss = MSELoss(.mean)
            let value = try s.timed("modules: forward (\(count) images)") { try loss(try model(x), y) }
            let xGrad = try s.timed("modules: backward (\(count) images)") { try model.backward(try loss.backward()) }
            var rows = [[String]]()
            let reference = [("w1", grads.w1), ("b1", grads.b1), ("w2", grads.w2), ("b2", grads.b2)]
            for (parameter, (name, expected)) in zip(model.parameters, reference) {
                let grad = parameter.grad!
                rows.append([name, formatShape(grad.shape), grad == expected ? "yes" : "no", fmt(try (grad - expected).abs().max())])
            }
            rows.append(["x", formatShape(xGrad.shape), xGrad == grads.x ? "yes" : "no", fmt(try (xGrad - grads.x).abs().max())])
            s.tables.append(TableRecord(name: "identical", title: "Module gradients against the functions' gradients",
                                        header: ["gradient of", "shape", "bit-identical", "max |difference|"], rows: rows))
            s.scalar("loss (modules)", value)
            s.scalar("loss (functions)", f.loss)
            s.scalar("gradients bit-identical", Double(rows.filter { $0[2] == "yes" }.count))
            s.shapes("Sequential(Linear(784, 50), ReLU(), Linear(50, 1)) with MSELoss(.mean): x (\(count)x784) -> (\(count)x50) -> (\(count)x50) -> (\(count)x1)")
            s.note(value == f.loss && rows.allSatisfy { $0[2] == "yes" }
                   ? "The loss and all five gradients equal the function version's to the last bit: each module remembers its input in forward and calls the same gradient function in backward."
                   : "The module version differs from the function version: see the table.")
        }
    }

    /// max |a - b| / max |b|.
    static func relativeDifference(_ a: Tensor, _ b: Tensor) throws -> Double {
        let scale = b.abs().max()
        return scale > 0 ? try (a - b).abs().max() / scale : try (a - b).abs().max()
    }
}
