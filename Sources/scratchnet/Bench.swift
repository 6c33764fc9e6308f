import ArgumentParser
import Datasets
import DenseEngine
import Dispatch
import NeuralNet
import Tensor

/// `scratchnet bench`: times the matrix product on the tutorials' shapes and prints one
/// `name key=value ...` line per item, so the output can be compared with bench/numpy_kernels.py.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the matmul kernels on the tutorials' shapes.",
        discussion: """
            Each shape is multiplied repeatedly into a preallocated output for about --seconds \
            (at least 10 calls after one warm-up call); `seconds` is the BEST (minimum) time of one \
            call and `gflops` = 2*M*N*K / seconds / 1e9. Names say the shapes as multiplied: \
            `_tA` means A is stored transposed (x.T @ g in a backward pass), `_tB` means B is \
            (g @ w.T). Also prints the active kernel and the machine's double-precision FMA peak \
            measured with a loop of independent FMAs on every thread.
            Output, one item per line: `kernel path=... threads=...`, `peak gflops=... threads=...`, \
            then `<name> gflops=... seconds=... calls=...`.
            Then the training workloads (bench/numpy_training.py does the same work with numpy), \
            `train_<name> seconds=... steps=... runs=...`, each run --runs times after a short \
            warm-up, `seconds` the BEST (minimum) wall time of one run: \
            tutorial 000's 30 full-batch epochs of the 3-5-1 exam network repeated 10000 times; \
            one epoch of tutorial 002's 784-100-200-10 softmax network at batch 32 (50000 shuffled \
            images, SGD lr 0.1); tutorial 004's forward and backward pass of 784-50-1 over 50000 \
            images (MSE on the label); tutorial 001's 784-15-10 for 10000 iterations of batch 32 \
            sampled with replacement (MSE sum/(2*32) on one-hot, lr 0.01).
            """)

    @Option(help: "Threads for the products and the peak (default: SCRATCHNET_THREADS or all processors).")
    var threads: Int?

    @Option(help: "Only the shapes whose name contains this text.")
    var filter: String?

    @Option(help: "Force a kernel: portable, avx2 or avx512 (default: the best this CPU supports).")
    var kernel: String?

    @Option(help: "Approximate time spent per shape, in seconds.")
    var seconds: Double = 0.3

    @Flag(help: "Skip the FMA peak measurement.")
    var noPeak = false

    @Flag(help: "Skip the training workloads (only the kernel shapes).")
    var noTraining = false

    @Option(help: "Timed runs of each training workload; the best (minimum) is printed.")
    var runs: Int = 3

    @Option(help: "The folder holding the data sets (default: assets/data of the project).")
    var data: String?

    /// One timed product: op(a) @ op(b) with a stored as `aShape` and b as `bShape`.
    struct Case {
        let name: String
        let aShape: [Int]
        let bShape: [Int]
        let transposeA: Bool
        let transposeB: Bool
    }

    /// The tutorials' MNIST-style network (784 -> 100 -> 200 -> 10, batches of 32), its backward
    /// products, a full-dataset forward product and a square one.
    static let cases: [Case] = {
        var cases: [Case] = []
        for (fanIn, fanOut) in [(784, 100), (100, 200), (200, 10)] {
            cases.append(Case(name: "fwd_32x\(fanIn)@\(fanIn)x\(fanOut)",
                              aShape: [32, fanIn], bShape: [fanIn, fanOut],
                              transposeA: false, transposeB: false))
        }
        for (fanIn, fanOut) in [(784, 100), (100, 200), (200, 10)] {
            // weight gradient x.T @ g: x (32 x fanIn) used transposed
            cases.append(Case(name: "bwdW_\(fanIn)x32@32x\(fanOut)_tA",
                              aShape: [32, fanIn], bShape: [32, fanOut],
                              transposeA: true, transposeB: false))
        }
        for (fanIn, fanOut) in [(784, 100), (100, 200), (200, 10)] {
            // input gradient g @ w.T: w (fanIn x fanOut) used transposed
            cases.append(Case(name: "bwdX_32x\(fanOut)@\(fanOut)x\(fanIn)_tB",
                              aShape: [32, fanOut], bShape: [fanIn, fanOut],
                              transposeA: false, transposeB: true))
        }
        cases.append(Case(name: "big_50000x784@784x50", aShape: [50000, 784], bShape: [784, 50],
                          transposeA: false, transposeB: false))
        // tutorial 004's backward pass over all 50000 images (784-50-1): x.grad = g @ w1.T and
        // w1.grad = x.T @ g
        cases.append(Case(name: "bigX_50000x50@50x784_tB", aShape: [50000, 50], bShape: [784, 50],
                          transposeA: false, transposeB: true))
        cases.append(Case(name: "bigW_784x50000@50000x50_tA", aShape: [50000, 784], bShape: [50000, 50],
                          transposeA: true, transposeB: false))
        cases.append(Case(name: "square_1024x1024@1024x1024", aShape: [1024, 1024],
                          bShape: [1024, 1024], transposeA: false, transposeB: false))
        return cases
    }()

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
        if let kernel, MatmulKernel(rawValue: kernel) == nil {
            throw ValidationError("--kernel must be one of "
                                  + MatmulKernel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
        if let threads { Parallel.threadCount = threads }
        TrainingWorkloads.dataDirectory = data
        if let kernel, let chosen = MatmulKernel(rawValue: kernel) {
            guard MatmulKernel.force(chosen) else {
                throw ValidationError("kernel \(kernel) cannot run on this CPU")
            }
        }
        let threadCount = Parallel.threadCount
        print("kernel path=\(MatmulKernel.active.rawValue) threads=\(threadCount)")
        if !noPeak {
            let peak = MatmulKernel.measurePeakGFLOPS(kernel: MatmulKernel.active, threads: threadCount)
            print("peak gflops=\(format(peak)) threads=\(threadCount)")
        }
        var generator = Xoshiro256StarStar(seed: 42)
        for item in Self.cases where filter.map({ item.name.contains($0) }) ?? true {
            let a = Tensor.randn(shape: item.aShape, using: &generator)
            let b = Tensor.randn(shape: item.bShape, using: &generator)
            var c = try Tensor.matmul(a, b, transposeA: item.transposeA, transposeB: item.transposeB)
            let m = item.transposeA ? item.aShape[1] : item.aShape[0]
            let k = item.transposeA ? item.aShape[0] : item.aShape[1]
            let n = item.transposeB ? item.bShape[0] : item.bShape[1]
            var best = Double.infinity
            var calls = 0
            let start = DispatchTime.now().uptimeNanoseconds
            while true {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try Tensor.matmul(a, b, into: &c, transposeA: item.transposeA, transposeB: item.transposeB)
                let t1 = DispatchTime.now().uptimeNanoseconds
                best = min(best, Double(t1 - t0) * 1e-9)
                calls += 1
                if calls >= 10 && Double(t1 - start) * 1e-9 >= seconds { break }
            }
            let gflops = 2.0 * Double(m) * Double(n) * Double(k) / best / 1e9
            print("\(item.name) gflops=\(format(gflops)) seconds=\(formatSeconds(best)) calls=\(calls)")
        }
        if !noTraining { try runTraining() }
    }

    // MARK: - Training workloads

    /// Runs each training workload `runs` times after a warm-up of a small part of it, and prints
    /// `train_<name> seconds=... steps=... runs=...` with the best (minimum) time: on a shared
    /// machine a run can lose a core for a while, and the minimum is the least disturbed one
    /// (bench/numpy_training.py does the same).
    private func runTraining() throws {
        let workloads: [(name: String, run: (Bool) throws -> Int)] = [
            ("train_exam_3-5-1_30epochs_x10000", TrainingWorkloads.exam),
            ("train_mnist_784-100-200-10_epoch_b32", TrainingWorkloads.mnistEpoch),
            ("train_fastai_784-50-1_fwdbwd_50000", TrainingWorkloads.fastaiForwardBackward),
            ("train_mse_784-15-10_10000it_b32", TrainingWorkloads.mnistMSE),
        ]
        for workload in workloads where filter.map({ workload.name.contains($0) }) ?? true {
            _ = try workload.run(true)
            var best = UInt64.max, steps = 0
            for _ in 0..<runs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                steps = try workload.run(false)
                best = Swift.min(best, DispatchTime.now().uptimeNanoseconds - t0)
            }
            print("\(workload.name) seconds=\(formatSeconds(Double(best) * 1e-9)) steps=\(steps) runs=\(runs)")
        }
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }

    private func formatSeconds(_ value: Double) -> String {
        // microsecond resolution is what the clock gives; keep 9 decimals as a fixed format
        let nanos = Int((value * 1e9).rounded())
        let whole = nanos / 1_000_000_000, frac = nanos % 1_000_000_000
        let fracText = String(frac)
        return "\(whole)." + String(repeating: "0", count: 9 - fracText.count) + fracText
    }
}

