import CKernels
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide settings for the kernels that run on several threads (the matrix product).
///
/// Results never depend on the thread count: threads compute disjoint blocks of the output, each
/// element with the same chain of operations.
public enum Parallel {
    /// The number of threads large products use. Defaults to the `SCRATCHNET_THREADS` environment
    /// variable when it holds a positive integer (read at first use), else to the number of
    /// processors this process may run on. Values below 1 are stored as 1.
    public static var threadCount: Int {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(Swift.max(1, newValue), ordering: .relaxed) }
    }

    /// Products of fewer floating-point operations (2·M·N·K) than this run on one thread. The
    /// workers of `run` stay awake for a while after each product, so in a training loop the next
    /// product finds them ready (and a caller never waits for a sleeping one: it takes the parts
    /// no worker has taken). Measured on 2 cores, products from about 0.1 Mflop (32x200 @ 200x10)
    /// run faster on two threads. Tests lower it to split even small products. Results do not
    /// depend on it.
    public static var minimumParallelFlops: Int {
        get { minimumFlopsStorage.load(ordering: .relaxed) }
        set { minimumFlopsStorage.store(Swift.max(0, newValue), ordering: .relaxed) }
    }
    public static let defaultMinimumParallelFlops = 100_000
    private static let minimumFlopsStorage = Atomic<Int>(defaultMinimumParallelFlops)

    /// The number of processors this process may run on.
    public static var processorCount: Int { Int(sn_cpu_count()) }

    /// Runs `body(part)` for every part in `0..<parts` on up to `threads` threads: the caller and
    /// pooled workers that stay awake briefly between jobs, so that the small products of a
    /// training loop do not pay a thread wake-up each. Returns when every part is done. Parts
    /// must touch disjoint data; which thread runs a part never matters to the result.
    static func run(parts: Int, threads: Int, _ body: (Int) -> Void) {
        guard parts > 1, threads > 1 else {
            for part in 0..<parts { body(part) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var task = Task(body: body)
            withUnsafeMutablePointer(to: &task) { pointer in
                sn_parallel_run(Int32(parts), Int32(threads), { context, part in
                    context!.assumingMemoryBound(to: Task.self).pointee.body(Int(part))
                }, pointer)
            }
        }
    }

    private struct Task {
        let body: (Int) -> Void
    }

    private static let storage = Atomic<Int>(initialThreadCount())

    private static func initialThreadCount() -> Int {
        if let raw = getenv("SCRATCHNET_THREADS"),
           let value = Int(String(cString: raw).trimmingSpaces()), value > 0 {
            return value
        }
        return Swift.max(1, Int(sn_cpu_count()))
    }
}

private extension String {
    func trimmingSpaces() -> Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return s
    }
}
