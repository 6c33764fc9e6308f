import Foundation

/// Waits for files to change, for `build --watch`: it compares each file's size, modification
/// time (nanoseconds) and inode a few times a second, which needs no inotify and sees an editor's
/// write-to-a-copy-and-rename as well as an in-place write.
struct Watcher {
    /// The files watched, as the messages name them (relative to `root`).
    let names: [String]
    let root: URL
    /// How long to wait between two looks.
    var interval: Duration = .milliseconds(250)

    /// What each watched file looks like now (size, modification time, inode), or nothing when
    /// it is missing.
    func snapshot() -> [String: String] {
        var result = [String: String]()
        for name in names {
            var info = stat()
            guard stat(root.appendingPathComponent(name).path, &info) == 0 else { continue }
            result[name] = "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
        }
        return result
    }

    /// Blocks until a file differs from `seen`; returns the names of those that do, and updates `seen`.
    func waitForChange(since seen: inout [String: String]) -> [String] {
        while true {
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) * 1e-18 + Double(interval.components.seconds))
            let now = snapshot()
            let changed = names.filter { now[$0] != seen[$0] }
            if !changed.isEmpty {
                seen = now
                return changed
            }
        }
    }
}
