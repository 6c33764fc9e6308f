import Tensor

/// log(sum(exp(row))) for each row of a (N x C) matrix, as a vector of N.
///
/// Computed as m + log(sum(exp(row - m))) with m the row's maximum, so that logits of 1000
/// do not overflow e^x (every term is at most 1, and the largest is exactly 1).
public func logSumExp(_ logits: Tensor) throws(ShapeError) -> Tensor {
    let rows = try ShiftedRows(logits, operation: "log-sum-exp")
    return Tensor((0..<rows.maximum.count).map { rows.maximum[$0] + Libm.log(rows.sumOfExp[$0]) })
}

/// The softmax of each row of a (N x C) matrix: exp(row - m) / sum(exp(row - m)) with m the
/// row's maximum, which sums to 1.
public func softmax(_ logits: Tensor) throws(ShapeError) -> Tensor {
    let rows = try ShiftedRows(logits, operation: "softmax")
    var p = logits
    p.withUnsafeMutableBufferPointer { x in
        for i in 0..<x.count {
            let r = i / rows.columns
            x[i] = Libm.exp(x[i] - rows.maximum[r]) / rows.sumOfExp[r]
        }
    }
    return p
}

/// Each row's maximum m and sum(exp(row - m)): the pieces of a stable softmax. Keeping them
/// apart, rather than forming m + log(sum) first, avoids rounding at the size of the logits
/// (an ulp of 1000 is 1e-13) in the small differences that follow.
struct ShiftedRows {
    let columns: Int
    let maximum: [Double]
    let sumOfExp: [Double]

    init(_ logits: Tensor, operation: String) throws(ShapeError) {
        guard logits.rank == 2, logits.shape[1] > 0 else {
            throw ShapeError(operation: operation, shapes: [logits.shape],
                             reason: "needs a matrix of logits, one row per example and at least one class")
        }
        let (rows, columns) = (logits.shape[0], logits.shape[1])
        var maximum = [Double](repeating: 0, count: rows)
        var sumOfExp = [Double](repeating: 0, count: rows)
        logits.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let row = x[(r * columns)..<((r + 1) * columns)]
                let m = row.max()!
                var s = 0.0
                for v in row { s += Libm.exp(v - m) }
                maximum[r] = m
                sumOfExp[r] = s
            }
        }
        self.columns = columns
        self.maximum = maximum
        self.sumOfExp = sumOfExp
    }
}

/// Cross-entropy of the softmax of logits against integer class labels, averaged over the
/// batch: mean(logSumExp(logits) - logits[label]), with gradient (softmax - onehot) / batch.
/// Each example's loss is computed as (m - logits[label]) + log(sum(exp(row - m))), m the row's
/// maximum, so logits of +-1000 give exact small losses rather than differences of two
/// rounded numbers near 1000.
///
/// The labels are a tensor of N class indices (whole numbers stored as doubles), so that a
/// mini-batch of them is gathered with `rows(_:)` like the inputs.
public final class SoftmaxCrossEntropy: Loss {
    /// The softmax of the last logits, (N x C): what the network's guesses look like as
    /// probabilities.
    public private(set) var probabilities: Tensor?
    /// The loss of each example in the last batch, (N).
    public private(set) var losses: Tensor?
    private var labels: [Int] = []

    /// A loss with nothing remembered yet.
    public init() {}

    public func forward(_ logits: Tensor, _ labels: Tensor) throws(ShapeError) -> Double {
        let rows = try ShiftedRows(logits, operation: "softmax cross-entropy")
        let columns = rows.columns
        let classes = try Self.classIndices(labels, rows: rows.maximum.count, classes: columns, logits: logits)
        let perExample = classes.enumerated().map { r, label in
            (rows.maximum[r] - logits.scalars[r * columns + label]) + Libm.log(rows.sumOfExp[r])
        }
        var p = logits
        p.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] = Libm.exp(x[i] - rows.maximum[i / columns]) / rows.sumOfExp[i / columns] }
        }
        self.labels = classes
        probabilities = p
        losses = Tensor(perExample)
        return losses!.mean()
    }

    public func backward() throws(ShapeError) -> Tensor {
        var grad = remembered(probabilities, "probabilities", in: self)
        let columns = grad.shape[1], batch = Double(grad.shape[0])
        grad.withUnsafeMutableBufferPointer { g in
            for (r, label) in labels.enumerated() { g[r * columns + label] -= 1 }
            for i in 0..<g.count { g[i] /= batch }
        }
        return grad
    }

    /// The labels as integers, checked to be whole numbers naming one of the classes.
    static func classIndices(_ labels: Tensor, rows: Int, classes: Int, logits: Tensor) throws(ShapeError) -> [Int] {
        guard labels.count == rows, labels.rank == 1 || (labels.rank == 2 && labels.shape[1] == 1) else {
            throw ShapeError(operation: "softmax cross-entropy", shapes: [logits.shape, labels.shape],
                             reason: "needs one label per row of logits")
        }
        var indices = [Int]()
        indices.reserveCapacity(rows)
        for v in labels.scalars {
            guard v == v.rounded(), v >= 0, v < Double(classes) else {
                throw ShapeError(operation: "softmax cross-entropy", shapes: [logits.shape, labels.shape],
                                 reason: "label \(v) is not a class index in 0..<\(classes)")
            }
            indices.append(Int(v))
        }
        return indices
    }
}
