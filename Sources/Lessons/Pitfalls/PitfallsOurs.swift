import NeuralNet
import Tensor

/// A mistake the tutorials avoid, shown because it is easy to make: a broadcast where a squeeze
/// belonged.
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
}
