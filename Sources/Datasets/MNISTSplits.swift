import Tensor

/// A training set and a set held out to measure on.
public struct MNISTSplit: Sendable, Equatable {
    /// The images to learn from.
    public let train: MNISTSet
    /// The images to measure on (validation or test).
    public let heldOut: MNISTSet
}

extension DataDirectory {
    /// Tutorials 002 and 004: the first 50000 training images to train on, the last 10000 to
    /// validate on, in file order.
    public func mnistTrainValidation() throws(DatasetError) -> MNISTSplit {
        let all = try mnist(.train)
        return MNISTSplit(train: all.subset(0..<50_000), heldOut: all.subset(50_000..<all.count))
    }

    /// Tutorial 001: the 10000 *test* images split 80/20 at random, as its
    /// `random_split(data, [0.8, 0.2])` does: a seeded permutation of 0..<10000, its first 8000
    /// entries the training images and the remaining 2000 the test images, each in permutation
    /// order. (torch's generator is not ours, so the chosen images differ from the tutorial's.)
    public func mnistTestSplit(seed: UInt64) throws(DatasetError) -> MNISTSplit {
        let all = try mnist(.test)
        var generator = Xoshiro256StarStar(seed: seed)
        return splitRandomly(all, fraction: 0.8, using: &generator)
    }
}

/// A random split like torch's `random_split(set, [fraction, 1 - fraction])`: permute all
/// indices, the first `floor(count * fraction)` go to `train`, the rest to `heldOut`.
public func splitRandomly(_ set: MNISTSet, fraction: Double, using generator: inout Xoshiro256StarStar)
    -> MNISTSplit
{
    let parts = randomSplitIndices(count: set.count, fraction: fraction, using: &generator)
    return MNISTSplit(train: set.subset(parts.train), heldOut: set.subset(parts.heldOut))
}

/// The positions `splitRandomly` sends to each part, for a set of `count` items: a permutation
/// of 0..<count, its first `floor(count * fraction)` entries `train`, the rest `heldOut`. Kept
/// apart so that what a split shares with the file it came from can be counted without the
/// images (the pitfalls lesson does).
public func randomSplitIndices(count: Int, fraction: Double, using generator: inout Xoshiro256StarStar)
    -> (train: [Int], heldOut: [Int])
{
    precondition(fraction >= 0 && fraction <= 1, "splitRandomly: fraction \(fraction) outside [0, 1]")
    let order = generator.permutation(count)
    let cut = Int((Double(count) * fraction).rounded(.down))
    return (Array(order[..<cut]), Array(order[cut...]))
}
