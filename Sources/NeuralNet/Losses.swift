import Tensor

/// A loss: a number from a batch of predictions and targets, and its gradient with respect to
/// the predictions. It remembers its last inputs, so `backward` must follow its `forward`.
public protocol Loss: AnyObject {
    /// The loss of `prediction` against `target`.
    func forward(_ prediction: Tensor, _ target: Tensor) throws(ShapeError) -> Double
    /// The gradient of the last loss with respect to the last prediction, shaped like it.
    func backward() throws(ShapeError) -> Tensor
}

extension Loss {
    /// `loss(pred, targ)` is `loss.forward(pred, targ)`.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws(ShapeError) -> Double {
        try forward(prediction, target)
    }
}

/// How the squared errors of a batch are turned into one number. The tutorials use three, and
/// the choice scales the gradient, and so the learning rate that works.
public enum MSEReduction: Sendable, Equatable {
    /// mean((pred - targ)^2) over every element ([000], [004]); gradient 2 (pred - targ) / count.
    case mean
    /// sum((pred - targ)^2) / (2 x batch) ([001]); gradient (pred - targ) / batch.
    case sumOverTwiceBatch
    /// 1/2 sum((pred - targ)^2) ([003]); gradient pred - targ.
    case halfSum
}

/// Squared error between predictions and targets, reduced as `reduction` says.
///
/// As with `mse`, a trailing axis of size 1 is dropped from either side, and the shapes must
/// then be equal.
public class MSELoss: Loss {
    /// How the squared errors are summed up.
    public let reduction: MSEReduction
    private var prediction: Tensor?
    private var target: Tensor?

    /// A loss reduced by `reduction` (the mean unless told otherwise).
    public init(_ reduction: MSEReduction = .mean) {
        self.reduction = reduction
    }

    public func forward(_ prediction: Tensor, _ target: Tensor) throws(ShapeError) -> Double {
        self.prediction = prediction
        self.target = target
        switch reduction {
        case .mean:
            return try mse(prediction, target)
        case .sumOverTwiceBatch:
            return try squaredErrorDifference(prediction, target).squared().sum() / (2 * Double(batchSize(prediction)))
        case .halfSum:
            return 0.5 * (try squaredErrorDifference(prediction, target).squared().sum())
        }
    }

    public func backward() throws(ShapeError) -> Tensor {
        let pred = remembered(prediction, "prediction", in: self)
        let targ = remembered(target, "target", in: self)
        switch reduction {
        case .mean:
            return try mseGrad(pred, targ)
        case .sumOverTwiceBatch:
            let d = try squaredErrorDifference(pred, targ) / Double(batchSize(pred))
            return try d.reshaped(shape: pred.shape)
        case .halfSum:
            return try squaredErrorDifference(pred, targ).reshaped(shape: pred.shape)
        }
    }
}

/// The number of examples in a batch: the size of the first axis.
func batchSize(_ t: Tensor) -> Int {
    t.rank == 0 ? 1 : t.shape[0]
}
