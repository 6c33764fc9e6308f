import Autograd
import Foundation
import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 002's mistakes: a "Sigmoid" layer that computes tanh, and a cross-entropy that
/// overflows.
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

    func softmaxOverflow(_ s: inout StepRecord) throws -> Bool {
        // The same row twice, the second shifted by 710. Adding a constant to a row changes
        // neither its softmax nor its cross-entropy, so both rows have the same true loss.
        let row = [2.0, 1.0, -1.0], shift = 710.0
        let logits = try Tensor([row, row.map { $0 + shift }])
        let answers = [0, 0]
        let asWritten = try tutorialCrossEntropy(logits, answers)
        let asWrittenGradient = try tutorialCrossEntropyGradient(logits, answers)
        let stable = SoftmaxCrossEntropy()
        let stableLoss = try stable.forward(logits, Tensor(answers.map(Double.init)))
        let stableGradient = try stable.backward()
        let nanCount = asWrittenGradient.scalars.filter(\.isNaN).count
        s.tensor("logits", logits, role: .output)
        s.tensor("exp(logits)", logits.exp(), role: .other)
        s.scalar("largest x with exp(x) finite, log(max double)", Foundation.log(Double.greatestFiniteMagnitude))
        s.tensor("loss per row, as written", asWritten, role: .loss)
        s.tensor("loss per row, log-sum-exp", stable.losses!, role: .loss)
        s.scalar("mean loss, as written", asWritten.mean())
        s.scalar("mean loss, log-sum-exp", stableLoss)
        s.tensor("gradient, as written", asWrittenGradient, role: .gradient)
        s.tensor("gradient, log-sum-exp", stableGradient, role: .gradient)
        s.scalar("NaN entries in the gradient, as written", Double(nanCount))
        s.shapes("logits (2x3), answers [0, 0] -> loss per row (2) -> mean loss")
        s.note("The check: a loss must be a number. As written, exp(\(fmt(shift + row[0]))) is \(fmt(Foundation.exp(shift + row[0]))), the second row's loss is \(fmt(asWritten[1])), and \(nanCount) of the 6 gradient entries are NaN (infinity over infinity), which one update spreads into the weights. Subtracting each row's maximum first, both rows give \(fmt(stable.losses![0])).")
        return !asWritten.mean().isFinite && stableLoss.isFinite
    }
}
