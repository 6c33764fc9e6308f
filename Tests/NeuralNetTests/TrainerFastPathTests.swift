@testable import NeuralNet
import Tensor
import XCTest

/// The `Trainer`'s allocation-free path against the modules' path: the same numbers bit for bit
/// (losses, parameters, gradients, and everything the model, its layers and the loss remember),
/// and the same errors.
final class TrainerFastPathTests: XCTestCase {
    /// Two trainers over identical copies of a network (built twice from the same seed), one
    /// allowed the fast path and one not.
    private func trainerPair(
        seed: UInt64, learningRate: Double, _ build: (inout Xoshiro256StarStar) -> (Sequential, any Loss)
    ) -> (fast: Trainer, general: Trainer) {
        var rng = Xoshiro256StarStar(seed: seed)
        let (fastModel, fastLoss) = build(&rng)
        rng = Xoshiro256StarStar(seed: seed)
        let (generalModel, generalLoss) = build(&rng)
        let fast = Trainer(model: fastModel, loss: fastLoss, learningRate: learningRate)
        let general = Trainer(model: generalModel, loss: generalLoss, learningRate: learningRate)
        general.fastPathEnabled = false
        return (fast, general)
    }

    private func bits(_ t: Tensor?) -> [UInt64]? { t.map { $0.scalars.map(\.bitPattern) } }

    /// Everything observable after a step, compared bit for bit (NaN and the sign of zero included).
    private func assertSameState(_ a: Trainer, _ b: Trainer, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(a.fastPathEnabled ? DenseTrainerPath(model: a.model, loss: a.loss, optimizer: a.optimizer) : nil,
                        "the fast trainer's model should take the fast path", file: file, line: line)
        XCTAssertEqual(a.stepsTaken, b.stepsTaken, message, file: file, line: line)
        for (p, q) in zip(a.optimizer.parameters, b.optimizer.parameters) {
            XCTAssertEqual(p.name, q.name, file: file, line: line)
            XCTAssertEqual(p.value.shape, q.value.shape, file: file, line: line)
            XCTAssertEqual(bits(p.value), bits(q.value), "\(message): \(p.name)", file: file, line: line)
            XCTAssertEqual(p.grad?.shape, q.grad?.shape, file: file, line: line)
            XCTAssertEqual(bits(p.grad), bits(q.grad), "\(message): \(p.name).grad", file: file, line: line)
        }
        XCTAssertEqual(a.model.outputs.map(\.shape), b.model.outputs.map(\.shape), message, file: file, line: line)
        XCTAssertEqual(a.model.outputs.map { bits($0)! }, b.model.outputs.map { bits($0)! }, "\(message): outputs", file: file, line: line)
        XCTAssertEqual(a.model.outputGradients.map(\.shape), b.model.outputGradients.map(\.shape), message, file: file, line: line)
        XCTAssertEqual(a.model.outputGradients.map { bits($0)! }, b.model.outputGradients.map { bits($0)! },
                       "\(message): output gradients", file: file, line: line)
        for (l, m) in zip(a.model.layers, b.model.layers) {
            if let l = l as? Linear, let m = m as? Linear {
                XCTAssertEqual(l.input?.shape, m.input?.shape, file: file, line: line)
                XCTAssertEqual(bits(l.input), bits(m.input), "\(message): Linear input", file: file, line: line)
            }
            if let l = l as? ReLU, let m = m as? ReLU {
                XCTAssertEqual(l.input?.shape, m.input?.shape, file: file, line: line)
                XCTAssertEqual(bits(l.input), bits(m.input), "\(message): ReLU input", file: file, line: line)
            }
        }
        if let l = a.loss as? MSELoss, let m = b.loss as? MSELoss {
            XCTAssertEqual(bits(l.prediction), bits(m.prediction), "\(message): remembered prediction", file: file, line: line)
            XCTAssertEqual(l.prediction?.shape, m.prediction?.shape, file: file, line: line)
            XCTAssertEqual(bits(l.target), bits(m.target), "\(message): remembered target", file: file, line: line)
            XCTAssertEqual(l.target?.shape, m.target?.shape, file: file, line: line)
        }
        if let l = a.loss as? SoftmaxCrossEntropy, let m = b.loss as? SoftmaxCrossEntropy {
            XCTAssertEqual(bits(l.probabilities), bits(m.probabilities), "\(message): probabilities", file: file, line: line)
            XCTAssertEqual(l.probabilities?.shape, m.probabilities?.shape, file: file, line: line)
            XCTAssertEqual(bits(l.losses), bits(m.losses), "\(message): losses", file: file, line: line)
            XCTAssertEqual(l.losses?.shape, m.losses?.shape, file: file, line: line)
            XCTAssertEqual(l.labels, m.labels, file: file, line: line)
        }
    }

