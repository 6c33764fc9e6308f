/// What a file reader found wrong, explained in words (`GzipProblem`, `IDXProblem`).
public protocol FileProblem: Equatable, Sendable {
    /// The problem, without the file's name: `truncated gzip stream (...)`.
    var explanation: String { get }
}

/// A file a reader refused, and why: the one error shape of the binary readers (`GzipError`,
/// `IDXError`). The description is `file: explanation`.
public struct FileError<Reason: FileProblem>: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's name as the caller gave it.
    public let file: String
    /// What went wrong.
    public let reason: Reason

    /// An error in `file` for `reason`.
    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason.explanation)" }
}
