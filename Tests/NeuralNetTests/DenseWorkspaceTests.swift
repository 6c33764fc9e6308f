@testable import NeuralNet
import Tensor
import XCTest

/// `DenseWorkspace.step` (the benchmarks' and the MNIST lesson's loop) against the modules' general
/// path: the same losses and parameters, bit for bit, step after step.
final class DenseWorkspaceTests: XCTestCase {
    override func tearDown() {
        Parallel.minimumParallelFlops = Parallel.defaultMinimumParallelFlops
        super.tearDown()
    }

    private func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

    /// `steps` SGD steps on the rows `batches[i % count]` through both paths, from the same
    /// initial weights (Linear/ReLU stack, ReLU between layers).
    private func assertSameSteps(
        sizes: [Int], batch: Int, objective: DenseWorkspace.Objective, loss: any Loss,
        x: Tensor, targets: Tensor?, labels: [Int]?, steps: Int, learningRate: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var rng = Xoshiro256StarStar(seed: 21)
        var layers: [any Module] = []
        for k in 0..<(sizes.count - 1) {
            layers.append(Linear(sizes[k], sizes[k + 1], suffix: "\(k)", using: &rng))
            if k < sizes.count - 2 { layers.append(ReLU()) }
        }
        let model = Sequential(layers)
        let linears = model.layers.compactMap { $0 as? Linear }
        var weights = linears.map(\.weight.value), biases = linears.map { $0.bias!.value }
        let trainer = Trainer(model: model, loss: loss, learningRate: learningRate)
        trainer.fastPathEnabled = false
        let workspace = DenseWorkspace(sizes: sizes, batch: batch)
        var pick = Xoshiro256StarStar(seed: 22)
        for step in 0..<steps {
            let rows = (0..<batch).map { _ in pick.nextInt(below: x.shape[0]) }
            workspace.gather(rows, inputs: x, targets: targets, labels: labels)
            let fast = try workspace.step(workspace.input, weights: &weights, biases: &biases, objective: objective,
                                          learningRate: learningRate)
            let target = try targets.map { $0.rows(rows) } ?? Tensor(shape: [batch], scalars: rows.map { Double(labels![$0]) })
            let general = try trainer.step(inputs: x.rows(rows), targets: target)
            XCTAssertEqual(fast.bitPattern, general.bitPattern, "loss at step \(step): \(fast) vs \(general)", file: file, line: line)
            for (k, layer) in linears.enumerated() {
                XCTAssertEqual(bits(weights[k]), bits(layer.weight.value), "weights \(k) after step \(step)", file: file, line: line)
                XCTAssertEqual(bits(biases[k]), bits(layer.bias!.value), "bias \(k) after step \(step)", file: file, line: line)
            }
            XCTAssertEqual(bits(workspace.z.last!), bits(model.outputs.last!), "output at step \(step)", file: file, line: line)
            // every layer's pre-activation and activation, as the modules remember them
            for k in 0..<(sizes.count - 2) {
                XCTAssertEqual(bits(workspace.z[k]), bits(model.outputs[2 * k]), "z[\(k)] at step \(step)", file: file, line: line)
                XCTAssertEqual(bits(workspace.activations[k]), bits(model.outputs[2 * k + 1]),
                               "activation \(k) at step \(step)", file: file, line: line)
            }
        }
    }

    func testExamSizedNetworkWithMeanSquaredError() throws {
        // the tutorial 000 shapes: every product is a small one
        var rng = Xoshiro256StarStar(seed: 1)
        let x = Tensor.uniform(shape: [25, 3], using: &rng), y = Tensor.uniform(shape: [25, 1], using: &rng)
        try assertSameSteps(sizes: [3, 5, 1], batch: 25, objective: .mse(.mean), loss: MSELoss(.mean),
                            x: x, targets: y, labels: nil, steps: 30, learningRate: 0.01)
    }

