import Datasets
import Foundation
import Tensor
import XCTest

final class MNISTTests: XCTestCase {
    func testTestSetShapesLabelsAndPixels() throws {
        let test = try repositoryData().mnist(.test)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(test.pixels.count, 10_000 * 784)
        XCTAssertEqual(Array(test.labels.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        XCTAssertEqual(Array(test.labels.suffix(5)), [2, 3, 4, 5, 6])
        XCTAssertEqual(counts(test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        XCTAssertEqual(test.image(0).reduce(0) { $0 + Int($1) }, 18454)
        XCTAssertEqual(test.image(9999).reduce(0) { $0 + Int($1) }, 41833)
        XCTAssertEqual(Array(test.image(0)[202..<205]), [84, 185, 159])

        let batch = test.inputs([0, 9999])
        XCTAssertEqual(batch.shape, [2, 784])
        XCTAssertEqual(batch.scalars[202], 84.0 / 255)
        XCTAssertEqual(batch.scalars.max(), 1)
        XCTAssertEqual(test.subset(0..<3).oneHotLabels().scalars,
                       [0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
                        0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                        0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(test.subset(0..<2).labelColumn().shape, [2, 1])
    }

    func testTheTestSetIsDecodedOnceAndShared() async throws {
        let data = try repositoryData()
        // Several lessons asking at once must all get the one decoded copy.
        let sets = try await withThrowingTaskGroup(of: MNISTSet.self) { group in
            for _ in 0..<4 { group.addTask { try data.mnist(.test) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let storage = sets.map { $0.pixels.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        XCTAssertEqual(Set(storage).count, 1, "every caller shares one pixel buffer")
        XCTAssertEqual(try data.mnist(.test).pixels.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) },
                       storage[0])
    }

    func testTutorial001SplitOfTheTestSet() throws {
        let data = try repositoryData()
        let split = try data.mnistTestSplit(seed: 1)
        XCTAssertEqual(split.train.count, 8000)
        XCTAssertEqual(split.heldOut.count, 2000)
        XCTAssertEqual(split.train.inputs().shape, [8000, 784])
        XCTAssertEqual(split.heldOut.oneHotLabels().shape, [2000, 10])
        XCTAssertEqual(try data.mnistTestSplit(seed: 1), split, "a seed gives the same split")
        XCTAssertNotEqual(try data.mnistTestSplit(seed: 2).train.labels, split.train.labels)

        // The two halves are the generator's permutation, cut at 8000.
        var generator = Xoshiro256StarStar(seed: 1)
        let order = generator.permutation(10_000)
        let test = try data.mnist(.test)
        XCTAssertEqual(split.train.labels, order[..<8000].map { test.labels[$0] })
        XCTAssertEqual(split.heldOut.image(0), test.image(order[8000]))
        XCTAssertEqual(counts(split.train.labels).reduce(0, +) + counts(split.heldOut.labels).reduce(0, +), 10_000)
        // The positions alone, as the pitfalls lesson counts them, are the same cut.
        var again = Xoshiro256StarStar(seed: 1)
        let parts = randomSplitIndices(count: 10_000, fraction: 0.8, using: &again)
        XCTAssertEqual(parts.train, Array(order[..<8000]))
        XCTAssertEqual(parts.heldOut, Array(order[8000...]))
    }

    /// The one test that decodes the 60000 training images (checksum, inflate, parse).
    func testTrainingSetAndItsValidationSplit() throws {
        let data = try repositoryData()
        let start = Date()
        let train = try data.decodeMNIST(.train)
        let seconds = Date().timeIntervalSince(start)
        print("decoded 60000 training images (SHA-256, inflate, parse) in \(String(format: "%.3f", seconds)) s")

        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(Array(train.labels.prefix(10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        XCTAssertEqual(Array(train.labels.suffix(5)), [8, 3, 5, 6, 8])
        XCTAssertEqual(counts(train.labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(train.image(0).reduce(0) { $0 + Int($1) }, 27525)
        XCTAssertEqual(train.image(59_999).reduce(0) { $0 + Int($1) }, 20920)

        let split = try data.mnistTrainValidation()
        XCTAssertEqual(split.train.count, 50_000)
        XCTAssertEqual(split.heldOut.count, 10_000)
        XCTAssertEqual(split.train.labels.last, 8)
        XCTAssertEqual(split.heldOut.labels.first, 3)
        XCTAssertEqual(split.heldOut.image(0).reduce(0) { $0 + Int($1) }, 22386)
        XCTAssertEqual(counts(split.train.labels), [4932, 5678, 4968, 5101, 4859, 4506, 4951, 5175, 4842, 4988])
    }

    private func counts(_ labels: [Int]) -> [Int] {
        labels.reduce(into: [Int](repeating: 0, count: 10)) { $0[$1] += 1 }
    }
}
