/// Why a gzip file could not be inflated. The description is `file: reason`.
public struct GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// Zero bytes.
        case empty
        /// The first two bytes are not gzip's 0x1f 0x8b; carries the bytes found.
        case notGzip(firstBytes: [UInt8])
        /// The input ended before the deflate end marker and the CRC/length trailer.
        case truncated
        /// zlib found the data inconsistent; carries zlib's message, for example
        /// `incorrect data check` when the CRC-32 of the inflated bytes does not match the trailer.
        case corrupt(zlibMessage: String)
        /// Bytes after the last complete gzip member that do not start another one.
        case trailingGarbage(byteCount: Int)
        /// Any other zlib failure (out of memory, version mismatch); carries the return code.
        case zlib(code: Int32, message: String)
    }

    /// The file's name as the caller gave it.
    public let file: String
    /// What went wrong.
    public let reason: Reason

    /// An error in `file` for `reason`.
    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        let text: String
        switch reason {
        case .empty:
            text = "empty file, expected a gzip stream"
        case .notGzip(let bytes):
            let found = bytes.map { "0x" + hexString([$0]) }.joined(separator: " ")
            text = "not a gzip file (starts with \(found), expected 0x1f 0x8b)"
        case .truncated:
            text = "truncated gzip stream (inflate ended before the end marker)"
        case .corrupt(let message):
            switch message {
            case "incorrect data check":
                text = "corrupt gzip stream: incorrect data check (CRC-32 of the inflated bytes does not match the trailer)"
            case "incorrect length check":
                text = "corrupt gzip stream: incorrect length check (inflated size does not match the trailer)"
            default:
                text = "corrupt gzip stream: \(message)"
            }
        case .trailingGarbage(let count):
            text = "\(count) bytes of trailing garbage after the gzip stream"
        case .zlib(let code, let message):
            text = "zlib error \(code): \(message)"
        }
        return "\(file): \(text)"
    }
}
