import Tensor

/// Stands for the notebook-wide `lr = 0.01` of tutorial 000, the global its `Model.backward`
/// reads by mistake.
let notebookLR = 0.01

/// Tutorial 000's refactored `Model`, with its mistake: it keeps the learning rate it is built
/// with, and its `backward` then steps with the notebook's global rate instead.
///
/// In the tutorial both rates are 0.01, so nothing it printed was affected; the slip shows as
/// soon as a model is built with another rate.
final class TutorialModel {
    /// The network's parameters, updated in place by `backward`.
    private(set) var net: ExamNetwork
    /// The learning rate this model was built with (`self.lr`), which `backward` never reads.
    let lr: Double
    private var last: (x: Tensor, y: Tensor, forward: ExamNetwork.Forward)?

    /// A model over `net`'s parameters with its own learning rate `lr`.
    init(_ net: ExamNetwork, lr: Double) {
        self.net = net
        self.lr = lr
    }

    /// The loss on `x` and `y`; the pass is remembered for `backward`.
    func callAsFunction(_ x: Tensor, _ y: Tensor) throws -> Double {
        let f = try net.forward(x, y)
        last = (x, y, f)
        return f.loss
    }

    /// The gradients of the last pass, then `w -= lr * w.grad` for every parameter.
    /// The tutorial writes `self.w1 -= lr*self.w1.grad`: in a Python method a bare
    /// `lr` is the global, not `self.lr`. Swift reads a bare `lr` as `self.lr`, so
    /// the global has its own name here.
    func backward() throws {
        guard let last else { preconditionFailure("backward before a forward pass") }
        let gradients = try net.backward(last.x, last.y, last.forward)
        try net.step(gradients, learningRate: notebookLR)  // self.lr was meant
    }
}
