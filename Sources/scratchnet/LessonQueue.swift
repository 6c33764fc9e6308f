import Dispatch
import Synchronization

/// Runs independent jobs (one lesson each) on up to `workers` threads, each thread taking the next
/// job in order as it finishes one, and returns the results in the jobs' order.
///
/// Why: the lessons do not share any state and their numbers do not depend on the thread that
/// runs them or on what runs beside them (a product that finds the worker pool busy runs on its
/// own thread, with the same numbers), so a build runs two at once on two cores: the longest
/// lesson (mnist-softmax) then overlaps all the others instead of following them.
enum LessonQueue {
    /// `body(i)` for every `i` in `0..<count`; `shouldStop()` is checked before each job is
    /// started, and jobs not started when it turns true have no result (nil).
    static func run<Result: Sendable>(
        count: Int, workers: Int, shouldStop: @Sendable () -> Bool = { false },
        _ body: @Sendable (Int) -> Result
    ) -> [Result?] {
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        // One iteration per thread; with one, it runs on the calling thread.
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(workers, count))) { _ in
            while !shouldStop() {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let result = body(index)
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0 }
    }
}
