import Datasets
import Tensor
import XCTest

final class BatchesTests: XCTestCase {
    func testShuffledBatchesKeepTheRemainder() {
        var batches = ShuffledBatches(count: 10, batchSize: 3, remainder: .keep, generator: Xoshiro256StarStar(seed: 7))
        XCTAssertEqual(batches.batchesPerEpoch, 4)
        let epoch = batches.nextEpoch()
        XCTAssertEqual(epoch.map(\.count), [3, 3, 3, 1])
        XCTAssertEqual(epoch.flatMap { $0 }.sorted(), Array(0..<10))
        XCTAssertEqual(batches.epochsDrawn, 1)
    }

    func testShuffledBatchesDropTheRemainder() {
        var batches = ShuffledBatches(count: 10, batchSize: 3, remainder: .drop, generator: Xoshiro256StarStar(seed: 7))
        let epoch = batches.nextEpoch()
        XCTAssertEqual(epoch.map(\.count), [3, 3, 3])
        XCTAssertEqual(Set(epoch.flatMap { $0 }).count, 9)
    }

    func testEachEpochIsANewShuffleAndSeedsReproduce() {
        var a = ShuffledBatches(count: 100, batchSize: 32, generator: Xoshiro256StarStar(seed: 42))
        var b = ShuffledBatches(count: 100, batchSize: 32, generator: Xoshiro256StarStar(seed: 42))
        let first = a.nextEpoch(), second = a.nextEpoch()
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(b.nextEpoch(), first)
        XCTAssertEqual(b.nextEpoch(), second)
        // The first epoch is exactly the generator's first permutation.
        var generator = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual(first.flatMap { $0 }, generator.permutation(100))
    }

    func testSampledBatchesDrawWithReplacement() {
        var batches = SampledBatches(count: 5, batchSize: 32, generator: Xoshiro256StarStar(seed: 3))
        var generator = Xoshiro256StarStar(seed: 3)
        let batch = batches.next()
        XCTAssertEqual(batch.count, 32)
        XCTAssertTrue(batch.allSatisfy { (0..<5).contains($0) })
        XCTAssertLessThan(Set(batch).count, 32)  // 32 draws from 5 must repeat
        XCTAssertEqual(batch, generator.sampleWithReplacement(32, from: 5))
        XCTAssertEqual(batches.next(), generator.sampleWithReplacement(32, from: 5))
    }

    func testGatheringABatchOfRows() throws {
        let x = try Tensor(shape: [4, 2], scalars: [0, 1, 10, 11, 20, 21, 30, 31])
        let batch = x.rows([3, 0, 3])
        XCTAssertEqual(batch.shape, [3, 2])
        XCTAssertEqual(batch.scalars, [30, 31, 0, 1, 30, 31])
    }
}