/// The training workloads of `scratchnet bench`, written as the fast lessons' loops are: buffers
/// allocated once (`DenseEngine`, `lin(_:_:_:into:)`, ...), products into them. Each takes
/// `warmUp` (run a small part only) and returns the number of steps done.
enum TrainingWorkloads {
    nonisolated(unsafe) static var dataDirectory: String?

    static func data() throws -> DataDirectory { try DataDirectory.locate(explicit: dataDirectory) }

    /// MNIST's first 50000 training images as (50000 x 784) inputs / 255, and their labels.
    static let mnist: Result<(x: Tensor, labels: Tensor), any Error> = Result {
        let train = try data().mnistTrainValidation().train
        return (train.inputs(), Tensor(train.labels.map(Double.init)))
    }

    /// Linear layers of `sizes` with a ReLU between each two, weights drawn layer by layer.
    static func denseModel(_ sizes: [Int], initializer: Initializer, using generator: inout Xoshiro256StarStar) -> Sequential {
        var layers: [any Module] = []
        for k in 0..<(sizes.count - 1) {
            if k > 0 { layers.append(ReLU()) }
            layers.append(Linear(sizes[k], sizes[k + 1], initializer: initializer, suffix: "\(k + 1)", using: &generator))
        }
        return Sequential(layers)
    }

