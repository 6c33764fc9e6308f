import Foundation
import Datasets
import NeuralNet
import Tensor
import LessonRecords

/// The core track's network: 3 inputs (the three test scores / 100), 5 hidden ReLU units and one
/// linear output (the final score / 200), with biases, as tutorial 000 builds it.
///
/// Every core lesson draws it the same way from the lesson's seed, so `w1` in the forward lesson
/// is `w1` in the backward lesson too.
struct ExamNetwork {
    var w1: Tensor
    var b1: Tensor
    var w2: Tensor
    var b2: Tensor

    /// How the weights are scaled after drawing N(0, 1).
    enum Scaling: String {
        /// As tutorial 000 writes it: divided by sqrt(2 / fan_in).
        case tutorial
        /// Kaiming: multiplied by sqrt(2 / fan_in).
        case kaiming
    }

    /// `w1` (3x5) then `w2` (5x1) from one generator seeded with `seed`; zero biases. Both
    /// scalings use the same draws, so they differ only by the factor.
    init(seed: UInt64, scaling: Scaling = .tutorial) {
        var generator = Xoshiro256StarStar(seed: seed)
        let raw1 = Tensor.randn(3, 5, using: &generator)
        let raw2 = Tensor.randn(5, 1, using: &generator)
        switch scaling {
        case .tutorial:
            w1 = raw1 / (2.0 / 3).squareRoot()
            w2 = raw2 / (2.0 / 5).squareRoot()
        case .kaiming:
            w1 = raw1 * (2.0 / 3).squareRoot()
            w2 = raw2 * (2.0 / 5).squareRoot()
        }
        b1 = Tensor.zeros(5)
        b2 = Tensor.zeros(1)
    }

    /// The activations of one forward pass.
    struct Forward {
        var l1: Tensor
        var l2: Tensor
        var l3: Tensor
        var loss: Double

        /// Hidden units whose pre-activation is at most zero for every student: off for all of
        /// them, so no gradient reaches their weights.
        var deadUnits: [Int] {
            (0..<l1.shape[1]).filter { j in (0..<l1.shape[0]).allSatisfy { l1[$0, j] <= 0 } }
        }

        /// The first hidden unit that is on for some student (one whose gradients are not all 0).
        var firstLiveUnit: Int? {
            (0..<l1.shape[1]).first { j in (0..<l1.shape[0]).contains { l1[$0, j] > 0 } }
        }
    }

    /// The gradients of one backward pass, named as the tutorials name them.
    struct Gradients {
        var l3: Tensor
        var l2: Tensor
        var w2: Tensor
        var b2: Tensor
        var l1: Tensor
        var x: Tensor
        var w1: Tensor
        var b1: Tensor
    }

    /// `l1 = lin(x, w1, b1)`, `l2 = relu(l1)`, `l3 = lin(l2, w2, b2)`, `loss = mse(l3, y)`.
    func forward(_ x: Tensor, _ y: Tensor) throws -> Forward {
        let l1 = try lin(x, w1, b1)
        let l2 = relu(l1)
        let l3 = try lin(l2, w2, b2)
        return Forward(l1: l1, l2: l2, l3: l3, loss: try mse(l3, y))
    }

    /// The backward pass by hand: the gradient functions called in the reverse order of the
    /// forward pass.
    func backward(_ x: Tensor, _ y: Tensor, _ f: Forward) throws -> Gradients {
        let l3g = try mseGrad(f.l3, y)
        let (l2g, w2g, b2g) = try linGrad(f.l2, w2, l3g)
        let l1g = try reluGrad(f.l1, l2g)
        let (xg, w1g, b1g) = try linGrad(x, w1, l1g)
        return Gradients(l3: l3g, l2: l2g, w2: w2g, b2: b2g, l1: l1g, x: xg, w1: w1g, b1: b1g)
    }

    /// `p -= lr * p.grad` for every parameter.
    mutating func step(_ g: Gradients, learningRate lr: Double) throws {
        try w1.subtract(g.w1, scaledBy: lr)
        try b1.subtract(g.b1, scaledBy: lr)
        try w2.subtract(g.w2, scaledBy: lr)
        try b2.subtract(g.b2, scaledBy: lr)
    }

    /// Full-batch gradient descent: the loss of each epoch (measured before its update).
    mutating func train(_ x: Tensor, _ y: Tensor, epochs: Int, learningRate lr: Double,
                        onEpoch: (Int, Double) -> Void = { _, _ in }) throws -> [Double] {
        var losses = [Double]()
        for epoch in 1...epochs {
            let f = try forward(x, y)
            guard f.loss.isFinite else { throw TrainingError.nonFinite(step: epoch, epoch: epoch, tensor: "loss", loss: f.loss) }
            try step(try backward(x, y, f), learningRate: lr)
            losses.append(f.loss)
            onEpoch(epoch, f.loss)
        }
        return losses
    }

    /// The parameters by name, in the order the pages list them.
    var named: [(String, Tensor)] { [("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)] }

    /// How far a backward pass has got, right to left: what its diagram may show.
    enum BackwardStage: Int, Comparable {
        /// `l3.grad` only.
        case loss
        /// Through the second layer: `l2.grad` (after the ReLU) and `w2.grad`.
        case layer2
        /// Through the ReLU: `l1.grad` (before it) replaces `l2.grad` in the hidden column.
        case relu
        /// Through the first layer: `x.grad` and `w1.grad` too; everything is known.
        case layer1

        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    /// The diagram's view for one example: activations going forward; with gradients, only what
    /// the backward pass has computed by `stage`, each column named by the tensor it shows.
    func state(name: String, x: Tensor, forward f: Forward?, gradients g: Gradients? = nil,
               stage: BackwardStage = .layer1, after: ExamNetwork? = nil, activeLayer: Int? = nil,
               sample: Int = 0) -> NetworkState {
        func row(_ t: Tensor?) -> [Double]? {
            guard let t, t.rank == 2 else { return nil }
            return Array(t.scalars[(sample * t.shape[1])..<((sample + 1) * t.shape[1])])
        }
        var input = NetworkState.Layer(name: "x", units: 3)
        var hidden = NetworkState.Layer(name: "l2 = relu(l1)", units: 5)
        var output = NetworkState.Layer(name: "l3", units: 1)
        if let g {
            // gradients are labelled by their tensor: `l2 · grad` after the ReLU, `l1 · grad` before
            hidden.name = stage >= .relu ? "l1" : "l2"
            input.values = stage >= .layer1 ? row(g.x) : nil
            hidden.values = stage >= .relu ? row(g.l1) : (stage >= .layer2 ? row(g.l2) : nil)
            output.values = row(g.l3)
            hidden.weightGradients = stage >= .layer1 ? g.w1.scalars : nil
            output.weightGradients = stage >= .layer2 ? g.w2.scalars : nil
        } else {
            input.values = row(x)
            hidden.values = row(f?.l2)
            output.values = row(f?.l3)
        }
        let kind = g != nil ? "gradient" : "activation"
        (input.valueKind, hidden.valueKind, output.valueKind) = (kind, kind, kind)
        hidden.bias = b1.scalars
        output.bias = b2.scalars
        hidden.weights = w1.scalars
        output.weights = w2.scalars
        hidden.weightsAfter = after?.w1.scalars
        output.weightsAfter = after?.w2.scalars
        hidden.biasAfter = after?.b1.scalars
        output.biasAfter = after?.b2.scalars
        return NetworkState(name: name, sample: sample, activeLayer: activeLayer, layers: [input, hidden, output])
    }
}
