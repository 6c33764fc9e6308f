/// A formula the converter cannot translate; `offset` counts characters into the formula.
public struct TeXError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) (at character \(offset + 1))" }
}
