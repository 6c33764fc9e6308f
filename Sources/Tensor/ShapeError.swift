/// A tensor operation was given shapes it cannot combine.
///
/// The message names the operation and every shape involved, so that a lesson can catch the error
/// and show it to the learner as it is, for example
/// `matmul: (1x5) @ (25x1): inner dimensions 5 and 25 differ`.
public struct ShapeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The operation that refused its operands, e.g. `matmul` or `add`.
    public let operation: String
    /// The shapes of the operands, in order.
    public let shapes: [[Int]]
    /// Why they do not fit.
    public let reason: String
    /// How the operands were written between their shapes (`@` for matmul, `+` for add...).
    public let symbol: String

    public init(operation: String, shapes: [[Int]], symbol: String = ",", reason: String) {
        self.operation = operation
        self.shapes = shapes
        self.symbol = symbol
        self.reason = reason
    }

    public var description: String {
        let operands = shapes.map(formatShape).joined(separator: " \(symbol) ")
        return "\(operation): \(operands): \(reason)"
    }
}

/// Formats a shape the way every message and page in ScratchNet writes it: `(25x3)`, `(5)`, `()`.
public func formatShape(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: "x") + ")"
}
