import Foundation

/// The folder holding the data files (`assets/data` in the repository), and checked reads from it.
///
/// `locate` looks in this order and takes the first match:
/// 1. the `explicit` path, if given;
/// 2. the environment variable `SCRATCHNET_DATA`, if set and not empty;
/// 3. `assets/data` under the current directory, then under each parent up to the root, so that
///    a run from the package root, from `.build/...`, or from a subfolder all find the same files.
///
/// An explicit path or `SCRATCHNET_DATA` that does not hold the data is an error, not a reason to
/// keep searching: a mistyped setting should not silently fall back to other files. A folder
/// counts as the data directory when it holds `exams.csv`.
public struct DataDirectory: Sendable, Equatable {
    /// The environment variable that names the data directory.
    public static let environmentVariable = "SCRATCHNET_DATA"

    /// The folder itself.
    public let url: URL
    /// Where reads are noted, if anywhere.
    public let log: DataReadLog?

    /// A data directory at `url`, taken as given (no check that the files are there).
    public init(url: URL) {
        self.url = url.standardizedFileURL
        log = nil
    }

    /// The same folder, noting in `log` every file read through it (the MNIST sets too when
    /// they come from the process-wide cache).
    public func logging(to log: DataReadLog) -> DataDirectory {
        DataDirectory(url: url, log: log)
    }

    private init(url: URL, log: DataReadLog?) {
        self.url = url
        self.log = log
    }

    /// Two values are the same directory when they name the same folder, logged or not.
    public static func == (a: DataDirectory, b: DataDirectory) -> Bool {
        a.url == b.url
    }

    /// Finds the data directory; see the type's documentation for the order.
    /// `environment` and `currentDirectory` default to the process's, and exist for tests.
    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(DatasetError) -> DataDirectory {
        if let explicit {
            let url = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            guard holdsData(url) else { throw .dataDirectoryNotFound(tried: [url.standardizedFileURL.path]) }
            return DataDirectory(url: url)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            let url = URL(fileURLWithPath: fromEnvironment, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            guard holdsData(url) else {
                throw .dataDirectoryNotFound(tried: ["\(environmentVariable)=\(url.standardizedFileURL.path)"])
            }
            return DataDirectory(url: url)
        }
        var tried: [String] = []
        var folder = URL(fileURLWithPath: currentDirectory, isDirectory: true).standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent("assets/data", isDirectory: true)
            if holdsData(candidate) { return DataDirectory(url: candidate) }
            tried.append(candidate.path)
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if parent.path == folder.path { break }
            folder = parent
        }
        throw .dataDirectoryNotFound(tried: tried)
    }

    /// Where `file` lives in this directory.
    public func url(for file: DataFile) -> URL {
        url.appendingPathComponent(file.path)
    }

    /// The bytes of `file`, after checking them against `file.sha256`.
    public func read(_ file: DataFile) throws(DatasetError) -> [UInt8] {
        log?.note(file)
        let bytes = try readBytes(at: url(for: file))
        try file.verify(bytes)
        return bytes
    }

    /// The CSV `file`, checksum-checked and parsed.
    public func csv(_ file: DataFile) throws(DatasetError) -> CSVTable {
        let bytes = try read(file)
        do { return try CSVReader.parse(bytes, file: file.path) } catch { throw .csv(error) }
    }

    /// The gzip-compressed IDX `file`, checksum-checked, inflated and parsed.
    public func idx(_ file: DataFile, kind: IDXKind) throws(DatasetError) -> IDXFile {
        try IDXFile.decode(read(file), kind: kind, file: file.path)
    }

    private static func holdsData(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(DataFile.exams.path).path)
    }
}
