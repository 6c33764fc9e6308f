import CKernels
import Dispatch

extension Tensor {
    /// The matrix product `self @ other`, following numpy's rules for rank 1 and 2: a vector on
    /// the left is a row, a vector on the right is a column, and the added axis is removed again.
    public func matmul(_ other: Tensor) throws(ShapeError) -> Tensor {
        let a = rank == 1 ? Tensor(uncheckedShape: [1, count], scalars: scalars) : self
        let b = other.rank == 1 ? Tensor(uncheckedShape: [other.count, 1], scalars: other.scalars) : other
        guard a.rank == 2, b.rank == 2 else {
            throw ShapeError(operation: "matmul", shapes: [shape, other.shape], symbol: "@",
                             reason: "operands must be vectors or matrices")
        }
        guard a.shape[1] == b.shape[0] else {
            throw ShapeError(operation: "matmul", shapes: [shape, other.shape], symbol: "@",
                             reason: "inner dimensions \(a.shape[1]) and \(b.shape[0]) differ")
        }
        var c = try Tensor.matmul(a, b)
        if rank == 1 { c.shape = [c.shape[1]] } else if other.rank == 1 { c.shape = [c.shape[0]] }
        return c
    }

    /// `op(a) @ op(b)` for matrices, where `op` transposes when asked, without building the
    /// transpose: the backward passes multiply by `x.T` and `w.T` this way.
    ///
    /// Every element equals `matmulReference` on the explicit transposes, bit for bit, whatever the
    /// kernel and the thread count (`Parallel.threadCount`).
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) throws(ShapeError) -> Tensor {
        try check(a, b, transposeA: transposeA, transposeB: transposeB)
        let (m, k, n) = productSizes(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
        // The kernel writes every element, so the output need not be zeroed first.
        let scalars = [Double](unsafeUninitializedCapacity: m * n) { buffer, initialized in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                         a: pa.baseAddress, lda: transposeA ? m : k,
                         b: pb.baseAddress, ldb: transposeB ? k : n,
                         c: buffer.baseAddress, ldc: n)
                }
            }
            initialized = m * n
        }
        return Tensor(uncheckedShape: [m, n], scalars: scalars)
    }

    /// The sizes of `op(a) @ op(b)`, after checking that it is defined and that `c` has its shape.
    private static func checkInto(
        _ a: Tensor, _ b: Tensor, _ c: Tensor, transposeA: Bool, transposeB: Bool
    ) throws(ShapeError) -> (m: Int, k: Int, n: Int) {
        try check(a, b, transposeA: transposeA, transposeB: transposeB)
        let (m, k, n) = productSizes(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
        guard c.shape.count == 2, c.shape[0] == m, c.shape[1] == n else {
            throw ShapeError(operation: "matmul into", shapes: [a.shape, b.shape], symbol: "@",
                             reason: "the output has shape \(formatShape(c.shape)), the product \(formatShape([m, n]))")
        }
        return (m, k, n)
    }

    /// `op(a) @ op(b)` written into `c`, which must already have the product's shape: no new
    /// storage when `c`'s storage is not shared (for allocation-free training loops).
    public static func matmul(
        _ a: Tensor, _ b: Tensor, into c: inout Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) throws(ShapeError) {
        let (m, k, n) = try checkInto(a, b, c, transposeA: transposeA, transposeB: transposeB)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.scalars.withUnsafeMutableBufferPointer { pc in
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                         a: pa.baseAddress, lda: transposeA ? m : k,
                         b: pb.baseAddress, ldb: transposeB ? k : n,
                         c: pc.baseAddress, ldc: n)
                }
            }
        }
    }

    /// `op(a) @ op(b)` written into `c` (already shaped), then `epilogue(rows, columns, c)` on
    /// each finished block of `c` while it is still in the cache of the thread that made it: the
    /// way a training loop fuses the bias and the activation into a forward product, the ReLU
    /// mask into an input gradient, or the SGD update into a weight gradient, without another
    /// pass over memory. The blocks are disjoint and cover `c`; several may run at once on
    /// different threads, so `epilogue` must touch only its block (of `c`, or of other tensors of
    /// `c`'s shape). `c` points at the output's first element (row-major, `c.shape[1]` columns).
    public static func matmul(
        _ a: Tensor, _ b: Tensor, into c: inout Tensor, transposeA: Bool = false, transposeB: Bool = false,
        epilogue: (_ rows: Range<Int>, _ columns: Range<Int>, _ c: UnsafeMutablePointer<Double>) -> Void
    ) throws(ShapeError) {
        let (m, k, n) = try checkInto(a, b, c, transposeA: transposeA, transposeB: transposeB)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.scalars.withUnsafeMutableBufferPointer { pc in
                    let base = pc.baseAddress!
                    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                         a: pa.baseAddress, lda: transposeA ? m : k,
                         b: pb.baseAddress, ldb: transposeB ? k : n,
                         c: base, ldc: n, hasEpilogue: true, epilogue: { rows, columns in epilogue(rows, columns, base) })
                }
            }
        }
    }

    /// `checkMatmul` without building its message when the shapes fit (small products are called
    /// in tight loops).
    @inline(__always)
    private static func check(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws(ShapeError) {
        if a.shape.count == 2, b.shape.count == 2,
           (transposeA ? a.shape[0] : a.shape[1]) == (transposeB ? b.shape[1] : b.shape[0]) {
            return
        }
        try checkMatmul(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB)
    }

    private static func productSizes(
        _ a: [Int], _ b: [Int], transposeA: Bool, transposeB: Bool
    ) -> (m: Int, k: Int, n: Int) {
        (transposeA ? a[1] : a[0], transposeA ? a[0] : a[1], transposeB ? b[0] : b[1])
    }

    /// Up to this many rows per thread, an untransposed B with rows under 512 numbers long is read
    /// in place rather than packed (as the C driver decides: `DIRECT_B_MAX_ROWS` in gemm.c).
    static let directRowsPerThread = 64

    /// Up to this many elements (256 KB), an untransposed A that is not the largest operand is read
    /// whole by every thread, which split the columns of the product between them.
    static let columnSplitMaxA = 32_768

    /// Products of at most this many flops (2·M·N·K) run unpacked on one thread (`sn_dgemm_small`):
    /// the tutorials' tiny networks (3-5-1 on 25 rows) spend more on packing and dispatch than on
    /// arithmetic. The same numbers either way.
    public static let smallProductFlops = 8192

    /// C = op(A) @ op(B) on raw row-major storage, split across threads by disjoint row ranges
    /// (column ranges for a small A, or a transposed B with few rows). Each element is computed by
    /// one thread with the same chain of operations whatever the split, so the result never
    /// depends on it.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>?, lda: Int, b: UnsafePointer<Double>?, ldb: Int,
        c: UnsafeMutablePointer<Double>?, ldc: Int, hasEpilogue: Bool = false,
        epilogue: (_ rows: Range<Int>, _ columns: Range<Int>) -> Void = { _, _ in }
    ) {
        guard m > 0, n > 0 else { return }
        precondition(m <= Int(Int32.max) && n <= Int(Int32.max) && k <= Int(Int32.max)
                     && lda <= Int(Int32.max) && ldb <= Int(Int32.max) && ldc <= Int(Int32.max),
                     "matmul: dimensions beyond \(Int32.max) are not supported")
        let path = sn_active_path()
        let (tA, tB) = (Int32(transposeA ? 1 : 0), Int32(transposeB ? 1 : 0))
        let (M, N, K) = (Int32(m), Int32(n), Int32(k))
        let flops = 2 * m * n * k
        if flops <= smallProductFlops {
            sn_dgemm_small(path, tA, tB, M, N, K, a, Int32(lda), b, Int32(ldb), c, Int32(ldc))
            epilogue(0..<m, 0..<n)
            return
        }
        // Threads get whole register tiles of rows, at least one each.
        let tileRows = Int(sn_path_mr(path))
        let maxThreads = (m + tileRows - 1) / tileRows
        let threads = flops < Parallel.minimumParallelFlops ? 1 : Swift.min(Parallel.threadCount, maxThreads)
        if threads <= 1 {
            sn_dgemm_rows(path, tA, tB, M, N, K, a, Int32(lda), b, Int32(ldb), nil, c, Int32(ldc), 0, M)
            epilogue(0..<m, 0..<n)
            return
        }
        // With an epilogue, blocks of rows small enough that their part of C is still in the core's
        // L1/L2 when the epilogue reads it back: about 32 KB of C (`width` columns) each.
        func epilogueRows(width: Int) -> Int {
            Swift.max(tileRows, (32_768 / Swift.max(1, width * 8)) / tileRows * tileRows)
        }
        let evenChunk = ((m + threads - 1) / threads + tileRows - 1) / tileRows * tileRows
        var chunk = evenChunk
        if hasEpilogue {
            // smaller parts, as many for every thread: 3 parts on 2 threads would leave one
            // thread with twice the work of the other
            let hot = epilogueRows(width: n)
            if hot < chunk {
                let parts = ((m + hot - 1) / hot + threads - 1) / threads * threads
                chunk = ((m + parts - 1) / parts + tileRows - 1) / tileRows * tileRows
            }
        }
        // Split the columns instead of the rows when an untransposed A is small enough for every
        // thread to read all of it and B or C is the larger operand: each thread then reads only
        // its share of B, the same share on every call (parts stay with their thread), such as
        // its half of a layer's weights in a batch-32 forward product. (Weight gradients, with A
        // transposed, measured slower split this way and keep the row split.) A transposed B
        // with few rows is split this way too, so that each thread packs only its own part of B.
        // Columns in multiples of the vector width, 8.
        let smallA = !transposeA && m * k <= columnSplitMaxA && (m <= n || k <= n)
        if (smallA || transposeB && evenChunk <= directRowsPerThread) && n >= 16 * threads {
            let columns = ((n + threads - 1) / threads + 7) / 8 * 8
            let parts = (n + columns - 1) / columns
            // with an epilogue, a block of rows at a time; only where B is read in place (a call
            // that packs B would pack it again for every block)
            let inPlaceB = !transposeB && ldb < 512
            let rowStep = hasEpilogue && inPlaceB ? Swift.min(directRowsPerThread, epilogueRows(width: columns)) : m
            let shared = SharedPointers(a: a, b: b, c: c, packed: nil)
            Parallel.run(parts: parts, threads: threads) { part in
                let j0 = part * columns, j1 = Swift.min(n, j0 + columns)
                for i0 in stride(from: 0, to: m, by: rowStep) {
                    let i1 = Swift.min(m, i0 + rowStep)
                    sn_dgemm_rows(path, tA, tB, M, Int32(j1 - j0), K, shared.a, Int32(lda),
                                  shared.b.map { $0 + (transposeB ? j0 * ldb : j0) }, Int32(ldb), nil,
                                  shared.c.map { $0 + j0 }, Int32(ldc), Int32(i0), Int32(i1))
                    epilogue(i0..<i1, j0..<j1)
                }
            }
            return
        }
        let parts = (m + chunk - 1) / chunk
        func run(_ shared: SharedPointers, _ part: Int) {
            let begin = Int32(part * chunk), end = Int32(Swift.min(m, (part + 1) * chunk))
            sn_dgemm_rows(path, tA, tB, M, N, K, shared.a, Int32(lda), shared.b, Int32(ldb),
                          shared.packed, shared.c, Int32(ldc), begin, end)
            epilogue(Int(begin)..<Int(end), 0..<n)
        }
        // Packing B once, shared by all threads, pays when each thread would otherwise pack it
        // (transposed B, or more rows than are cheap to run against B where it lies).
        if transposeB || chunk > directRowsPerThread || ldb >= 512 {
            let count = sn_packed_b_count(path, N, K)
            let panels = Int(sn_packed_b_panels(path, N))
            let packed = sn_pack_buffer_acquire(count)
            defer { sn_pack_buffer_release(packed) }
            let withPack = SharedPointers(a: a, b: b, c: c, packed: UnsafePointer(packed))
            let packParts = Swift.min(threads, panels)
            Parallel.run(parts: packParts, threads: threads) { part in
                let p0 = Int32(part * panels / packParts), p1 = Int32((part + 1) * panels / packParts)
                sn_pack_b(path, tB, N, K, withPack.b, Int32(ldb), withPack.mutablePacked, p0, p1)
            }
            Parallel.run(parts: parts, threads: threads) { part in run(withPack, part) }
        } else {
            let shared = SharedPointers(a: a, b: b, c: c, packed: nil)
            Parallel.run(parts: parts, threads: threads) { part in run(shared, part) }
        }
    }
}

