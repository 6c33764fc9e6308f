import ArgumentParser
import Dispatch
import Tensor

/// `scratchnet bench`: times the matrix product on the tutorials' shapes and prints one
/// `name key=value ...` line per item, so the output can be compared with bench/numpy_kernels.py.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the matmul kernels on the tutorials' shapes.",
        discussion: """
            Each shape is multiplied repeatedly into a preallocated output for about --seconds \
            (at least 3 calls after one warm-up call); `seconds` is the BEST (minimum) time of one \
            call and `gflops` = 2*M*N*K / seconds / 1e9. Names say the shapes as multiplied: \
            `_tA` means A is stored transposed (x.T @ g in a backward pass), `_tB` means B is \
            (g @ w.T). Also prints the active kernel and the machine's double-precision FMA peak \
            measured with a loop of independent FMAs on every thread.
            Output, one item per line: `kernel path=... threads=...`, `peak gflops=... threads=...`, \
            then `<name> gflops=... seconds=... calls=...`.
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
        cases.append(Case(name: "square_1024x1024@1024x1024", aShape: [1024, 1024],
                          bShape: [1024, 1024], transposeA: false, transposeB: false))
        return cases
    }()

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let kernel, MatmulKernel(rawValue: kernel) == nil {
            throw ValidationError("--kernel must be one of "
                                  + MatmulKernel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
        if let threads { Parallel.threadCount = threads }
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
                if calls >= 3 && Double(t1 - start) * 1e-9 >= seconds { break }
            }
            let gflops = 2.0 * Double(m) * Double(n) * Double(k) / best / 1e9
            print("\(item.name) gflops=\(format(gflops)) seconds=\(formatSeconds(best)) calls=\(calls)")
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