    /// Tutorial 000: 3-5-1 (ReLU), MSE mean, full batch of 25, lr 0.01, 30 epochs; 10000 times.
    /// The bench's own C step (`SmallDenseNet`), which no lesson uses.
    static func exam(_ warmUp: Bool) throws -> Int {
        let exams = try data().exams()
        let x = exams.inputs, y = try exams.target.reshaped(25, 1)
        let repeats = warmUp ? 100 : 10_000, epochs = 30
        let net = SmallDenseNet(sizes: [3, 5, 1], batch: x.shape[0])
        var generator = Xoshiro256StarStar(seed: 1)
        let w0 = [Tensor.randn(3, 5, using: &generator), Tensor.randn(5, 1, using: &generator)]
        let b0 = [Tensor.zeros(5), Tensor.zeros(1)]
        var checksum = 0.0
        for _ in 0..<repeats {
            net.load(weights: w0, biases: b0)
            for _ in 0..<epochs {
                checksum += net.step(x, y, learningRate: 0.01)
            }
        }
        blackHole(checksum)
        if warmUp { try checkAgainstModules(net, w0: w0, b0: b0, x: x, y: y, epochs: epochs) }
        return repeats * epochs
    }

    /// The exam row's C step is the bench's own: before it is timed, its 30 epochs are checked
    /// against the same epochs through NeuralNet's modules, bit for bit.
    static func checkAgainstModules(_ net: SmallDenseNet, w0: [Tensor], b0: [Tensor], x: Tensor, y: Tensor,
                                    epochs: Int) throws {
        let model = Sequential(Linear(weight: w0[0], bias: b0[0], suffix: "1"), ReLU(),
                               Linear(weight: w0[1], bias: b0[1], suffix: "2"))
        let trainer = Trainer(model: model, loss: MSELoss(.mean), learningRate: 0.01)
        for _ in 0..<epochs { try trainer.step(inputs: x, targets: y) }
        let modules = model.parameters.map(\.value)
        let ours = (0..<2).flatMap { k in [net.parameters(k).weight, net.parameters(k).bias] }
        for (name, (a, b)) in zip(["w1", "b1", "w2", "b2"], zip(ours, modules))
        where a.scalars.map(\.bitPattern) != b.scalars.map(\.bitPattern) {
            throw ValidationError("bench: the exam row's C step differs from the modules in \(name) after \(epochs) epochs")
        }
    }

    /// Tutorial 002: one epoch of 784-100-200-10 (ReLU), softmax cross-entropy, SGD lr 0.1, batches
    /// of 32 of the 50000 images shuffled.
    static func mnistEpoch(_ warmUp: Bool) throws -> Int {
        let (x, labels) = try mnist.get()
        var generator = Xoshiro256StarStar(seed: 2)
        let sizes = [784, 100, 200, 10]
        let model = denseModel(sizes, initializer: .xavierNormal, using: &generator)
        let engine = try DenseEngine(model: model, loss: SoftmaxCrossEntropy(), batch: 32)
        var batches = ShuffledBatches(count: x.shape[0], batchSize: 32, remainder: .drop, generator: generator)
        let epoch = batches.nextEpoch()
        let count = warmUp ? 50 : epoch.count
        var checksum = 0.0
        engine.gather(epoch[0], inputs: x, targets: labels)
        for b in 0..<count {
            // the next batch is gathered on the other core during this step
            let next = epoch[Swift.min(b + 1, epoch.count - 1)]
            checksum += try engine.gatherNext(next, inputs: x, targets: labels) {
                try engine.step(learningRate: 0.1)
            }
        }
        blackHole(checksum)
        return count
    }

