import Foundation
import Synchronization

/// Which half of MNIST as published: the 60000 training images or the 10000 test images.
public enum MNISTPart: String, Sendable, Hashable, CaseIterable {
    case train
    case test

    var files: (images: DataFile, labels: DataFile) {
        self == .train ? (.trainImages, .trainLabels) : (.testImages, .testLabels)
    }
}

extension DataDirectory {
    /// The MNIST `part`, checksum-checked and decoded, shared across the process.
    ///
    /// Several lessons in one build use the same images; the first call decodes them and later
    /// calls (from any thread) get the same value. Decoding happens under the cache's lock, so
    /// two threads asking at once decode once, not twice.
    public func mnist(_ part: MNISTPart) throws(DatasetError) -> MNISTSet {
        // Noted here as well as in `read`: a set from the cache reads no file.
        log?.note(part.files.images)
        log?.note(part.files.labels)
        return try MNISTCache.shared.set(part, in: self)
    }

    /// The MNIST `part` decoded afresh, bypassing the cache.
    public func decodeMNIST(_ part: MNISTPart) throws(DatasetError) -> MNISTSet {
        let (imagesFile, labelsFile) = part.files
        let images = try idx(imagesFile, kind: .images)
        let labels = try idx(labelsFile, kind: .labels)
        do {
            return try MNISTSet.combine(
                images: images, labels: labels, imagesFile: imagesFile.path, labelsFile: labelsFile.path)
        } catch {
            throw .idx(error)
        }
    }
}

/// The process-wide store of decoded MNIST sets, keyed by data directory and part.
final class MNISTCache: Sendable {
    static let shared = MNISTCache()

    private struct Key: Hashable {
        let directory: String
        let part: MNISTPart
    }

    private let sets = Mutex<[Key: MNISTSet]>([:])

    func set(_ part: MNISTPart, in directory: DataDirectory) throws(DatasetError) -> MNISTSet {
        let key = Key(directory: directory.url.path, part: part)
        // Result rather than a throw inside the lock's closure keeps the typed error intact.
        let result: Result<MNISTSet, DatasetError> = sets.withLock { sets in
            if let cached = sets[key] { return .success(cached) }
            do throws(DatasetError) {
                let decoded = try directory.decodeMNIST(part)
                sets[key] = decoded
                return .success(decoded)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
