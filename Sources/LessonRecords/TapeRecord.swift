/// An autograd tape as a forward pass left it, and one backward sweep over it, entry by entry:
/// which pullback ran, what it added to each input's gradient and the running totals. Every
/// number is computed by the lesson (by observing the ordinary backward pass), so `verify`
/// covers it; the page only shows it, as tables and as frames to step through.
public struct TapeRecord: Codable, Sendable, Equatable {
    public var name: String
    /// The entries in the order they were recorded (position 0 first).
    public var entries: [Entry]
    /// The entries the sweep reached, in the order it visited them (decreasing positions).
    public var visits: [Visit]

    /// One value on the tape.
    public struct Entry: Codable, Sendable, Equatable {
        /// Its position on the tape, from 0.
        public var position: Int
        /// What computed it (`matmul`, `add`, ...), or `variable` or `constant` for a leaf.
        public var operation: String
        /// The name the lesson gave it (`w1`, `l1`), if any.
        public var name: String?
        /// The positions of its inputs.
        public var inputs: [Int]
        public var value: Excerpt
        /// False for constants and values computed from them only: the sweep passes them by.
        public var requiresGradient: Bool

        public init(position: Int, operation: String, name: String?, inputs: [Int], value: Excerpt,
                    requiresGradient: Bool) {
            self.position = position
            self.operation = operation
            self.name = name
            self.inputs = inputs
            self.value = value
            self.requiresGradient = requiresGradient
        }
    }

    /// A tensor in brief, so that a page showing dozens of them stays light: its shape and its
    /// first elements in row-major order (for these lessons, the first example's).
    public struct Excerpt: Codable, Sendable, Equatable {
        public var shape: [Int]
        /// At most ``TapeRecord/Excerpt/length`` elements.
        public var first: [Double]

        /// How many elements an excerpt keeps.
        public static let length = 3

        public init(shape: [Int], first: [Double]) {
            self.shape = shape
            self.first = first
        }

        /// The number of elements of the whole tensor.
        public var count: Int { shape.reduce(1, *) }
    }

    /// One entry of the sweep, when its gradient is complete.
    public struct Visit: Codable, Sendable, Equatable {
        /// The entry's position.
        public var entry: Int
        /// d(loss)/d(entry) of this pass.
        public var gradient: Excerpt
        /// What the entry's pullback added, one per input that needs a gradient; empty for a leaf,
        /// which has no pullback.
        public var additions: [Addition]
        /// The entry's stored gradient after this pass added its gradient to it.
        public var stored: Excerpt

        public init(entry: Int, gradient: Excerpt, additions: [Addition], stored: Excerpt) {
            self.entry = entry
            self.gradient = gradient
            self.additions = additions
            self.stored = stored
        }
    }

    /// `input.grad += gradient`, and the input's gradient of this pass afterwards.
    public struct Addition: Codable, Sendable, Equatable {
        public var input: Int
        public var gradient: Excerpt
        /// The sum of everything added to the input so far in this pass.
        public var total: Excerpt

        public init(input: Int, gradient: Excerpt, total: Excerpt) {
            self.input = input
            self.gradient = gradient
            self.total = total
        }
    }

    public init(name: String, entries: [Entry], visits: [Visit]) {
        self.name = name
        self.entries = entries
        self.visits = visits
    }

    /// The entry at `position`.
    public func entry(_ position: Int) -> Entry? {
        entries.first { $0.position == position }
    }
}
