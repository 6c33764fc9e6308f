/// Why a gzip file could not be inflated: `file: reason`.
public typealias GzipError = FileError<GzipProblem>

/// Why a gzip file could not be inflated (`GzipError`, a `FileError`).
public enum GzipProblem: FileProblem {
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

    public var explanation: String {
        switch self {
        case .empty:
            return "empty file, expected a gzip stream"
        case .notGzip(let bytes):
            let found = bytes.map { "0x" + hexString([$0]) }.joined(separator: " ")
            return "not a gzip file (starts with \(found), expected 0x1f 0x8b)"
        case .truncated:
            return "truncated gzip stream (inflate ended before the end marker)"
        case .corrupt(let message):
            switch message {
            case "incorrect data check":
                return "corrupt gzip stream: incorrect data check (CRC-32 of the inflated bytes does not match the trailer)"
            case "incorrect length check":
                return "corrupt gzip stream: incorrect length check (inflated size does not match the trailer)"
            default:
                return "corrupt gzip stream: \(message)"
            }
        case .trailingGarbage(let count):
            return "\(count) bytes of trailing garbage after the gzip stream"
        case .zlib(let code, let message):
            return "zlib error \(code): \(message)"
        }
    }
}