/// The operands' storage, handed to worker threads that each write a disjoint range of rows of
/// `c` (and, while packing, a disjoint range of panels of `packed`). The pointers stay valid for
/// the whole of `Parallel.run`, which returns only when every worker has finished.
private struct SharedPointers: @unchecked Sendable {
    let a: UnsafePointer<Double>?
    let b: UnsafePointer<Double>?
    let c: UnsafeMutablePointer<Double>?
    let packed: UnsafePointer<Double>?
    var mutablePacked: UnsafeMutablePointer<Double>? { packed.map { UnsafeMutablePointer(mutating: $0) } }
}

/// The matrix-product kernels this build contains, for benchmarks and tests.
public enum MatmulKernel: String, CaseIterable, Sendable {
    /// Scalar C `fma()`: any CPU.
    case portable
    /// x86-64 AVX2 with FMA.
    case avx2
    /// x86-64 AVX-512F.
    case avx512

    var code: Int32 {
        switch self {
        case .portable: SN_PATH_PORTABLE
        case .avx2: SN_PATH_AVX2
        case .avx512: SN_PATH_AVX512
        }
    }

    init(code: Int32) {
        switch code {
        case SN_PATH_AVX512: self = .avx512
        case SN_PATH_AVX2: self = .avx2
        default: self = .portable
        }
    }

