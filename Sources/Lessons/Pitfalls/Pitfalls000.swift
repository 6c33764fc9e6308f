import NeuralNet
import Tensor
import LessonRecords

/// Tutorial 000's mistakes: the divided initialisation, the toy input in the refactored model,
/// and the model that ignores its own learning rate.
extension PitfallsLesson {
    func dividedInit(_ s: inout StepRecord) throws -> Bool {
        let wanted = (2.0 / 3).squareRoot()
        let stdDivided = TensorStats(divided.w1.scalars).std
        let stdKaiming = TensorStats(kaiming.w1.scalars).std
        let ratio = stdDivided / stdKaiming
        s.scalar("sqrt(2/fan_in) for w1", wanted)
        s.scalar("std of w1, divided", stdDivided)
        s.scalar("std of w1, multiplied", stdKaiming)
        s.scalar("first loss, divided", try divided.forward(x, y).loss)
        s.scalar("first loss, multiplied", try kaiming.forward(x, y).loss)
        s.scalar("ratio of the spreads", ratio)
        s.note("The check: Kaiming asks for a spread of sqrt(2/3) = \(fmt(wanted)) around 0 for 3 inputs. From the same draws, the divided weights spread \(fmt(ratio, 4)) times wider than the multiplied ones: 1 / (2/3), the square of the factor.")
        // Same draws, so any ratio but 1 (beyond rounding) is the factor applied the wrong way.
        return Swift.abs(ratio - 1) > 1e-9
    }

    func shapeError(_ s: inout StepRecord) throws -> Bool {
        var g = Xoshiro256StarStar(seed: r.seed &+ 1)
        let before = s.errors.count
        // code: toy-input
        // Tutorial 000's last cells: the model called on the 1x3 toy input, then backward.
        let toy = Tensor.randn(1, 3, using: &g)
        let l1 = try lin(toy, divided.w1, divided.b1)
        let l2 = relu(l1)
        let l3 = try lin(l2, divided.w2, divided.b2)
        // numpy's mse_grad on a (1x1) prediction and 25 targets broadcasts to 25 rows.
        let predGrad = try (try (l3.squeezed() - y) * 2 / 1).reshaped(y.count, 1)
        try s.caught("w2.grad = l2.T @ l3.grad", lesson: "pitfalls") {
            // The second layer's weight gradient, where the tutorial stops with a ValueError.
            _ = try Tensor.matmul(l2, predGrad, transposeA: true)
        }
        // end code
        s.tensor("toy x", toy, role: .input)
        s.tensor("l3", l3, role: .output)
        s.tensor("l3.grad (broadcast)", predGrad, role: .gradient)
        s.note("The check: every matrix product names both shapes when they do not fit. The mistake happened three lines earlier, where a (1x1) prediction was compared with \(y.count) targets.")
        return s.errors.count > before
    }

    func globalLearningRate(_ s: inout StepRecord) throws -> Bool {
        // code: two-models
        // One program, one global rate (notebookLR = 0.01, tutorial 000's `lr`), two models
        // built with their own rates from the same starting weights.
        let a = TutorialModel(divided, lr: 0.01)
        let b = TutorialModel(divided, lr: 0.1)
        for model in [a, b] {
            _ = try model(x, y)
            try model.backward()
        }
        // end code
        // What b's own rate asks for: the same gradients, its own step.
        var intended = divided
        let gradients = try intended.backward(x, y, try intended.forward(x, y))
        try intended.step(gradients, learningRate: b.lr)
        var difference = 0.0
        for ((_, p), (_, q)) in zip(a.net.named, b.net.named) { difference = Swift.max(difference, maxAbs(try p - q)) }
        let taken = maxAbs(try b.net.w1 - divided.w1), asked = maxAbs(try intended.w1 - divided.w1)
        s.scalar("global lr", notebookLR)
        s.scalar("a.lr", a.lr)
        s.scalar("b.lr", b.lr)
        s.tensor("w2 before", divided.w2, role: .parameter)
        s.tensor("w2 after, a", a.net.w2, role: .parameter)
        s.tensor("w2 after, b (as written)", b.net.w2, role: .parameter)
        s.tensor("w2 after, b with b.lr", intended.w2, role: .parameter)
        s.scalar("largest |a - b| after the step", difference)
        s.scalar("b's step / the step b.lr asks for", taken / asked)
        s.scalar("loss after, a", try a.net.forward(x, y).loss)
        s.scalar("loss after, b (as written)", try b.net.forward(x, y).loss)
        s.scalar("loss after, b with b.lr", try intended.forward(x, y).loss)
        s.note("The check: a model built with lr \(fmt(b.lr)) must step \(fmt(b.lr / a.lr, 3)) times as far as one built with \(fmt(a.lr)). As written both step with the global \(fmt(notebookLR)): their weights differ by \(fmt(difference)) after the step, and b moves \(fmt(taken / asked, 4)) of the way its own rate asks for.")
        return Swift.abs(taken / asked - 1) > 1e-9
    }
}
