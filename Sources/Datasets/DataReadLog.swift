import Synchronization

/// The data files read through a `DataDirectory` (see `DataDirectory.logging(to:)`), from any
/// thread: `scratchnet build` keeps one per lesson, so that a lesson's record names the files
/// it was made from, and is made again when one of them changes.
public final class DataReadLog: Sendable {
    private let files = Mutex<Set<DataFile>>([])

    /// An empty log.
    public init() {}

    /// Every file read so far, in `DataFile.allCases` order.
    public var read: [DataFile] {
        let seen = files.withLock { $0 }
        return DataFile.allCases.filter { seen.contains($0) }
    }

    func note(_ file: DataFile) {
        _ = files.withLock { $0.insert(file) }
    }
}
