import NeuralNet
import Tensor
import LessonRecords

/// Two mistakes the tutorials avoid, shown because they are easy to make: a broadcast where a
/// squeeze belonged, and gradients that are never zeroed.
extension PitfallsLesson {
    func broadcast(_ s: inout StepRecord) throws -> Bool {
        let l3 = try divided.forward(x, y).l3
        let wrong = try l3 - y
        let right = try l3.squeezed(axis: 1) - y
        let lossWithout = wrong.squared().mean(), lossWith = right.squared().mean()
        s.tensor("l3 - y (no squeeze)", wrong, role: .other)
        s.scalar("loss without squeeze", lossWithout)
        s.scalar("loss with squeeze", lossWith)
        s.shapes("l3 (\(y.count)x1) - y (\(y.count)) -> (\(wrong.shape.map(String.init).joined(separator: "x"))): every prediction minus every target")
        let before = s.errors.count
        try s.caught("mse(l3, y) with l3 broadcast", lesson: "pitfalls") {
            // Our mse squeezes only a trailing axis of size 1 and then insists on equal shapes:
            // handed the broadcast matrix, it refuses.
            _ = try mse(wrong, y)
        }
        s.note("The check: compare shapes before reducing. A mean over \(wrong.count) differences instead of \(y.count) still gives a plausible-looking number: \(fmt(lossWithout)) against \(fmt(lossWith)).")
        return wrong.shape == [y.count, y.count] && lossWithout != lossWith && s.errors.count > before
    }

    func unzeroedGradients(_ s: inout StepRecord) throws -> Bool {
        // code: two-backward-calls
        let model = Sequential(Linear(weight: kaiming.w1, bias: kaiming.b1, suffix: "1"),
                               ReLU(),
                               Linear(weight: kaiming.w2, bias: kaiming.b2, suffix: "2"))
        let loss = MSELoss(.mean)
        _ = try loss(try model.forward(x), y)
        let gradient = try loss.backward()
        _ = try model.backward(gradient)
        let once = model.parameters.map { $0.grad! }
        _ = try model.backward(gradient)  // again, and nobody called zeroGrad() in between
        let twice = model.parameters.map { $0.grad! }
        model.zeroGrad()
        _ = try model.backward(gradient)
        let afterZeroing = model.parameters.map { $0.grad! }
        // end code
        var offDouble = 0.0, offOnce = 0.0
        for k in once.indices {
            offDouble = Swift.max(offDouble, maxAbs(try twice[k] - once[k] * 2))
            offOnce = Swift.max(offOnce, maxAbs(try afterZeroing[k] - once[k]))
        }
        s.tensor("w2.grad after one backward", once[2], role: .gradient)
        s.tensor("w2.grad after two", twice[2], role: .gradient)
        s.tensor("w2.grad after zeroGrad() and one backward", afterZeroing[2], role: .gradient)
        s.scalar("largest |grad after two - 2 x grad after one|", offDouble)
        s.scalar("largest |grad after zeroGrad() - grad after one|", offOnce)
        s.scalar("largest |grad after one|", once.map(maxAbs).max()!)
        s.note("The check: the gradient of one pass must not depend on how often backward ran. Every parameter's grad after two calls is exactly twice the first (largest difference from 2x: \(fmt(offDouble))), so the next SGD step would move twice as far; after zeroGrad() one call gives the first gradient again (difference \(fmt(offOnce))).")
        return offDouble == 0 && once.contains { maxAbs($0) > 0 }
    }
}
