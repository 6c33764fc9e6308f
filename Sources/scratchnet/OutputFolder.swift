import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a generated site so that a reader never sees half of it, and so that a build killed at
/// any moment leaves the previous site in place.
///
/// - Everything is written into a staging folder beside the destination, `.<name>.building-<pid>`,
///   whose manifest (`.scratchnet-manifest`, the list of files a build wrote) is written first, so
///   that a half-written staging folder is recognisably ours. Files are flushed (`fsync`) before
///   the swap.
/// - The complete staging folder then takes the destination's place in ONE atomic step
///   (`renameat2(RENAME_EXCHANGE)` on Linux): at every instant the destination is either the whole
///   old site or the whole new one. Where the file system cannot exchange, two renames are used,
///   and a build killed between them leaves the old site as `.<name>.old-<pid>`, which the next
///   build puts back before doing anything else.
/// - Only one build writes beside a destination at a time (an `flock` on the parent folder; a
///   second one waits), and
///   each build first clears what killed builds left: a leftover folder holding only files some
///   build wrote (by its manifest) is deleted; one holding anything else is kept, renamed
///   `<name>.replaced-<pid>`, and reported. Deletion removes the manifest last, so a deletion cut
///   short is still recognisably ours.
/// - A destination holding files that no build wrote (not in its manifest, or any symbolic link)
///   is refused unless `force`; with `force` the old folder is moved to `<name>.replaced-<pid>`,
///   never deleted.
/// - A failure while staging (no space, no permission) removes the staging folder and any parent
///   folders this build created, and reports the system's reason: the destination is untouched.
struct OutputFolder {
    static let manifestName = ".scratchnet-manifest"
    /// Folders of the project that a site must never replace.
    static let projectFolders: Set<String> = [
        "Sources", "Tests", "lessons", "assets", "docs", "tools", "bench", ".git", ".ci", ".build",
        "Package.swift", "Package.resolved", "README.md",
    ]

