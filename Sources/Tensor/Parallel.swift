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
/// Results never depend on the thread count: threads compute disjoint rows of the output, each
/// element with the same chain of operations.
public enum Parallel {
    /// The number of threads large products use. Defaults to the `SCRATCHNET_THREADS` environment
    /// variable when it holds a positive integer (read at first use), else to the number of
    /// processors this process may run on. Values below 1 are stored as 1.
    public static var threadCount: Int {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(Swift.max(1, newValue), ordering: .relaxed) }
    }

    /// Products of fewer floating-point operations (2·M·N·K) than this run on one thread. Measured
    /// on 2 cores: with the worker threads awake (products in a loop), even 1.3 Mflop products
    /// (32x100 @ 100x200) run about 1.5x faster on two threads, but a product that has to wake a
    /// sleeping worker can lose 10-25 % below a few Mflop. Tests lower it to split even small
    /// products. Results do not depend on it.
    public static var minimumParallelFlops: Int {
        get { minimumFlopsStorage.load(ordering: .relaxed) }
        set { minimumFlopsStorage.store(Swift.max(0, newValue), ordering: .relaxed) }
    }
    public static let defaultMinimumParallelFlops = 1_000_000
    private static let minimumFlopsStorage = Atomic<Int>(defaultMinimumParallelFlops)

    /// The number of processors this process may run on.
    public static var processorCount: Int { Int(sn_cpu_count()) }

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