    func testSoftmaxNetworkSplitAcrossThreads() throws {
        // products split over threads (threshold lowered), with their fused epilogues
        Parallel.minimumParallelFlops = 0
        var rng = Xoshiro256StarStar(seed: 2)
        let x = Tensor.uniform(shape: [120, 70], using: &rng)
        let labels = (0..<120).map { _ in rng.nextInt(below: 7) }
        try assertSameSteps(sizes: [70, 40, 33, 7], batch: 48, objective: .softmaxCrossEntropy, loss: SoftmaxCrossEntropy(),
                            x: x, targets: nil, labels: labels, steps: 12, learningRate: 0.1)
    }

    func testWideLayerSplitByColumnsWithItsEpilogues() throws {
        // 16 rows x 20 inputs against 1100 units: the products are split by columns, the forward
        // one's bias and ReLU applied a block of 8 rows at a time; the input gradient's too
        Parallel.minimumParallelFlops = 0
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        var rng = Xoshiro256StarStar(seed: 5)
        let x = Tensor.uniform(shape: [40, 20], using: &rng)
        let labels = (0..<40).map { _ in rng.nextInt(below: 7) }
        for threads in [2, 3] {
            Parallel.threadCount = threads
            try assertSameSteps(sizes: [20, 1100, 7], batch: 16, objective: .softmaxCrossEntropy, loss: SoftmaxCrossEntropy(),
                                x: x, targets: nil, labels: labels, steps: 3, learningRate: 0.1)
        }
    }

    func testSmallSoftmaxNetworkTakesTheOneCallPathWithTheSameNumbers() throws {
        // three layers, every product small: the C path (sn_dense_small), softmax on top
        var rng = Xoshiro256StarStar(seed: 4)
        let x = Tensor.randn(30, 4, using: &rng)
        let labels = (0..<30).map { _ in rng.nextInt(below: 3) }
        XCTAssertTrue(SmallDenseBuffers.fits(sizes: [4, 6, 5, 3], batch: 10))
        try assertSameSteps(sizes: [4, 6, 5, 3], batch: 10, objective: .softmaxCrossEntropy, loss: SoftmaxCrossEntropy(),
                            x: x, targets: nil, labels: labels, steps: 25, learningRate: 0.5)
        for kernel in MatmulKernel.available {
            MatmulKernel.force(kernel)
            defer { MatmulKernel.force(nil) }
            try assertSameSteps(sizes: [4, 6, 5, 3], batch: 10, objective: .softmaxCrossEntropy, loss: SoftmaxCrossEntropy(),
                                x: x, targets: nil, labels: labels, steps: 3, learningRate: 0.5)
        }
    }

    func testWrongShapesAreReportedAndANonFiniteLossUpdatesNothing() throws {
        let workspace = DenseWorkspace(sizes: [3, 5, 1], batch: 4)
        var weights = [Tensor.ones(3, 5), Tensor.ones(4, 1)], biases = [Tensor.zeros(5), Tensor.zeros(1)]
        XCTAssertThrowsError(try workspace.step(Tensor.ones(4, 3), weights: &weights, biases: &biases,
                                                objective: .mse(.mean), learningRate: 0.1)) { error in
            XCTAssertTrue("\(error)".contains("(4x5) @ (4x1)"), "\(error)")
        }
        weights[1] = Tensor.ones(5, 1)
        let huge = try Tensor(shape: [4, 3], scalars: Array(repeating: 1e300, count: 12))
        let before = weights.map(bits) + biases.map(bits)
        let loss = try workspace.step(huge, weights: &weights, biases: &biases, objective: .mse(.mean), learningRate: 0.1)
        XCTAssertFalse(loss.isFinite)
        XCTAssertEqual(weights.map(bits) + biases.map(bits), before)
    }

