import NeuralNet
import Tensor
import XCTest

final class TrainingTests: XCTestCase {
    func testWithoutReplacementSeesEveryExampleOncePerEpoch() {
        var rng = Xoshiro256StarStar(seed: 1)
        let batches = BatchSampling.withoutReplacement(batchSize: 4, dropLast: false).batches(count: 10, using: &rng)
        XCTAssertEqual(batches.map(\.count), [4, 4, 2])
        XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<10))
        var again = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(batches.flatMap { $0 }, again.permutation(10))

        let dropped = BatchSampling.withoutReplacement(batchSize: 4, dropLast: true).batches(count: 10, using: &rng)
        XCTAssertEqual(dropped.map(\.count), [4, 4])
        XCTAssertEqual(BatchSampling.fullBatch.batches(count: 3, using: &rng), [[0, 1, 2]])
    }

    func testWithReplacementDrawsIndependently() {
        var rng = Xoshiro256StarStar(seed: 2)
        let batches = BatchSampling.withReplacement(batchSize: 32, stepsPerEpoch: 3).batches(count: 10, using: &rng)
        var again = Xoshiro256StarStar(seed: 2)
        XCTAssertEqual(batches, (0..<3).map { _ in again.sampleWithReplacement(32, from: 10) })
        // 32 draws from 10 must repeat some.
        XCTAssertTrue(batches.allSatisfy { Set($0).count < 32 && $0.allSatisfy { (0..<10).contains($0) } })
    }

    func testMiniBatchTrainingReportsStepsAndEpochs() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let x = Tensor.uniform(shape: [20, 2], using: &rng)
        let y = try (x.matmul(Tensor([2, -1])) + 0.5)
        let model = Sequential(Linear(2, 1, initializer: .xavierNormal, using: &rng))
        let trainer = Trainer(model: model, loss: MSELoss(), learningRate: 0.1)
        var steps = [TrainingStep]()
        var reported = [EpochSummary]()
        let epochs = try trainer.train(
            inputs: x, targets: y, epochs: 3, sampling: .withoutReplacement(batchSize: 8, dropLast: false),
            using: &rng, onStep: { steps.append($0) }, onEpoch: { reported.append($0) })
        XCTAssertEqual(epochs, reported)
        XCTAssertEqual(steps.count, 9)
        XCTAssertEqual(steps.map(\.step), Array(1...9))
        XCTAssertEqual(steps.map(\.batch), [1, 2, 3, 1, 2, 3, 1, 2, 3])
        XCTAssertEqual(steps.map(\.epoch), [1, 1, 1, 2, 2, 2, 3, 3, 3])
        XCTAssertEqual(epochs[1].loss, (steps[3].loss + steps[4].loss + steps[5].loss) / 3)
        XCTAssertEqual(epochs.map(\.steps), [3, 3, 3])
    }

    /// A huge learning rate on a linear regression: the weights grow until the loss is infinite.
    func testDivergingRunStopsAndNamesTheStep() throws {
        var rng = Xoshiro256StarStar(seed: 4)
        let x = Tensor.uniform(shape: [16, 3], using: &rng)
        let y = Tensor.uniform(shape: [16], using: &rng)
        let model = Sequential(Linear(3, 1, initializer: .xavierNormal, suffix: "1", using: &rng))
        let trainer = Trainer(model: model, loss: MSELoss(), learningRate: 50)
        var losses = [Double]()
        XCTAssertThrowsError(try trainer.train(inputs: x, targets: y, epochs: 1000, using: &rng) { losses.append($0.loss) }) { error in
            guard case let .nonFinite(step, epoch, tensor, _)? = error as? TrainingError else {
                return XCTFail("expected a non-finite stop, got \(error)")
            }
            XCTAssertEqual(step, losses.count + 1, "every earlier step was reported")
            XCTAssertEqual(step, 70)
            XCTAssertEqual(epoch, step, "one full-batch step per epoch")
            XCTAssertEqual(tensor, "loss", "the outputs were still finite; their squares were not")
            XCTAssertEqual("\(error)", "training stopped at step 70 (epoch 70): the loss is inf")
        }
        XCTAssertTrue(losses.allSatisfy(\.isFinite))
        XCTAssertGreaterThan(losses.last!, 1e100)
    }

    func testNonFiniteInputNamesTheFirstLayerOutput() throws {
        var rng = Xoshiro256StarStar(seed: 5)
        let model = Sequential(Linear(2, 3, suffix: "1", using: &rng), ReLU(), Linear(3, 1, suffix: "2", using: &rng))
        let trainer = Trainer(model: model, loss: MSELoss(), learningRate: 0.1)
        let x = try Tensor([[1, .nan], [0, 1]])
        XCTAssertThrowsError(try trainer.step(inputs: x, targets: Tensor([0, 1]))) { error in
            XCTAssertEqual("\(error)", "training stopped at step 1 (epoch 1): layer 1 (Linear) output is not finite (loss nan)")
        }
    }

    func testMismatchedRowsAreAShapeError() throws {
        var rng = Xoshiro256StarStar(seed: 6)
        let trainer = Trainer(model: Sequential(Linear(2, 1, using: &rng)), loss: MSELoss(), learningRate: 0.1)
        XCTAssertThrowsError(try trainer.train(inputs: Tensor.zeros(4, 2), targets: Tensor.zeros(3), epochs: 1, using: &rng)) { error in
            XCTAssertEqual("\(error)", "train: (4x2) , (3): inputs and targets need the same number of rows")
        }
    }
}
