import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing: staging the new site beside the destination, then swapping it in.
extension OutputFolder {
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
}
