import Autograd
import NeuralNet
import Tensor

/// Tutorial 002's mistake: a "Sigmoid" layer that computes tanh.
extension PitfallsLesson {
    func sigmoidIsTanh(_ s: inout StepRecord) throws -> Bool {
        let z = Tensor.linspace(-3, 3, count: 7)
        let logistic = try Sigmoid().forward(z)
        let tanh = try Tanh().forward(z)
        s.tensor("z", z, role: .input)
        s.tensor("sigmoid(z)", logistic, role: .activation)
        s.tensor("tanh(z) (the tutorial's \"Sigmoid\")", tanh, role: .activation)
        s.scalar("sigmoid(0)", logistic[3])
        s.scalar("\"Sigmoid\"(0)", tanh[3])
        // A layer that computes the logistic forward but uses tanh's derivative backward.
        let mixed = try Tensor.ones(7) * logistic.map { 1 - $0 * $0 }
        let numeric = try NumericalGradient.gradients(of: { p in
            try Sigmoid().forward(p["z"]).sum()
        }, at: ["z": z])["z"]
        let difference = try GradientDifference(mixed, numeric)
        s.tensor("logistic forward, 1 - s^2 backward", mixed, role: .gradient)
        s.tensor("numeric gradient of the logistic", numeric, role: .gradient)
        s.scalar("max relative difference", difference.maxRelative)
        s.note("The check: sigmoid(0) must be 0.5 (the tutorial's layer gives \(fmt(tanh[3]))), and a gradient check of a layer that mixes the two fails by \(fmt(difference.maxRelative, 3)) relative.")
        // The tutorial's own gradient checks use rtol 1e-3.
        return tanh[3] != logistic[3] && difference.maxRelative > 1e-3
    }
}