    /// The destination with every symbolic link in its existing part resolved.
    let destination: URL
    let force: Bool

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String, currentDirectory: String = FileManager.default.currentDirectoryPath, force: Bool) {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            .standardizedFileURL.path
        destination = URL(fileURLWithPath: Self.resolvingSymlinks(absolute))
        self.force = force
    }

    var parent: URL { destination.deletingLastPathComponent() }
    var name: String { destination.lastPathComponent }

    // MARK: Checks made before any lesson runs

    /// Refuses destinations that are plainly not a site folder, that hold files no build wrote
    /// (unless `force`), or that cannot be written; all before minutes of training.
    func checkDestination(projectRoot: URL) throws {
        let path = destination.path
        let root = Self.resolvingSymlinks(projectRoot.standardizedFileURL.path)
        let home = Self.resolvingSymlinks(FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path)
        if path == "/" || Self.isAncestor(path, of: home) || Self.isAncestor(path, of: root) {
            let what = path == "/" ? "the root folder" : Self.isAncestor(path, of: root) ? (path == root ? "the project itself" : "a folder holding the project") : (path == home ? "the home folder" : "a folder holding the home folder")
            throw Refusal(description: "refusing to build into \(path): it is \(what); choose a folder of its own, e.g. output")
        }
        if Self.isAncestor(root, of: path) {
            let first = path.dropFirst(root.count + 1).split(separator: "/").first.map(String.init) ?? ""
            if Self.projectFolders.contains(first) {
                throw Refusal(description: "refusing to build into \(path): it is part of the project (\(first)/); choose a folder of its own, e.g. output")
            }
        }
        // The destination and every existing folder above it must be folders.
        var probe = path
        while probe != "/" {
            var info = stat()
            if lstat(probe, &info) == 0 {
                if (info.st_mode & S_IFMT) != S_IFDIR {
                    throw Refusal(description: probe == path ? "\(path) is a file, not a folder" : "cannot build into \(path): \(probe) is a file, not a folder")
                }
                break
            }
            probe = (probe as NSString).deletingLastPathComponent
        }
        // The nearest existing folder must be writable (the staging folder is created beside the destination).
        let writable = Self.nearestExisting(parent.path)
        if access(writable, W_OK | X_OK) != 0 {
            throw Refusal(description: "cannot write to \(writable): \(Self.reason(errno)); nothing was changed")
        }
        try refuseForeignFiles()
    }

    /// Throws unless `force` when the destination holds files no build wrote.
    func refuseForeignFiles() throws {
        let foreign = Self.foreignFiles(in: destination.path)
        if !foreign.isEmpty && !force {
            let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", ..." : "")
            throw Refusal(description: "\(destination.path) holds \(foreign.count) file(s) this tool did not write (\(shown)); move them away or pass --force (which moves the old folder aside, deleting nothing)")
        }
    }

    /// Files (relative paths) in `folder` that its manifest does not list; a symbolic link is
    /// always foreign, since a build never makes one. Empty when `folder` does not exist.
    /// The note the repository commits in `output/` (the folder is otherwise generated). Every
    /// build writes it too, so a fresh clone's `output/` counts as the build's own.
    static let placeholderName = "README.md"
    static let placeholder = "The generated site is written here by `swift run -c release scratchnet build`. Nothing else in this folder is committed.\n"

    static func isPlaceholder(_ path: String) -> Bool {
        (try? String(contentsOfFile: path, encoding: .utf8)) == placeholder
    }

    static func foreignFiles(in folder: String) -> [String] {
        let known = Set(((try? String(contentsOfFile: folder + "/" + manifestName, encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init))
        var foreign = [String]()
        func walk(_ relative: String) {
            let full = relative.isEmpty ? folder : folder + "/" + relative
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for entry in entries {
                let child = relative.isEmpty ? entry : relative + "/" + entry
                var info = stat()
                guard lstat(folder + "/" + child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: walk(child)
                case S_IFREG where child == manifestName: break
                case S_IFREG where known.contains(child): break
                case S_IFREG where child == placeholderName && isPlaceholder(folder + "/" + child): break
                default: foreign.append(child)
                }
            }
        }
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return [] }
        walk("")
        return foreign.sorted()
    }

    // MARK: Writing

    /// Writes `files` (relative path -> bytes) as the new content of the destination.
    func write(_ files: [(path: String, bytes: [UInt8])]) throws {
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                  file.path != Self.manifestName else {
                throw Refusal(description: "internal error: refusing to write a site file named '\(file.path)'")
            }
        }
        let created = try createParent()
        let lock = try lockParent()
        defer { close(lock) }
        do {
            try recoverAndClearLeftovers()
            try refuseForeignFiles()
            let foreign = !Self.foreignFiles(in: destination.path).isEmpty
            let staging = parent.appendingPathComponent(".\(name).building-\(getpid())").path
            // Unchanged files are linked from the current site, unless it holds files not ours.
            try stage(files, in: staging, unchangedFrom: foreign ? nil : destination.path)
            try swapIn(staging, foreign: foreign)
        } catch {
            for folder in created.reversed() { rmdir(folder) }
            throw error
        }
    }

    /// Creates the missing folders above the destination; returns them, outermost first.
    private func createParent() throws -> [String] {
        var missing = [String]()
        var probe = parent.path
        while probe != "/", access(probe, F_OK) != 0 {
            missing.append(probe)
            probe = (probe as NSString).deletingLastPathComponent
        }
        var created = [String]()
        for folder in missing.reversed() {
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                let reason = Self.reason(errno)
                for made in created.reversed() { rmdir(made) }
                throw Refusal(description: "cannot create \(folder): \(reason); nothing was changed")
            }
            created.append(folder)
        }
        return created
    }

    /// An exclusive lock on the parent folder, held until the returned descriptor is closed (or
    /// the process dies).
    private func lockParent() throws -> Int32 {
        let fd = open(parent.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(description: "cannot open \(parent.path): \(Self.reason(errno)); nothing was changed") }
        // Another build writing beside us holds it for the few moments its swap takes: wait.
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = Self.reason(errno)
                close(fd)
                throw Refusal(description: "cannot lock \(parent.path): \(reason); nothing was changed")
            }
        }
        return fd
    }

    /// Puts back an old site that a killed two-rename swap left aside, then removes (or, when
    /// they hold anything a build did not write, keeps under a visible name) the other leftovers.
    private func recoverAndClearLeftovers() throws {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        var leftovers = entries.filter { $0.hasPrefix(".\(name).building-") || $0.hasPrefix(".\(name).old-") }
        if access(destination.path, F_OK) != 0, let old = leftovers.first(where: { $0.hasPrefix(".\(name).old-") }) {
            if rename(parent.path + "/" + old, destination.path) == 0 {
                printError("note: restored \(destination.path) from \(old), left by a build that was stopped while swapping")
                leftovers.removeAll { $0 == old }
            }
        }
        for entry in leftovers {
            let path = parent.path + "/" + entry
            if Self.foreignFiles(in: path).isEmpty {
                try Self.removeTree(path)
            } else {
                let kept = try Self.freeName(parent.path + "/" + name + ".replaced-\(getpid())")
                guard rename(path, kept) == 0 else {
                    throw Refusal(description: "cannot rename \(path): \(Self.reason(errno))")
                }
                printError("note: \(entry), left by a stopped build, holds files this tool did not write; kept as \(kept)")
            }
        }
    }

    /// Writes the manifest, then every file, flushed to disk, into a new folder `staging`; a file
    /// that `current` (the site being replaced) holds with the same bytes is linked from it.
    private func stage(_ files: [(path: String, bytes: [UInt8])], in staging: String, unchangedFrom current: String?) throws {
        guard mkdir(staging, 0o755) == 0 else {
            throw Refusal(description: "cannot write to \(parent.path): \(Self.reason(errno)); \(destination.path) was not changed")
        }
        do {
            let manifest = files.map(\.path).sorted().joined(separator: "\n") + "\n"
            try Self.writeFile(staging + "/" + Self.manifestName, Array(manifest.utf8))
            var folders: [String] = [staging]
            var made: Set<String> = []
            for (index, file) in files.enumerated() {
                let components = file.path.split(separator: "/").dropLast()
                var folder = staging
                for component in components {
                    folder += "/" + component
                    if made.insert(folder).inserted {
                        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
                            throw Refusal(description: "cannot write \(folder): \(Self.reason(errno))")
                        }
                        folders.append(folder)
                    }
                }
                if current.map({ Self.linkUnchanged($0 + "/" + file.path, to: staging + "/" + file.path, bytes: file.bytes) }) != true {
                    try Self.writeFile(staging + "/" + file.path, file.bytes)
                }
                if index == files.count / 2 { TestHook.pause(at: "staging") }
            }
            for folder in folders.reversed() { Self.sync(folder) }
        } catch {
            try? Self.removeTree(staging)
            let detail = (error as? Refusal)?.description ?? "\(error)"
            throw Refusal(description: "\(detail); \(destination.path) was not changed")
        }
        TestHook.pause(at: "staged")
    }

    /// Puts the complete `staging` folder in the destination's place.
    private func swapIn(_ staging: String, foreign: Bool) throws {
        let target = destination.path
        if access(target, F_OK) != 0 {
            guard rename(staging, target) == 0 else {
                let reason = Self.reason(errno)
                try? Self.removeTree(staging)
                throw Refusal(description: "cannot rename the new site into \(target): \(reason); nothing was changed")
            }
            Self.sync(parent.path)
            return
        }
        let old: String
        if Self.exchange(staging, target) {
            old = staging  // the staging name now holds the previous site
            Self.sync(parent.path)
            TestHook.pause(at: "swapped")
        } else {
            // No atomic exchange here: two renames; a kill between them is repaired by the next build.
            old = parent.path + "/.\(name).old-\(getpid())"
            guard rename(target, old) == 0 else {
                let reason = Self.reason(errno)
                try? Self.removeTree(staging)
                throw Refusal(description: "cannot move \(target) aside: \(reason); nothing was changed")
            }
            TestHook.pause(at: "between-renames")
            guard rename(staging, target) == 0 else {
                let reason = Self.reason(errno)
                _ = rename(old, target)
                try? Self.removeTree(staging)
                throw Refusal(description: "cannot rename the new site into \(target): \(reason); nothing was changed")
            }
            Self.sync(parent.path)
        }
        if foreign {
            let kept = try Self.freeName(parent.path + "/" + name + ".replaced-\(getpid())")
            guard rename(old, kept) == 0 else {
                throw Refusal(description: "the new site is in place, but the previous one could not be renamed from \(old): \(Self.reason(errno))")
            }
            printError("note: the previous \(name)/ held files this tool did not write; it was moved to \(kept)")
        } else {
            try Self.removeTree(old)
        }
    }

    // MARK: File system helpers

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

/// Test hooks for the crash-safety tests: `SCRATCHNET_PAUSE_AT=<point>` makes a build print
/// `scratchnet: paused at <point>` on standard error and sleep there, so that a test can kill it
/// at that exact point. Points: `lessons` (after the first lesson ran), `staging` (half the files
/// staged), `staged` (all staged, before the swap), `swapped` (after the atomic exchange, before
/// the old site is removed), `between-renames` (two-rename fallback only).
enum TestHook {
    static func pause(at point: String) {
        guard ProcessInfo.processInfo.environment["SCRATCHNET_PAUSE_AT"] == point else { return }
        printError("scratchnet: paused at \(point)")
        sleep(120)
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
