@testable import DenseEngine
import NeuralNet
import Tensor
import XCTest

/// `DenseEngine.step` (the MNIST lesson's and the benchmarks' loop) against the modules
/// (`Trainer.step`): the same losses and parameters, bit for bit, step after step.
final class DenseEngineTests: XCTestCase {
    override func tearDown() {
        Parallel.minimumParallelFlops = Parallel.defaultMinimumParallelFlops
        super.tearDown()
    }

    private func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

    /// Linear layers of `sizes` with a ReLU between each two, drawn from a fixed seed.
    private func model(_ sizes: [Int], seed: UInt64 = 21) -> Sequential {
        var rng = Xoshiro256StarStar(seed: seed)
        var layers: [any Module] = []
        for k in 0..<(sizes.count - 1) {
            if k > 0 { layers.append(ReLU()) }
            layers.append(Linear(sizes[k], sizes[k + 1], suffix: "\(k + 1)", using: &rng))
        }
        return Sequential(layers)
    }

    /// `steps` SGD steps on random batches of `x` and `targets` through the engine and through the
    /// modules, from copies of the same model.
    private func assertSameSteps(
        sizes: [Int], batch: Int, loss makeLoss: () -> any Loss, x: Tensor, targets: Tensor, steps: Int,
        learningRate: Double, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let start = model(sizes)
        let viaEngine = DenseEngine.copy(of: start), viaModules = DenseEngine.copy(of: start)
        let engine = try DenseEngine(model: viaEngine, loss: makeLoss(), batch: batch)
        let trainer = Trainer(model: viaModules, loss: makeLoss(), learningRate: learningRate)
        var pick = Xoshiro256StarStar(seed: 22)
        for step in 0..<steps {
            let rows = (0..<batch).map { _ in pick.nextInt(below: x.shape[0]) }
            engine.gather(rows, inputs: x, targets: targets)
            let fast = try engine.step(learningRate: learningRate)
            let general = try trainer.step(inputs: x.rows(rows), targets: targets.rows(rows))
            XCTAssertEqual(fast.bitPattern, general.bitPattern, "loss at step \(step): \(fast) vs \(general)", file: file, line: line)
            for (a, b) in zip(viaEngine.parameters, viaModules.parameters) {
                XCTAssertEqual(bits(a.value), bits(b.value), "\(a.name) after step \(step)", file: file, line: line)
            }
            // every layer's pre-activation and activation, as the modules remember them
            for k in engine.z.indices {
                XCTAssertEqual(bits(engine.z[k]), bits(viaModules.outputs[2 * k]), "z[\(k)] at step \(step)", file: file, line: line)
            }
            for k in engine.activations.indices {
                XCTAssertEqual(bits(engine.activations[k]), bits(viaModules.outputs[2 * k + 1]),
                               "activation \(k) at step \(step)", file: file, line: line)
            }
        }
    }

    private func labels(_ count: Int, classes: Int, _ rng: inout Xoshiro256StarStar) -> Tensor {
        Tensor((0..<count).map { _ in Double(rng.nextInt(below: classes)) })
    }

    func testExamSizedNetworkWithMeanSquaredError() throws {
        // the tutorial 000 shapes: every product is a small one
        var rng = Xoshiro256StarStar(seed: 1)
        let x = Tensor.uniform(shape: [25, 3], using: &rng), y = Tensor.uniform(shape: [25, 1], using: &rng)
        try assertSameSteps(sizes: [3, 5, 1], batch: 25, loss: { MSELoss(.mean) }, x: x, targets: y, steps: 30,
                            learningRate: 0.01)
    }

    func testSoftmaxNetworkSplitAcrossThreads() throws {
        // products split over threads (threshold lowered), with their fused epilogues
        Parallel.minimumParallelFlops = 0
        var rng = Xoshiro256StarStar(seed: 2)
        let x = Tensor.uniform(shape: [120, 70], using: &rng)
        let y = labels(120, classes: 7, &rng)
        try assertSameSteps(sizes: [70, 40, 33, 7], batch: 48, loss: { SoftmaxCrossEntropy() }, x: x, targets: y,
                            steps: 12, learningRate: 0.1)
    }

