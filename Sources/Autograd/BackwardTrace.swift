import Tensor

/// One backward pass written down entry by entry, as ``Tape/backward(from:seed:observe:)`` reported
/// it: for each entry reached, in the order the sweep visited them, its gradient, what its pullback
/// added to each input and the running totals. It is gathered by observing the ordinary
/// `backward`, so it cannot describe a different algorithm from the one that ran.
public struct BackwardTrace {
    /// What a pullback added to one input's gradient.
    public struct Addition {
        /// The input's position on the tape.
        public let input: Int
        /// The gradient the pullback returned for that input.
        public let gradient: Tensor
        /// The input's gradient of this pass after the addition: the sum of everything added so far.
        public let total: Tensor
    }

    /// One entry of the sweep.
    public struct Visit {
        /// The entry's position on the tape.
        public let entry: Int
        /// d(root)/d(entry) of this pass, complete when the entry is reached.
        public let gradient: Tensor
        /// What the entry's pullback added, one per input that needs a gradient; empty for a leaf.
        public let additions: [Addition]
        /// The entry's stored gradient (``Variable/grad``) after this pass added to it.
        public let stored: Tensor
    }

    /// The entries in the order the sweep visited them (decreasing positions).
    public private(set) var visits: [Visit] = []
    private var pending: [Addition] = []

    /// Takes the next event of a backward pass.
    mutating func observe(_ event: BackwardEvent) {
        switch event {
        case let .added(gradient, _, input, total):
            pending.append(Addition(input: input, gradient: gradient, total: total))
        case let .finished(position, gradient, stored):
            visits.append(Visit(entry: position, gradient: gradient, additions: pending, stored: stored))
            pending = []
        }
    }
}

extension Tape {
    /// Runs ``backward(from:seed:observe:)`` (gradients accumulate exactly as in any call) and
    /// returns what it did, entry by entry.
    public func backwardTrace(from root: Variable, seed: Tensor? = nil) throws(ShapeError) -> BackwardTrace {
        var trace = BackwardTrace()
        try backward(from: root, seed: seed) { trace.observe($0) }
        return trace
    }
}
