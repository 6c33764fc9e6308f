import Tensor

/// How the examples of an epoch are split into mini-batches.
public enum BatchSampling: Sendable, Equatable {
    /// One step per epoch on all examples, in order (the exam network of [000]).
    case fullBatch
    /// A fresh random permutation each epoch, cut into consecutive batches, so every example is
    /// seen once per epoch ([002]). With `dropLast`, a final short batch is skipped, as [002]'s
    /// loop does.
    case withoutReplacement(batchSize: Int, dropLast: Bool)
    /// `stepsPerEpoch` batches, each of `batchSize` indices drawn independently, so an example
    /// may appear twice in a batch or not at all in an epoch ([001]).
    case withReplacement(batchSize: Int, stepsPerEpoch: Int)

    /// The row indices of each batch of one epoch over `count` examples, drawing from
    /// `generator` (not at all for `fullBatch`).
    public func batches(count: Int, using generator: inout Xoshiro256StarStar) -> [[Int]] {
        switch self {
        case .fullBatch:
            return [Array(0..<count)]
        case let .withoutReplacement(batchSize, dropLast):
            precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
            let order = generator.permutation(count)
            var result = [[Int]]()
            for start in stride(from: 0, to: count, by: batchSize) {
                let end = min(start + batchSize, count)
                if dropLast && end - start < batchSize { break }
                result.append(Array(order[start..<end]))
            }
            return result
        case let .withReplacement(batchSize, stepsPerEpoch):
            precondition(batchSize > 0 && count > 0, "sampling \(batchSize) of \(count) examples")
            return (0..<stepsPerEpoch).map { _ in generator.sampleWithReplacement(batchSize, from: count) }
        }
    }
}
