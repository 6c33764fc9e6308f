import Foundation

/// Writes a generated site so that a reader never sees half of it: everything goes into a
/// temporary folder beside the destination, which replaces the destination only once complete.
///
/// A destination holding files that no build wrote (judged by the manifest each build leaves,
/// `.scratchnet-manifest`) is refused unless `force`; with `force` its old content is moved to a
/// sibling folder rather than deleted, so nothing is lost.
struct OutputFolder {
    static let manifestName = ".scratchnet-manifest"
    let destination: URL
    let force: Bool

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Refuses destinations that are plainly not a site folder.
    func checkDestination(projectRoot: URL) throws {
        let path = destination.standardizedFileURL.path
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        if path == "/" || path == home || path == projectRoot.standardizedFileURL.path {
            throw Refusal(description: "refusing to build into \(path): choose a folder of its own, e.g. output")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Refusal(description: "\(path) is a file, not a folder")
        }
    }

    /// Files in the destination that no build created.
    func foreignFiles() throws -> [String] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: destination.path) else { return [] }
        let manifestURL = destination.appendingPathComponent(Self.manifestName)
        let known = Set(((try? String(contentsOf: manifestURL, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
        var foreign = [String]()
        let base = destination.standardizedFileURL.path
        if let walker = fm.enumerator(atPath: base) {
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory)
                if isDirectory.boolValue || relative == Self.manifestName { continue }
                if !known.contains(relative) { foreign.append(relative) }
            }
        }
        return foreign.sorted()
    }

    /// Writes `files` (relative path -> bytes) as the new content of the destination.
    func write(_ files: [(path: String, bytes: [UInt8])]) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let foreign = try foreignFiles()
        if !foreign.isEmpty && !force {
            let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", ..." : "")
            throw Refusal(description: "\(destination.path) holds \(foreign.count) file(s) this tool did not write (\(shown)); move them away or pass --force (which moves the old folder aside, deleting nothing)")
        }
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).building-\(pid)")
        removeLeftovers(in: parent, name: name)
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            let manifest = files.map(\.path).sorted().joined(separator: "\n") + "\n"
            try Data(manifest.utf8).write(to: staging.appendingPathComponent(Self.manifestName))
            try swapIn(staging, foreign: !foreign.isEmpty, parent: parent, name: name, pid: pid)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Renames the complete staging folder into place; the old folder is removed only when
    /// every file in it was written by a build, otherwise it is kept under a new name.
    private func swapIn(_ staging: URL, foreign: Bool, parent: URL, name: String, pid: Int32) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: destination.path) else {
            try fm.moveItem(at: staging, to: destination)
            return
        }
        let aside = parent.appendingPathComponent(foreign ? "\(name).replaced-\(pid)" : ".\(name).old-\(pid)")
        try fm.moveItem(at: destination, to: aside)
        do {
            try fm.moveItem(at: staging, to: destination)
        } catch {
            try? fm.moveItem(at: aside, to: destination)
            throw error
        }
        if foreign {
            printError("note: the previous \(name)/ held files this tool did not write; it was moved to \(aside.path)")
        } else {
            try? fm.removeItem(at: aside)
        }
    }

    /// Staging and old folders left by a build that was killed: they are ours by their names.
    private func removeLeftovers(in parent: URL, name: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries where entry.hasPrefix(".\(name).building-") || entry.hasPrefix(".\(name).old-") {
            try? fm.removeItem(at: parent.appendingPathComponent(entry))
        }
    }
}
