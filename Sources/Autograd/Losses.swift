import Tensor

// The losses are compositions of the primitive operations, not kernels of their own: their
// gradients come out of the chain rule, which makes them independent of the hand-written ones.

extension Variable {
    /// mean((prediction - target)^2) after squeezing an N x 1 prediction to N, as the tutorials'
    /// `mse`. Throws when the shapes still differ, rather than broadcasting N x 1 against N into
    /// an N x N matrix.
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable) throws(ShapeError) -> Variable {
        let p = prediction.shape.count == 2 && prediction.shape[1] == 1 && target.shape.count == 1
            ? try prediction.squeezed(axis: 1) : prediction
        guard p.shape == target.shape else {
            throw ShapeError(operation: "mse", shapes: [prediction.shape, target.shape],
                             reason: "prediction and target shapes differ")
        }
        return try (p - target).squared().mean()
    }

    /// The mean over rows of -logits[i, labels[i]] + log(sum_j exp(logits[i, j])), for an N x C
    /// matrix of logits and N labels in 0..<C.
    ///
    /// Each row's maximum is subtracted first, as a constant: the loss does not change (the log
    /// of the sum shifts by exactly what was subtracted), and no exponential overflows, so the
    /// loss is finite for logits of any size.
    public static func softmaxCrossEntropy(logits: Variable, labels: [Int]) throws(ShapeError) -> Variable {
        guard logits.shape.count == 2 else {
            throw ShapeError(operation: "softmax cross-entropy", shapes: [logits.shape],
                             reason: "logits must be a matrix (rows x classes)")
        }
        let rowMax = logits.tape.constant(try logits.value.max(axis: 1, keepingDimension: true))
        let shifted = try logits - rowMax
        let logSumExp = try shifted.exp().sum(axis: 1).log()
        return try (logSumExp - shifted.pick(labels)).mean()
    }
}
