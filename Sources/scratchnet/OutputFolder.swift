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

    /// The note the repository commits in `output/` (the folder is otherwise generated). Every
    /// build writes it too, so a fresh clone's `output/` counts as the build's own.
    static let placeholderName = "README.md"
    static let placeholder = "The generated site is written here by `swift run -c release scratchnet build`. Nothing else in this folder is committed.\n"

    static func isPlaceholder(_ path: String) -> Bool {
        (try? String(contentsOfFile: path, encoding: .utf8)) == placeholder
    }

    /// Files (relative paths) in `folder` that its manifest does not list; a symbolic link is
    /// always foreign, since a build never makes one. Empty when `folder` does not exist.
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
}