    func testWideLayerSplitByColumnsWithItsEpilogues() throws {
        // 16 rows x 20 inputs against 1100 units: the products are split by columns, the forward
        // one's bias and ReLU applied a block of 8 rows at a time; the input gradient's too
        Parallel.minimumParallelFlops = 0
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        var rng = Xoshiro256StarStar(seed: 5)
        let x = Tensor.uniform(shape: [40, 20], using: &rng)
        let y = labels(40, classes: 7, &rng)
        for threads in [2, 3] {
            Parallel.threadCount = threads
            try assertSameSteps(sizes: [20, 1100, 7], batch: 16, loss: { SoftmaxCrossEntropy() }, x: x, targets: y,
                                steps: 3, learningRate: 0.1)
        }
    }

    func testSmallSoftmaxNetworkOnEveryKernel() throws {
        var rng = Xoshiro256StarStar(seed: 4)
        let x = Tensor.randn(30, 4, using: &rng)
        let y = labels(30, classes: 3, &rng)
        for kernel in MatmulKernel.available {
            MatmulKernel.force(kernel)
            defer { MatmulKernel.force(nil) }
            try assertSameSteps(sizes: [4, 6, 5, 3], batch: 10, loss: { SoftmaxCrossEntropy() }, x: x, targets: y,
                                steps: 5, learningRate: 0.5)
        }
    }