    /// `epochs` of `train` on both paths from the same generator, then some direct `step` calls on
    /// batches of `stepRows` rows, checking the state after every epoch and step.
    private func assertPathsAgree(
        _ pair: (fast: Trainer, general: Trainer), x: Tensor, y: Tensor, sampling: BatchSampling,
        epochs: Int = 3, stepRows: [[Int]] = [], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var rngA = Xoshiro256StarStar(seed: 99), rngB = Xoshiro256StarStar(seed: 99)
        var stepsA = [TrainingStep](), stepsB = [TrainingStep]()
        for epoch in 1...epochs {
            let a = try pair.fast.train(inputs: x, targets: y, epochs: 1, sampling: sampling, using: &rngA) { stepsA.append($0) }
            let b = try pair.general.train(inputs: x, targets: y, epochs: 1, sampling: sampling, using: &rngB) { stepsB.append($0) }
            XCTAssertEqual(a, b, file: file, line: line)
            assertSameState(pair.fast, pair.general, "epoch \(epoch)", file: file, line: line)
        }
        XCTAssertEqual(stepsA, stepsB, file: file, line: line)
        XCTAssertEqual(stepsA.map(\.loss.bitPattern), stepsB.map(\.loss.bitPattern), file: file, line: line)
        for (i, rows) in stepRows.enumerated() {
            let a = try pair.fast.step(inputs: x.rows(rows), targets: y.rows(rows))
            let b = try pair.general.step(inputs: x.rows(rows), targets: y.rows(rows))
            XCTAssertEqual(a.bitPattern, b.bitPattern, file: file, line: line)
            assertSameState(pair.fast, pair.general, "step \(i)", file: file, line: line)
        }
        XCTAssertGreaterThan(stepsA.count, 0)
    }

    private func oneHot(_ labels: [Int], classes: Int) -> Tensor {
        var t = Tensor.zeros(labels.count, classes)
        t.withUnsafeMutableBufferPointer { p in for (r, c) in labels.enumerated() { p[r * classes + c] = 1 } }
        return t
    }

    /// Tutorial 001's 784-15-10 (ReLU hidden, linear output) on one-hot targets, in every MSE
    /// reduction, batches drawn with replacement (so rows repeat within a batch).
    func testMNISTLikeNetworkMatchesInEveryReduction() throws {
        var rng = Xoshiro256StarStar(seed: 1)
        let x = Tensor.uniform(shape: [96, 784], using: &rng)
        let y = oneHot((0..<96).map { _ in rng.nextInt(below: 10) }, classes: 10)
        for reduction in [MSEReduction.sumOverTwiceBatch, .mean, .halfSum] {
            let pair = trainerPair(seed: 2, learningRate: 0.01) { rng in
                (Sequential(Linear(784, 15, initializer: .randn, suffix: "1", using: &rng), ReLU(),
                            Linear(15, 10, initializer: .randn, suffix: "2", using: &rng)), MSELoss(reduction))
            }
            try assertPathsAgree(pair, x: x, y: y, sampling: .withReplacement(batchSize: 32, stepsPerEpoch: 4),
                                 stepRows: [Array(0..<32), [5, 5, 7, 1, 90]])
        }
    }

