import Datasets
import Foundation
import Synchronization

/// The SHA-256 of each data file as it is now, hashed the first time a build asks and kept for
/// the rest of it: several lessons' previous records can name the same MNIST files.
final class DataDigests: Sendable {
    /// What the digest of a file that cannot be read is written as; it matches no record key.
    static let unreadable = "unreadable"

    private let directory: DataDirectory
    private let known = Mutex<[String: String]>([:])

    init(directory: DataDirectory) {
        self.directory = directory
    }

    /// The digest of `file` (a `DataFile` path), or `unreadable`.
    func sha256(of file: String) -> String {
        // Hashed under the lock, so that two lessons asking at once hash a file once.
        known.withLock { known in
            if let digest = known[file] { return digest }
            let bytes = DataFile(rawValue: file).flatMap { try? Data(contentsOf: directory.url(for: $0)) }
            let digest = bytes.map { SHA256.hex(of: $0) } ?? Self.unreadable
            known[file] = digest
            return digest
        }
    }
}