    /// Tutorial 004's buffers, allocated by the warm-up run and reused by the timed one, as a
    /// training loop's workspace would be (numpy allocates its temporaries as it goes).
    final class FastaiBuffers {
        var l1, l2, out, outGrad, l2Grad, l1Grad, xGrad: Tensor
        var w1Grad = Tensor.zeros(784, 50), w2Grad = Tensor.zeros(50, 1), b1Grad = Tensor.zeros(50), b2Grad = Tensor.zeros(1)
        init(_ n: Int) {
            (l1, l2, out) = (Tensor.zeros(n, 50), Tensor.zeros(n, 50), Tensor.zeros(n, 1))
            (outGrad, l2Grad, l1Grad, xGrad) = (Tensor.zeros(n, 1), Tensor.zeros(n, 50), Tensor.zeros(n, 50), Tensor.zeros(n, 784))
        }
    }
    nonisolated(unsafe) static var fastaiBuffers: FastaiBuffers?

    /// Tutorial 004: the forward and backward pass of 784-50-1 (ReLU) over all 50000 images, MSE
    /// (mean) on the label: every gradient, the input's included, as its `lin_grad` computes them.
    static func fastaiForwardBackward(_ warmUp: Bool) throws -> Int {
        let (x, labels) = try mnist.get()
        let n = x.shape[0]
        let y = try labels.reshaped(n, 1)
        var generator = Xoshiro256StarStar(seed: 3)
        let w1 = Initializer.kaimingNormal.weights(fanIn: 784, fanOut: 50, using: &generator)
        let w2 = Initializer.kaimingNormal.weights(fanIn: 50, fanOut: 1, using: &generator)
        let b1 = Tensor.zeros(50), b2 = Tensor.zeros(1)
        if fastaiBuffers == nil { fastaiBuffers = FastaiBuffers(n) }
        let t = fastaiBuffers!
        // forward
        try linReLU(x, w1, b1, into: &t.l1, activation: &t.l2)
        try lin(t.l2, w2, b2, into: &t.out)
        let mse = MSELoss(.mean)
        let loss = try mse.forward(t.out, y)
        t.outGrad = try mse.backward()
        // backward
        try Tensor.matmul(t.l2, t.outGrad, into: &t.w2Grad, transposeA: true)
        columnSums(t.outGrad, into: &t.b2Grad)
        // l2.grad = out.grad @ w2.T, and l1.grad = reluGrad(l1, l2.grad) in the same pass
        try linGradInput(t.outGrad, w2, reluInput: t.l1, into: &t.l2Grad, masked: &t.l1Grad)
        try Tensor.matmul(t.l1Grad, w1, into: &t.xGrad, transposeB: true)
        try Tensor.matmul(x, t.l1Grad, into: &t.w1Grad, transposeA: true)
        columnSums(t.l1Grad, into: &t.b1Grad)
        blackHole(loss + t.w1Grad.scalars[0] + t.b1Grad.scalars[0] + t.xGrad.scalars[0] + t.b2Grad.scalars[0])
        return 1
    }

    /// Tutorial 001: 784-15-10 (ReLU hidden, linear output), MSE sum/(2*32) on one-hot labels,
    /// lr 0.01, 10000 iterations of batches of 32 drawn with replacement.
    static func mnistMSE(_ warmUp: Bool) throws -> Int {
        let (x, labels) = try mnist.get()
        let y = oneHot(labels.scalars.map { Int($0) }, classes: 10)
        var generator = Xoshiro256StarStar(seed: 4)
        let sizes = [784, 15, 10]
        let model = denseModel(sizes, initializer: .randn, using: &generator)
        let engine = try DenseEngine(model: model, loss: MSELoss(.sumOverTwiceBatch), batch: 32)
        let iterations = warmUp ? 100 : 10_000
        let count = x.shape[0]
        var rows = [Int](repeating: 0, count: 32)
        for r in 0..<32 { rows[r] = generator.nextInt(below: count) }
        engine.gather(rows, inputs: x, targets: y)
        var checksum = 0.0
        for _ in 0..<iterations {
            // the next iteration's rows, drawn in the same order as one batch at a time, are
            // gathered on the other core during this step
            for r in 0..<32 { rows[r] = generator.nextInt(below: count) }
            checksum += try engine.gatherNext(rows, inputs: x, targets: y) {
                try engine.step(learningRate: 0.01)
            }
        }
        blackHole(checksum)
        return iterations
    }
}

@inline(never)
private func blackHole(_ value: Double) {
    if value == 0.123456789 { print("", terminator: "") }
}