    /// [001]'s synthetic 2-7-7-3-1 with a ReLU on the output too (the one that can die), targets a
    /// column or a vector.
    func testReLUOnTheOutputMatches() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let x = Tensor.randn(60, 2, using: &rng)
        let y = try Tensor(shape: [60], scalars: (0..<60).map { (r: Int) -> Double in
            let a: Double = x.scalars[2 * r], b: Double = x.scalars[2 * r + 1]
            return 3 * a - b + 1
        })
        for target in [y, try y.reshaped(60, 1)] {
            let pair = trainerPair(seed: 4, learningRate: 0.05) { rng in
                (Sequential(Linear(2, 7, suffix: "1", using: &rng), ReLU(), Linear(7, 7, suffix: "2", using: &rng), ReLU(),
                            Linear(7, 3, suffix: "3", using: &rng), ReLU(), Linear(3, 1, suffix: "4", using: &rng), ReLU()),
                 MSELoss(.sumOverTwiceBatch))
            }
            try assertPathsAgree(pair, x: x, y: target, sampling: .withReplacement(batchSize: 8, stepsPerEpoch: 10),
                                 epochs: 4, stepRows: [[1, 2, 3], [0]])
            // Full batch and batches without replacement (with a short last one).
            try assertPathsAgree(pair, x: x, y: target, sampling: .fullBatch, epochs: 2)
            try assertPathsAgree(pair, x: x, y: target, sampling: .withoutReplacement(batchSize: 16, dropLast: false), epochs: 2)
        }
    }

    /// Layers without bias, a Linear straight after a Linear, and no ReLU at all ([003]'s Boston
    /// network is bias-free).
    func testBiasFreeAndStackedLinearLayersMatch() throws {
        var rng = Xoshiro256StarStar(seed: 5)
        let x = Tensor.randn(40, 6, using: &rng)
        let y = Tensor.randn(40, 2, using: &rng)
        let pair = trainerPair(seed: 6, learningRate: 0.001) { rng in
            (Sequential(Linear(6, 9, bias: false, suffix: "1", using: &rng), ReLU(), Linear(9, 5, suffix: "2", using: &rng),
                        Linear(5, 4, bias: false, suffix: "3", using: &rng), Linear(4, 2, bias: false, suffix: "4", using: &rng)),
             MSELoss(.halfSum))
        }
        try assertPathsAgree(pair, x: x, y: y, sampling: .withReplacement(batchSize: 10, stepsPerEpoch: 5), stepRows: [[3, 3]])
    }

    /// A softmax classifier ([002]) with class indices as labels, both samplings.
    func testSoftmaxNetworkMatches() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        let x = Tensor.randn(50, 12, using: &rng)
        let labels = Tensor((0..<50).map { _ in Double(rng.nextInt(below: 4)) })
        let pair = trainerPair(seed: 8, learningRate: 0.1) { rng in
            (Sequential(Linear(12, 20, initializer: .xavierNormal, suffix: "1", using: &rng), ReLU(),
                        Linear(20, 16, initializer: .xavierNormal, suffix: "2", using: &rng), ReLU(),
                        Linear(16, 4, initializer: .xavierNormal, suffix: "3", using: &rng)), SoftmaxCrossEntropy())
        }
        try assertPathsAgree(pair, x: x, y: labels, sampling: .withReplacement(batchSize: 8, stepsPerEpoch: 6), stepRows: [[0, 1, 2]])
        try assertPathsAgree(pair, x: x, y: labels, sampling: .withoutReplacement(batchSize: 16, dropLast: false))
        try assertPathsAgree(pair, x: x, y: try labels.reshaped(50, 1), sampling: .fullBatch, epochs: 2)
    }

    /// A run that diverges stops at the same step with the same message, and leaves the same state.
    func testDivergingRunFailsTheSameWayThroughBothPaths() throws {
        var rng = Xoshiro256StarStar(seed: 9)
        let x = Tensor.randn(64, 2, using: &rng)
        let target = try Tensor(shape: [64], scalars: (0..<64).map { (r: Int) -> Double in
            let a: Double = x.scalars[2 * r], b: Double = x.scalars[2 * r + 1]
            return 50 * (a + b)
        })
        // From slow divergence (the loss overflows) to a step so large the weights do.
        var stops = [String]()
        for learningRate in [3.0, 40.0, 1e6, 1e150, 1e200, 1.7e308] {
            let pair = trainerPair(seed: 10, learningRate: learningRate) { rng in
                (Sequential(Linear(2, 7, suffix: "1", using: &rng), ReLU(), Linear(7, 7, suffix: "2", using: &rng), ReLU(),
                            Linear(7, 1, suffix: "3", using: &rng)), MSELoss(.sumOverTwiceBatch))
            }
            var messages = [String]()
            for trainer in [pair.fast, pair.general] {
                var batches = Xoshiro256StarStar(seed: 11)
                do {
                    _ = try trainer.train(inputs: x, targets: target, epochs: 200,
                                          sampling: .withReplacement(batchSize: 16, stepsPerEpoch: 5), using: &batches)
                    messages.append("finished")
                } catch {
                    messages.append("\(error)")
                }
            }
            XCTAssertEqual(messages[0], messages[1], "learning rate \(learningRate)")
            stops.append(messages[0])
            XCTAssertTrue(messages[0].hasPrefix("training stopped at step"), messages[0])
            assertSameState(pair.fast, pair.general, "after the stop at learning rate \(learningRate)")
        }
        XCTAssertEqual(stops.map { $0.components(separatedBy: ": ").last!.prefix(11) },
                       ["the loss is", "the loss is", "the loss is", "layer 5 (Li", "layer 3 (Li", "w1 is not f"])

        // A gradient that overflows while the loss does not: `w1.grad` is named.
        let overflow = trainerPair(seed: 15, learningRate: 0.1) { _ in
            (Sequential(Linear(weight: try! Tensor([[1e-10]]), bias: Tensor([0]), suffix: "1")), MSELoss(.halfSum))
        }
        var gradientStops = [String]()
        for trainer in [overflow.fast, overflow.general] {
            XCTAssertThrowsError(try trainer.step(inputs: try Tensor([[1e160]]), targets: Tensor([0]))) { gradientStops.append("\($0)") }
        }
        XCTAssertEqual(gradientStops, Array(repeating: "training stopped at step 1 (epoch 1): w1.grad is not finite (loss 4.9999999999999995e+299)", count: 2))
        assertSameState(overflow.fast, overflow.general, "after an overflowing gradient")

        // A NaN in the input: the first layer's output is named, through either path.
        let pair = trainerPair(seed: 12, learningRate: 0.1) { rng in
            (Sequential(Linear(2, 3, suffix: "1", using: &rng), ReLU(), Linear(3, 1, suffix: "2", using: &rng)), MSELoss())
        }
        let bad = try Tensor([[1, .nan], [0, 1]])
        var messages = [String]()
        for trainer in [pair.fast, pair.general] {
            XCTAssertThrowsError(try trainer.step(inputs: bad, targets: Tensor([0, 1]))) { messages.append("\($0)") }
        }
        XCTAssertEqual(messages, Array(repeating: "training stopped at step 1 (epoch 1): layer 1 (Linear) output is not finite (loss nan)", count: 2))
        assertSameState(pair.fast, pair.general, "after a NaN input")
    }

    /// What the fast path does not take goes the general way, errors included.
    func testOtherModelsAndBadBatchesGoTheGeneralWay() throws {
        var rng = Xoshiro256StarStar(seed: 13)
        let tanh = Sequential(Linear(2, 3, using: &rng), Tanh(), Linear(3, 1, using: &rng))
        XCTAssertNil(DenseTrainerPath(model: tanh, loss: MSELoss(), optimizer: SGD(parameters: tanh.parameters, learningRate: 1)))
        let relu = ReLU()
        let shared = Sequential(Linear(2, 2, using: &rng), relu, Linear(2, 2, using: &rng), relu)
        XCTAssertNil(DenseTrainerPath(model: shared, loss: MSELoss(), optimizer: SGD(parameters: shared.parameters, learningRate: 1)))
        let plain = Sequential(Linear(2, 3, using: &rng), ReLU(), Linear(3, 2, using: &rng))
        XCTAssertNil(DenseTrainerPath(model: plain, loss: MSELoss(), optimizer: SGD(parameters: [plain.parameters[0]], learningRate: 1)))
        let path = try XCTUnwrap(DenseTrainerPath(model: plain, loss: MSELoss(), optimizer: SGD(parameters: plain.parameters, learningRate: 1)))
        XCTAssertTrue(path.fits(inputs: Tensor.zeros(4, 2), targets: Tensor.zeros(4, 2)))
        XCTAssertFalse(path.fits(inputs: Tensor.zeros(4, 2), targets: Tensor.zeros(4)))
        XCTAssertFalse(path.fits(inputs: Tensor.zeros(4, 3), targets: Tensor.zeros(4, 2)))

        // A label that is no class: the same shape error from both.
        let pair = trainerPair(seed: 14, learningRate: 0.1) { rng in
            (Sequential(Linear(2, 3, suffix: "1", using: &rng)), SoftmaxCrossEntropy())
        }
        var messages = [String]()
        for trainer in [pair.fast, pair.general] {
            XCTAssertThrowsError(try trainer.step(inputs: Tensor.zeros(2, 2), targets: Tensor([0, 3]))) { messages.append("\($0)") }
        }
        XCTAssertEqual(messages[0], messages[1])
    }
}
