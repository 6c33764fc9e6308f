import Autograd
import Tensor
import LessonRecords

extension TapeRecord {
    /// The record of `tape`'s entries and of the sweep `trace` over them, each tensor in brief.
    public init(name: String, tape: Tape, trace: BackwardTrace) {
        let entries = tape.entries.map { entry in
            Entry(position: entry.position, operation: entry.operation, name: entry.name, inputs: entry.inputs,
                  value: Excerpt(entry.value), requiresGradient: entry.requiresGradient)
        }
        let visits = trace.visits.map { visit in
            Visit(entry: visit.entry, gradient: Excerpt(visit.gradient),
                  additions: visit.additions.map { Addition(input: $0.input, gradient: Excerpt($0.gradient), total: Excerpt($0.total)) },
                  stored: Excerpt(visit.stored))
        }
        self.init(name: name, entries: entries, visits: visits)
    }
}

extension TapeRecord.Excerpt {
    /// The shape of `tensor` and its first elements.
    public init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, first: Array(tensor.scalars.prefix(Self.length)))
    }
}
