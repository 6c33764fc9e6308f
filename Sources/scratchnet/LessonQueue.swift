import Dispatch
import Synchronization

/// Runs independent jobs (one lesson each) on up to `workers` threads, each thread taking the next
/// job as it finishes one, and returns the results in the jobs' order.
///
/// Why: the lessons do not share any state and their numbers do not depend on the thread that
/// runs them or on what runs beside them (a product that finds the worker pool busy runs on its
/// own thread, with the same numbers), so a build runs two at once on two cores: the longest
/// lesson (mnist-softmax), started first, then overlaps all the others instead of following them.
enum LessonQueue {
    /// `body(i)` for every `i` in `0..<count`, started in the order of `startOrder` (a permutation
    /// of `0..<count`; by default increasing); `shouldStop()` is checked before each job is
    /// started, and jobs not started when it turns true have no result (nil).
    static func run<Result: Sendable>(
        count: Int, workers: Int, startOrder: [Int]? = nil, shouldStop: @Sendable () -> Bool = { false },
        _ body: @Sendable (Int) -> Result
    ) -> [Result?] {
        let order = startOrder ?? Array(0..<count)
        precondition(order.sorted() == Array(0..<count), "LessonQueue: startOrder must be a permutation of 0..<\(count)")
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        // One iteration per thread; with one, it runs on the calling thread.
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(workers, count))) { _ in
            while !shouldStop() {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < count else { return }
                let index = order[position]
                let result = body(index)
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0 }
    }
}
