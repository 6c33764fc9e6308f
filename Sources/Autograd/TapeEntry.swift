import Tensor

/// One value on a ``Tape`` as a reader sees it: what computed it, from which entries, and the
/// value itself.
public struct TapeEntry: Equatable {
    /// Its position on the tape, from 0 in the order of recording.
    public let position: Int
    /// The operation that computed it (`matmul`, `add`, `relu`, `square`, `mean`, ...), or
    /// `variable` or `constant` for a leaf.
    public let operation: String
    /// The name given with ``Tape/variable(_:name:)`` or ``Variable/named(_:)``, if any.
    public let name: String?
    /// The positions of its inputs, all smaller than ``position``.
    public let inputs: [Int]
    /// The value computed in the forward pass.
    public let value: Tensor
    /// False for constants and values computed from constants only: backward passes them by.
    public let requiresGradient: Bool
}

extension Tape {
    /// Every value recorded so far, in the order they were recorded.
    public var entries: [TapeEntry] {
        nodes.enumerated().map { position, node in
            TapeEntry(position: position, operation: node.operation, name: node.name, inputs: node.inputs,
                      value: node.value, requiresGradient: node.requiresGradient)
        }
    }
}
