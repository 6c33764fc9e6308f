import Tensor

/// The record of one forward pass: every value computed through ``Variable`` operations, in the
/// order they were computed, each with the rule that sends its gradient back to its inputs.
///
/// Reverse-mode differentiation walks this list backwards from the output. Nodes refer to their
/// inputs by position in the list, and a node's pullback receives the output gradient as a
/// parameter and captures only the tensors it needs: nothing on the tape refers back to the tape
/// or to another node, so there are no reference cycles and the whole graph is freed when the last
/// ``Variable`` (and the tape) goes out of scope.
///
/// ## Calling `backward` more than once
/// Every call of ``backward(from:seed:)`` **adds** d(root)/d(node) into the stored gradient of
/// every node the root depends on, leaves and intermediate values alike, as PyTorch does with
/// `retain_graph=True`: calling it twice gives twice the gradient. The graph is not consumed, so
/// any number of calls (from the same or different roots) is allowed. ``zeroGradients()`` clears
/// all stored gradients, as `zero_grad()` does.
///
/// A tape is not thread-safe and not `Sendable`: one forward-and-backward pass belongs to one task.
public final class Tape {
    /// Maps the gradient of a node's output to the gradients of its inputs, one per input and
    /// each of that input's shape.
    typealias Pullback = (Tensor) throws(ShapeError) -> [Tensor]

    struct Node {
        var value: Tensor
        var name: String?
        /// What computed it (`matmul`, `add`, `relu`, ...), or `variable` / `constant` for a leaf.
        var operation: String
        /// Positions of the inputs on the tape, all smaller than this node's own position.
        var inputs: [Int]
        /// Nil for leaves (variables and constants).
        var pullback: Pullback?
        /// False for constants and for values computed from constants only: backward skips them.
        var requiresGradient: Bool
    }

    private(set) var nodes: [Node] = []
    /// Accumulated gradients, by node position; nil until a backward pass reaches the node.
    private var gradients: [Tensor?] = []

    /// An empty tape.
    public init() {}

    /// The number of values recorded so far.
    public var count: Int { nodes.count }

    /// A leaf whose gradient is wanted: a weight, a bias, or an input being checked.
    public func variable(_ value: Tensor, name: String? = nil) -> Variable {
        append(Node(value: value, name: name, operation: "variable", inputs: [], pullback: nil,
                    requiresGradient: true))
    }

    /// A leaf whose gradient is not wanted (targets, data): backward never computes it.
    public func constant(_ value: Tensor, name: String? = nil) -> Variable {
        append(Node(value: value, name: name, operation: "constant", inputs: [], pullback: nil,
                    requiresGradient: false))
    }

    /// Records the result of `operation` on `inputs`, which must all live on this tape.
    func record(_ value: Tensor, operation: String, inputs: [Variable],
                pullback: @escaping Pullback) -> Variable {
        for input in inputs {
            precondition(input.tape === self, "Variables from different tapes cannot be combined")
        }
        let requires = inputs.contains { nodes[$0.id].requiresGradient }
        return append(Node(value: value, name: nil, operation: operation, inputs: inputs.map(\.id),
                           pullback: requires ? pullback : nil, requiresGradient: requires))
    }

    private func append(_ node: Node) -> Variable {
        nodes.append(node)
        gradients.append(nil)
        return Variable(tape: self, id: nodes.count - 1)
    }

    func value(_ id: Int) -> Tensor { nodes[id].value }
    func name(_ id: Int) -> String? { nodes[id].name }
    func gradient(_ id: Int) -> Tensor? { gradients[id] }
    func setName(_ name: String?, of id: Int) { nodes[id].name = name }

    /// Adds d(root)/d(node) into the gradient of every node that `root` depends on.
    ///
    /// `seed` is the gradient of the root itself; it defaults to 1 and may be omitted only when
    /// the root holds a single element (a loss). See the type's documentation for repeated calls.
    /// `observe`, if given, hears every gradient added and every entry finished, in order (see
    /// ``BackwardEvent``); it only watches.
    public func backward(from root: Variable, seed: Tensor? = nil,
                         observe: ((BackwardEvent) -> Void)? = nil) throws(ShapeError) {
        precondition(root.tape === self, "backward: the root lives on another tape")
        let rootValue = nodes[root.id].value
        let start: Tensor
        if let seed {
            guard seed.shape == rootValue.shape else {
                throw ShapeError(operation: "backward", shapes: [rootValue.shape, seed.shape],
                                 symbol: "<-", reason: "the seed must have the root's shape")
            }
            start = seed
        } else {
            guard rootValue.count == 1 else {
                throw ShapeError(operation: "backward", shapes: [rootValue.shape],
                                 reason: "a root with more than one element needs an explicit seed")
            }
            start = Tensor(shape: rootValue.shape, repeating: 1)
        }
        // This pass's gradients are gathered apart from the stored ones, so that a node's pullback
        // sees only d(root)/d(node) and never the sum left over from earlier calls.
        var pass = [Tensor?](repeating: nil, count: root.id + 1)
        pass[root.id] = start
        // Inputs always precede their users on the tape, so visiting positions in decreasing
        // order finishes every node's gradient before its pullback runs.
        for id in stride(from: root.id, through: 0, by: -1) {
            guard let outputGradient = pass[id], nodes[id].requiresGradient else { continue }
            if let pullback = nodes[id].pullback {
                let inputGradients = try pullback(outputGradient)
                for (input, gradient) in zip(nodes[id].inputs, inputGradients)
                where nodes[input].requiresGradient {
                    try Self.accumulate(gradient, into: &pass[input])
                    observe?(.added(gradient, by: id, to: input, total: pass[input]!))
                }
            }
            try Self.accumulate(outputGradient, into: &gradients[id])
            observe?(.finished(id, gradient: outputGradient, stored: gradients[id]!))
        }
    }

    /// Forgets every stored gradient.
    public func zeroGradients() {
        gradients = [Tensor?](repeating: nil, count: nodes.count)
    }

    private static func accumulate(_ gradient: Tensor, into slot: inout Tensor?) throws(ShapeError) {
        if slot == nil { slot = gradient } else { try slot!.add(gradient) }
    }
}
