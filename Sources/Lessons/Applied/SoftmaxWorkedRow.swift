import Foundation
import Tensor
import LessonRecords

/// One row of softmax cross-entropy worked by hand, step by step as the lesson's prose derives
/// it, beside the row that `SoftmaxCrossEntropy.backward()` gave for the same batch.
///
/// With z the row's logits, y its label and N the batch size:
/// m = max_k z_k, S = sum_k exp(z_k - m), p_k = exp(z_k - m) / S, the row's loss
/// (m - z_y) + log S, and its gradient (p_k - [k = y]) / N.
struct SoftmaxWorkedRow {
    let label: Int
    let batchSize: Int
    let logits: [Double]
    let maximum: Double
    let shifted: [Double]
    let exponentials: [Double]
    let sumOfExp: Double
    let probabilities: [Double]
    let onehot: [Double]
    let loss: Double
    let gradient: [Double]
    /// The same row of the loss module's gradient, computed by its own code.
    let backward: [Double]

    /// Works the formulas through for one row of `logits` with answer `label`.
    init(logits: [Double], label: Int, batchSize: Int, backward: [Double]) {
        precondition(logits.indices.contains(label) && backward.count == logits.count,
                     "SoftmaxWorkedRow: label or gradient row does not fit the logits")
        self.label = label
        self.batchSize = batchSize
        self.logits = logits
        let m = logits.max()!
        let e = logits.map { Foundation.exp($0 - m) }
        // Summed left to right, as the loss module sums a row.
        let sum = e.reduce(0, +)
        let p = e.map { $0 / sum }
        let y: [Double] = logits.indices.map { $0 == label ? 1 : 0 }
        maximum = m
        shifted = logits.map { $0 - m }
        exponentials = e
        sumOfExp = sum
        probabilities = p
        onehot = y
        loss = (m - logits[label]) + Foundation.log(sum)
        gradient = zip(p, y).map { ($0 - $1) / Double(batchSize) }
        self.backward = backward
    }

    /// The largest |formula - backward()| over the row: 0 when both do the same arithmetic.
    var largestDifference: Double {
        zip(gradient, backward).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    /// The class the row gives the most probability to, the label left out (the first on ties).
    var likeliestOther: Int {
        // max(by:) replaces its answer only on a strictly larger element, so it keeps the first.
        probabilities.indices.filter { $0 != label }.max { probabilities[$0] < probabilities[$1] }!
    }

    /// Records the worked row as one labelled tensor, a row per class and a column per stage (so
    /// that the page prints its numbers), and the numbers the prose quotes as scalars named
    /// `image 0 ...`.
    func record(into s: inout StepRecord, image: Int = 0) throws {
        let stages = [logits, shifted, exponentials, probabilities, onehot, gradient, backward]
        s.tensor("image \(image), worked", try Tensor(shape: [logits.count, stages.count],
                                                      scalars: logits.indices.flatMap { k in stages.map { $0[k] } }),
                 role: .other, rowLabels: logits.indices.map { "\($0)" },
                 columnLabels: ["z", "z - m", "exp(z - m)", "p = exp(z - m) / S", "onehot",
                                "(p - onehot) / \(batchSize)", "backward(), row \(image)"])
        let other = likeliestOther
        s.scalar("image \(image) label", Double(label))
        s.scalar("image \(image) logit at the label", logits[label])
        s.scalar("image \(image) largest logit", maximum)
        s.scalar("image \(image) sum of exp(z - m)", sumOfExp)
        s.scalar("image \(image) loss", loss)
        s.scalar("image \(image) p at the label", probabilities[label])
        s.scalar("image \(image) gradient at the label", gradient[label])
        s.scalar("image \(image) likeliest other digit", Double(other))
        s.scalar("image \(image) p at the likeliest other digit", probabilities[other])
        s.scalar("image \(image) gradient at the likeliest other digit", gradient[other])
        s.scalar("image \(image) largest difference, formula vs backward()", largestDifference)
    }
}
