/// Every way loading a data set can fail. Each case's description names the file and the reason.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No data directory was found; carries every place that was tried, in order.
    case dataDirectoryNotFound(tried: [String])
    /// A file could not be read (missing, unreadable); carries the path and the system's reason.
    case unreadable(path: String, reason: String)
    /// The file's SHA-256 is not the one in the checksum table.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// The CSV reader refused the file.
    case csv(CSVError)
    /// The gzip stream could not be inflated.
    case gzip(GzipError)
    /// The inflated bytes are not the expected IDX file.
    case idx(IDXError)

    public var description: String {
        switch self {
        case .dataDirectoryNotFound(let tried):
            return "data directory not found; tried: " + tried.joined(separator: ", ")
                + " (pass a path or set SCRATCHNET_DATA)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .checksumMismatch(let file, let expected, let actual):
            return "\(file): checksum mismatch: expected SHA-256 \(expected), found \(actual)"
        case .csv(let error): return error.description
        case .gzip(let error): return error.description
        case .idx(let error): return error.description
        }
    }
}
