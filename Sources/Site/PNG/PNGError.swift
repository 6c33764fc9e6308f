/// A PNG could not be written or read. For libpng failures `message` is libpng's own
/// (`png_image.message`), e.g. `Not a PNG file`.
public struct PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error with `message` as its reason.
    public init(message: String) {
        self.message = message
    }

    public var description: String { "PNG: \(message)" }
}