    /// The kernel the next products use: the forced one, or the best this CPU supports.
    public static var active: MatmulKernel { MatmulKernel(code: sn_active_path()) }
    /// The best kernel this CPU supports.
    public static var best: MatmulKernel { MatmulKernel(code: sn_best_path()) }
    /// The kernels that can run on this CPU.
    public static var available: [MatmulKernel] { allCases.filter(\.isAvailable) }
    /// Whether this kernel can run on this CPU.
    public var isAvailable: Bool { sn_path_available(code) != 0 }

    /// Makes every following product use `kernel` (`nil`: the best one again). Process-wide; meant
    /// for tests and benchmarks. Returns false, changing nothing, if the kernel cannot run here.
    @discardableResult
    public static func force(_ kernel: MatmulKernel?) -> Bool {
        sn_force_path(kernel?.code ?? -1) == 0
    }

    /// The double-precision peak of `kernel`'s widest fused multiply-add, in GFLOP/s, measured
    /// with a loop of independent FMAs on `threads` threads at once: the best of twenty rounds,
    /// about `2 * seconds` in all.
    public static func measurePeakGFLOPS(
        kernel: MatmulKernel = .best, threads: Int = Parallel.threadCount, seconds: Double = 0.3
    ) -> Double {
        let path = kernel.code
        let threads = Swift.max(1, threads)
        let perIteration = Double(sn_fma_loop_flops_per_iteration(path))
        // Calibrate one thread's iteration count for the requested time.
        var iterations = 100_000
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            blackHole(sn_fma_loop(path, iterations))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            if elapsed > 0.02 {
                iterations = Swift.max(iterations, Int(Double(iterations) * seconds / elapsed))
                break
            }
            iterations *= 4
        }
        // The best of twenty rounds of seconds/10 each: on a shared machine another process can
        // take a core for a while, which would understate the peak (and flatter any fraction of
        // it); more rounds over a longer time give a quiet one more chances.
        let count = Swift.max(1, iterations / 10)
        var best = 0.0
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { _ in blackHole(sn_fma_loop(path, count)) }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            best = Swift.max(best, Double(threads) * Double(count) * perIteration / elapsed / 1e9)
        }
        return best
    }
}

@inline(never)
private func blackHole(_ value: Double) {
    if value == 0.123456789 { print("", terminator: "") }
}
