import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file system helpers the writing uses: atomic exchange, flushed writes, hard links of
/// unchanged files, syncs, removal, free names, and path checks.
extension OutputFolder {
    /// `rename` that swaps two existing paths atomically (Linux `renameat2(RENAME_EXCHANGE)`,
    /// found at run time); false when the system or file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard ProcessInfo.processInfo.environment["SCRATCHNET_NO_EXCHANGE"] == nil,
              let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let RENAME_EXCHANGE: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0
        #else
        return false
        #endif
    }

    /// Writes a new file (never replacing one) and flushes it to disk.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Refusal(description: "cannot write \(path): \(reason(errno))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Refusal(description: "cannot write \(path): \(reason(errno))")
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw Refusal(description: "cannot write \(path): \(reason(errno))") }
    }

    /// Makes `path` a hard link to `source` when that is a regular file holding exactly `bytes`,
    /// so that a file a build did not change (most of them when records are reused) is neither
    /// written nor flushed again: it was flushed when first written, and the old site's name for
    /// it goes when the old site does. False when it differs or is missing, or the file system
    /// cannot link: the caller writes the file.
    static func linkUnchanged(_ source: String, to path: String, bytes: [UInt8]) -> Bool {
        var info = stat()
        guard lstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count,
              let old = FileManager.default.contents(atPath: source), old.count == bytes.count else { return false }
        let same = bytes.isEmpty || old.withUnsafeBytes { old in
            bytes.withUnsafeBytes { memcmp(old.baseAddress!, $0.baseAddress!, bytes.count) == 0 }
        }
        return same && link(source, path) == 0
    }

    /// Flushes a folder's entries to disk (best effort).
    static func sync(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Deletes a folder without following symbolic links, its manifest last.
    static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            guard unlink(path) == 0 else { throw Refusal(description: "cannot remove \(path): \(reason(errno))") }
            return
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .sorted { ($0 == manifestName ? 1 : 0, $0) < ($1 == manifestName ? 1 : 0, $1) }
        for entry in entries { try removeTree(path + "/" + entry) }
        guard rmdir(path) == 0 else { throw Refusal(description: "cannot remove \(path): \(reason(errno))") }
    }

    /// `base`, or `base-2`, `base-3`... whichever does not exist yet.
    static func freeName(_ base: String) throws -> String {
        var candidate = base
        var n = 1
        while access(candidate, F_OK) == 0 {
            n += 1
            candidate = "\(base)-\(n)"
            if n > 1000 { throw Refusal(description: "cannot find a free name beside \(base)") }
        }
        return candidate
    }

    /// `path` with the symbolic links in its existing part resolved.
    static func resolvingSymlinks(_ path: String) -> String {
        var existing = path
        var rest = [String]()
        while existing != "/", access(existing, F_OK) != 0 {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        guard let resolved = realpath(existing, nil) else { return path }
        defer { free(resolved) }
        var result = String(cString: resolved)
        for part in rest { result = result == "/" ? "/" + part : result + "/" + part }
        return result
    }

    static func nearestExisting(_ path: String) -> String {
        var probe = path
        while probe != "/", access(probe, F_OK) != 0 { probe = (probe as NSString).deletingLastPathComponent }
        return probe
    }

    /// True when `a` is `b` or a folder above it.
    static func isAncestor(_ a: String, of b: String) -> Bool {
        a == b || a == "/" || b.hasPrefix(a + "/")
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

/// The system's `write`, under a name no method shadows.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