    func testMNISTShapedNetworkWithHalfBatchSquaredError() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let x = Tensor.uniform(shape: [64, 784], using: &rng)
        var hot = [Double](repeating: 0, count: 640)
        for r in 0..<64 { hot[r * 10 + rng.nextInt(below: 10)] = 1 }
        let y = try Tensor(shape: [64, 10], scalars: hot)
        try assertSameSteps(sizes: [784, 15, 10], batch: 32, objective: .mse(.sumOverTwiceBatch),
                            loss: MSELoss(.sumOverTwiceBatch), x: x, targets: y, labels: nil, steps: 8, learningRate: 0.01)
    }

    func testGatherNextGivesTheNumbersOfGatherThenStep() throws {
        // the next batch copied on another core during each step (or first, on one thread): the
        // same losses and parameters as gathering each batch before its step
        var rng = Xoshiro256StarStar(seed: 6)
        let x = Tensor.uniform(shape: [200, 784], using: &rng)
        let labels = (0..<200).map { _ in rng.nextInt(below: 10) }
        var hot = [Double](repeating: 0, count: 2000)
        for (r, label) in labels.enumerated() { hot[r * 10 + label] = 1 }
        let y = try Tensor(shape: [200, 10], scalars: hot)
        XCTAssertTrue(SmallDenseBuffers.fits(sizes: [784, 2, 10], batch: 1))
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        for threads in [1, 2] {
            Parallel.threadCount = threads
            // a large network, and a small one (one C call a pass, a batch too small to copy aside)
            for (sizes, batch) in [([784, 40, 10], 32), ([784, 2, 10], 1)] {
                try assertGatherNextSteps(sizes: sizes, batch: batch, objective: .softmaxCrossEntropy, x: x, targets: nil,
                                          labels: labels, context: "softmax \(sizes) threads \(threads)")
                try assertGatherNextSteps(sizes: sizes, batch: batch, objective: .mse(.sumOverTwiceBatch), x: x, targets: y,
                                          labels: nil, context: "mse \(sizes) threads \(threads)")
            }
        }
    }

    /// Six steps of a two-layer network through `gather` then `step`, and through `gatherNext`
    /// around each `step`: the same losses, parameters and last batch.
    private func assertGatherNextSteps(sizes: [Int], batch: Int, objective: DenseWorkspace.Objective, x: Tensor,
                                       targets: Tensor?, labels: [Int]?, context: String) throws {
        var initial = Xoshiro256StarStar(seed: 7)
        let w0 = [Tensor.randn(sizes[0], sizes[1], using: &initial), Tensor.randn(sizes[1], sizes[2], using: &initial)]
        let b0 = [Tensor.zeros(sizes[1]), Tensor.zeros(sizes[2])]
        var pick = Xoshiro256StarStar(seed: 8)
        let batches = (0..<6).map { _ in (0..<batch).map { _ in pick.nextInt(below: x.shape[0]) } }

        var (w, b) = (w0, b0)
        let plain = DenseWorkspace(sizes: sizes, batch: batch)
        var plainLosses: [Double] = []
        for rows in batches {
            plain.gather(rows, inputs: x, targets: targets, labels: labels)
            plainLosses.append(try plain.step(plain.input, weights: &w, biases: &b, objective: objective, learningRate: 0.05))
        }

        var (wp, bp) = (w0, b0)
        let piped = DenseWorkspace(sizes: sizes, batch: batch)
        var pipedLosses: [Double] = []
        piped.gather(batches[0], inputs: x, targets: targets, labels: labels)
        for s in 0..<batches.count {
            let next = batches[Swift.min(s + 1, batches.count - 1)]
            pipedLosses.append(try piped.gatherNext(next, inputs: x, targets: targets, labels: labels) {
                try piped.step(piped.input, weights: &wp, biases: &bp, objective: objective, learningRate: 0.05)
            })
        }
        XCTAssertEqual(pipedLosses.map(\.bitPattern), plainLosses.map(\.bitPattern), context)
        XCTAssertEqual((wp + bp).map(bits), (w + b).map(bits), context)
        // the spare buffers swapped in: the last batch is current
        XCTAssertEqual(piped.input.scalars, x.rows(batches.last!).scalars, context)
    }
}
