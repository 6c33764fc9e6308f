import Tensor

/// Mini-batches without replacement: each epoch is a fresh shuffle of `0..<count` cut into
/// batches of `batchSize` indices, so every example is seen once per epoch.
///
/// The shuffle uses the generator this value owns, so one seed gives the same batches in every
/// run: epoch 1 uses the first permutation drawn, epoch 2 the next, and so on. Gather a batch
/// with `Tensor.rows(_:)` (or `MNISTSet.inputs(_:)` for images).
public struct ShuffledBatches: Sendable {
    /// What to do with the examples left over when `count` is not a multiple of `batchSize`.
    public enum Remainder: Sendable, Equatable {
        /// Keep them as a last, smaller batch.
        case keep
        /// Drop them for this epoch (they are likely in a full batch next epoch).
        case drop
    }

    /// The number of examples.
    public let count: Int
    /// Indices per batch.
    public let batchSize: Int
    /// The fate of a last partial batch.
    public let remainder: Remainder
    /// Epochs handed out so far.
    public private(set) var epochsDrawn = 0
    private var generator: Xoshiro256StarStar

    /// Batches over `count` examples, shuffled with `generator` (which this value then owns).
    public init(count: Int, batchSize: Int, remainder: Remainder = .keep, generator: Xoshiro256StarStar) {
        precondition(count >= 0, "ShuffledBatches: negative count \(count)")
        precondition(batchSize > 0, "ShuffledBatches: batch size must be positive, got \(batchSize)")
        self.count = count
        self.batchSize = batchSize
        self.remainder = remainder
        self.generator = generator
    }

    /// Batches in one epoch.
    public var batchesPerEpoch: Int {
        remainder == .keep ? (count + batchSize - 1) / batchSize : count / batchSize
    }

    /// The next epoch's batches: a new permutation cut into consecutive runs of `batchSize`.
    public mutating func nextEpoch() -> [[Int]] {
        epochsDrawn += 1
        let order = generator.permutation(count)
        return (0..<batchesPerEpoch).map { batch in
            Array(order[batch * batchSize..<min((batch + 1) * batchSize, count)])
        }
    }
}

/// Mini-batches with replacement, as tutorial 001 draws them (`randint(len(X), size=32)`):
/// each batch is `batchSize` independent uniform indices, so repeats can occur. Gather a batch
/// with `Tensor.rows(_:)`.
public struct SampledBatches: Sendable {
    /// The number of examples.
    public let count: Int
    /// Indices per batch.
    public let batchSize: Int
    private var generator: Xoshiro256StarStar

    /// Batches of indices into `count` examples, drawn with `generator` (owned from now on).
    public init(count: Int, batchSize: Int, generator: Xoshiro256StarStar) {
        precondition(count > 0, "SampledBatches: need at least one example")
        precondition(batchSize > 0, "SampledBatches: batch size must be positive, got \(batchSize)")
        self.count = count
        self.batchSize = batchSize
        self.generator = generator
    }

    /// The next batch of indices.
    public mutating func next() -> [Int] {
        generator.sampleWithReplacement(batchSize, from: count)
    }
}
