import Tensor

/// A value recorded on a ``Tape``: the handle through which the forward pass is written
/// (`try x.matmul(w1) + b1`) and through which gradients are read after ``backward()``.
///
/// A variable keeps its tape alive; the tape never refers to its variables.
public struct Variable {
    /// The tape this value is recorded on.
    public let tape: Tape
    /// Its position on the tape.
    public let id: Int

    /// The value computed in the forward pass.
    public var value: Tensor { tape.value(id) }
    /// The shape of ``value``.
    public var shape: [Int] { tape.value(id).shape }
    /// The name given at creation or with ``named(_:)``, for messages and reports.
    public var name: String? { tape.name(id) }

    /// The gradient accumulated by the backward passes so far, with the shape of ``value``;
    /// nil if no backward pass has reached this value (it does not influence the root, or it is
    /// a constant).
    public var grad: Tensor? { tape.gradient(id) }

    /// Runs a backward pass from this value, which must hold one element (a loss).
    /// Repeated calls accumulate: see ``Tape``.
    public func backward() throws(ShapeError) {
        try tape.backward(from: self)
    }

    /// Names this value (for example `l1`) and returns it.
    @discardableResult
    public func named(_ name: String) -> Variable {
        tape.setName(name, of: id)
        return self
    }
}