    func testMNISTShapedNetworkWithHalfBatchSquaredError() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let x = Tensor.uniform(shape: [64, 784], using: &rng)
        var hot = [Double](repeating: 0, count: 640)
        for r in 0..<64 { hot[r * 10 + rng.nextInt(below: 10)] = 1 }
        let y = try Tensor(shape: [64, 10], scalars: hot)
        try assertSameSteps(sizes: [784, 15, 10], batch: 32, loss: { MSELoss(.sumOverTwiceBatch) }, x: x, targets: y,
                            steps: 8, learningRate: 0.01)
    }

    func testUnsupportedModelsAndLossesAreRefusedWithAReason() throws {
        var rng = Xoshiro256StarStar(seed: 9)
        let tanh = Sequential(Linear(3, 4, using: &rng), Tanh(), Linear(4, 1, using: &rng))
        XCTAssertThrowsError(try DenseEngine(model: tanh, loss: MSELoss(), batch: 4)) { error in
            XCTAssertEqual("\(error)", "DenseEngine: layer 2 is Tanh, expected ReLU")
        }
        let noBias = Sequential(Linear(3, 1, bias: false, using: &rng))
        XCTAssertThrowsError(try DenseEngine(model: noBias, loss: MSELoss(), batch: 4)) { error in
            XCTAssertEqual("\(error)", "DenseEngine: layer 1 is Linear, expected Linear with a bias")
        }
        let reluLast = Sequential(Linear(3, 4, using: &rng), ReLU())
        XCTAssertThrowsError(try DenseEngine(model: reluLast, loss: MSELoss(), batch: 4)) { error in
            XCTAssertTrue("\(error)".contains("none after the last"), "\(error)")
        }
        let unchained = Sequential(Linear(3, 4, using: &rng), ReLU(), Linear(5, 1, using: &rng))
        XCTAssertThrowsError(try DenseEngine(model: unchained, loss: MSELoss(), batch: 4)) { error in
            XCTAssertEqual("\(error)", "DenseEngine: layer 3 takes 5 inputs, the layer before gives 4")
        }
        final class Hinge: Loss {
            func forward(_ prediction: Tensor, _ target: Tensor) throws(ShapeError) -> Double { 0 }
            func backward() throws(ShapeError) -> Tensor { Tensor.zeros(1) }
        }
        XCTAssertThrowsError(try DenseEngine(model: model([3, 1]), loss: Hinge(), batch: 4)) { error in
            XCTAssertTrue("\(error)".contains("not Hinge"), "\(error)")
        }
    }

    func testANonFiniteLossUpdatesNothing() throws {
        let net = model([3, 5, 1])
        let engine = try DenseEngine(model: net, loss: MSELoss(), batch: 4)
        let huge = try Tensor(shape: [4, 3], scalars: Array(repeating: 1e300, count: 12))
        let before = net.parameters.map { bits($0.value) }
        engine.gather([0, 1, 2, 3], inputs: huge, targets: Tensor.zeros(4, 1))
        let loss = try engine.step(learningRate: 0.1)
        XCTAssertFalse(loss.isFinite)
        XCTAssertEqual(net.parameters.map { bits($0.value) }, before)
    }

    func testTheRecordedCheckIsZeroForTheEngineAndSeesAChangedStep() throws {
        var rng = Xoshiro256StarStar(seed: 10)
        let x = Tensor.uniform(shape: [64, 20], using: &rng)
        let y = labels(64, classes: 4, &rng)
        let start = model([20, 8, 4])
        let batches = [Array(0..<16), Array(16..<32), Array(32..<48)]
        let same = try DenseEngine.differenceFromModules(model: start, loss: { SoftmaxCrossEntropy() }, inputs: x,
                                                         targets: y, batches: batches, learningRate: 0.1)
        XCTAssertEqual(same, 0)
        // the start is left alone
        XCTAssertEqual(start.parameters.map { bits($0.value) }, model([20, 8, 4]).parameters.map { bits($0.value) })
        // an independent check that it measures something: a different loss on one side
        let modules = DenseEngine.copy(of: start), engineSide = DenseEngine.copy(of: start)
        let trainer = Trainer(model: modules, loss: SoftmaxCrossEntropy(), learningRate: 0.1)
        let engine = try DenseEngine(model: engineSide, loss: SoftmaxCrossEntropy(), batch: 16)
        engine.gather(batches[0], inputs: x, targets: y)
        try engine.step(learningRate: 0.1)
        try trainer.step(inputs: x.rows(batches[0]), targets: y.rows(batches[0]))
        try trainer.step(inputs: x.rows(batches[0]), targets: y.rows(batches[0]))
        let moved = zip(engineSide.parameters, modules.parameters).map { (a, b) in (try? (a.value - b.value).abs().max()) ?? 0 }
        XCTAssertGreaterThan(moved.max()!, 0)
    }

    func testGatherNextGivesTheNumbersOfGatherThenStep() throws {
        // the next batch copied on another core during each step (or first, on one thread): the
        // same losses and parameters as gathering each batch before its step
        var rng = Xoshiro256StarStar(seed: 6)
        let x = Tensor.uniform(shape: [200, 784], using: &rng)
        let classes = labels(200, classes: 10, &rng)
        var hot = [Double](repeating: 0, count: 2000)
        for (r, label) in classes.scalars.enumerated() { hot[r * 10 + Int(label)] = 1 }
        let y = try Tensor(shape: [200, 10], scalars: hot)
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        for threads in [1, 2] {
            Parallel.threadCount = threads
            for (sizes, batch) in [([784, 40, 10], 32), ([784, 2, 10], 1)] {
                try assertGatherNextSteps(sizes: sizes, batch: batch, loss: { SoftmaxCrossEntropy() }, x: x,
                                          targets: classes, context: "softmax \(sizes) threads \(threads)")
                try assertGatherNextSteps(sizes: sizes, batch: batch, loss: { MSELoss(.sumOverTwiceBatch) }, x: x,
                                          targets: y, context: "mse \(sizes) threads \(threads)")
            }
        }
    }

    /// Six steps through `gather` then `step`, and through `gatherNext` around each `step`: the
    /// same losses, parameters and last batch.
    private func assertGatherNextSteps(sizes: [Int], batch: Int, loss makeLoss: () -> any Loss, x: Tensor,
                                       targets: Tensor, context: String) throws {
        var pick = Xoshiro256StarStar(seed: 8)
        let batches = (0..<6).map { _ in (0..<batch).map { _ in pick.nextInt(below: x.shape[0]) } }
        let plainModel = model(sizes, seed: 7), pipedModel = model(sizes, seed: 7)
        let plain = try DenseEngine(model: plainModel, loss: makeLoss(), batch: batch)
        var plainLosses: [Double] = []
        for rows in batches {
            plain.gather(rows, inputs: x, targets: targets)
            plainLosses.append(try plain.step(learningRate: 0.05))
        }
        let piped = try DenseEngine(model: pipedModel, loss: makeLoss(), batch: batch)
        var pipedLosses: [Double] = []
        piped.gather(batches[0], inputs: x, targets: targets)
        for s in 0..<batches.count {
            let next = batches[Swift.min(s + 1, batches.count - 1)]
            pipedLosses.append(try piped.gatherNext(next, inputs: x, targets: targets) {
                try piped.step(learningRate: 0.05)
            })
        }
        XCTAssertEqual(pipedLosses.map(\.bitPattern), plainLosses.map(\.bitPattern), context)
        XCTAssertEqual(pipedModel.parameters.map { bits($0.value) }, plainModel.parameters.map { bits($0.value) }, context)
        // the spare buffers swapped in: the last batch is current
        XCTAssertEqual(piped.input.scalars, x.rows(batches.last!).scalars, context)
    }
}
