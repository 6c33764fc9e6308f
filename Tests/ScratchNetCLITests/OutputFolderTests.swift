import Foundation
import XCTest

/// Crash safety and refusals of `scratchnet build --out`.
final class OutputFolderTests: XCTestCase {
    /// A small real build: three lessons, one with digit images (many files).
    static let small = ["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer"]
    static let larger = ["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "mnist-mse"]

    private func build(_ arguments: [String], out: URL, environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments + ["--out", out.path], environment: environment)
    }

    /// Names in `parent` that a build left behind (anything but the site itself and `keep`).
    private func strays(_ parent: URL, keep: Set<String> = ["site"]) -> [String] {
        CLI.entries(parent).filter { !keep.contains($0) }
    }

    func testKilledBuildsLeaveThePreviousSiteAndNoStrays() throws {
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        XCTAssertEqual(try build(Self.small, out: out).status, 0)
        let previous = CLI.tree(out)
        XCTAssertFalse(previous.isEmpty)

        // Killed at named points of a build that writes a different (larger) site...
        for point in ["lessons", "staging", "staged"] {
            let running = try CLI.start(Self.larger + ["--out", out.path], environment: ["SCRATCHNET_PAUSE_AT": point])
            XCTAssertTrue(running.wait(for: "paused at \(point)"), "never reached \(point): \(running.stderr)")
            running.kill()
            XCTAssertEqual(CLI.tree(out), previous, "killed at \(point): the previous site must be intact")
        }
        // ... and at arbitrary moments.
        for delay in [0.05, 0.3, 0.8, 1.5] {
            let running = try CLI.start(Self.larger + ["--out", out.path])
            usleep(useconds_t(delay * 1e6))
            running.kill()
            let now = CLI.tree(out)
            XCTAssertTrue(now == previous || now.keys.contains("mnist-mse.html"),
                          "killed after \(delay)s: the site must be the whole old one or the whole new one")
            if now != previous {
                XCTAssertTrue(now.keys.contains("neuron.html"))
                XCTAssertEqual(try build(Self.small, out: out).status, 0)  // back to the small site
            }
        }
        // Killed after the atomic exchange: the new site is complete in place.
        let running = try CLI.start(Self.larger + ["--out", out.path], environment: ["SCRATCHNET_PAUSE_AT": "swapped"])
        XCTAssertTrue(running.wait(for: "paused at swapped"), running.stderr)
        running.kill()
        let swapped = CLI.tree(out)
        XCTAssertTrue(swapped.keys.contains("mnist-mse.html"))
        XCTAssertEqual(String(decoding: swapped[".scratchnet-manifest"]!, as: UTF8.self).split(separator: "\n").count,
                       swapped.count - 1, "every file listed in the manifest is there")

        // The next build clears every leftover and succeeds.
        XCTAssertFalse(strays(parent).isEmpty, "the kills above left staging folders behind")
        let next = try build(Self.small, out: out)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(strays(parent), [], "no stray folders after the next build")
        XCTAssertEqual(CLI.tree(out).keys.sorted(), previous.keys.sorted())
    }

    func testKilledBuildsThatReuseRecordsLeaveThePreviousSiteWhole() throws {
        // The author's loop: the prose edited, the records reused, the pages rendered anew.
        let project = try CLI.projectCopy(self)
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        let edit = ["build", "--profile", "quick", "--lesson", "neuron", "--lesson", "layer", "--data", project.path + "/assets/data"]
        XCTAssertEqual(try build(edit, out: out).status, 0)
        let previous = CLI.tree(out)
        let prose = project.appendingPathComponent("lessons/01-neuron.md")
        try (try String(contentsOf: prose, encoding: .utf8) + "\nAn edit that a killed build must not half publish.\n")
            .write(to: prose, atomically: true, encoding: .utf8)
        // What the edited site is, built whole elsewhere (records are the same bytes run or reused).
        let edited = try CLI.temporaryFolder(self).appendingPathComponent("site")
        XCTAssertEqual(try build(edit, out: edited).status, 0)
        let next = CLI.tree(edited)
        XCTAssertNotEqual(next, previous)

        for point in ["lessons", "staging", "staged"] {
            let running = try CLI.start(edit + ["--out", out.path], environment: ["SCRATCHNET_PAUSE_AT": point])
            XCTAssertTrue(running.wait(for: "paused at \(point)"), "never reached \(point): \(running.stderr)")
            XCTAssertTrue(running.stderr.contains("reused "), running.stderr)
            running.kill()
            XCTAssertEqual(CLI.tree(out), previous, "killed at \(point): the previous site must be intact")
        }
        // At arbitrary moments of a build that takes a few tenths of a second (in debug)...
        for delay in [0.03, 0.08, 0.15, 0.25] {
            let running = try CLI.start(edit + ["--out", out.path])
            usleep(useconds_t(delay * 1e6))
            running.kill()
            let now = CLI.tree(out)
            XCTAssertTrue(now == previous || now == next, "killed after \(delay)s: the site must be the whole old one or the whole new one")
        }
        // ... and after the swap: the whole new site.
        let running = try CLI.start(edit + ["--out", out.path], environment: ["SCRATCHNET_PAUSE_AT": "swapped"])
        XCTAssertTrue(running.wait(for: "paused at swapped"), running.stderr)
        running.kill()
        XCTAssertEqual(CLI.tree(out), next)

        let last = try build(edit, out: out)
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stderr.contains("reused neuron (unchanged since the last build)"), last.stderr)
        XCTAssertEqual(strays(parent), [], "no stray folders after the next build")
        XCTAssertEqual(CLI.tree(out), next)
    }

    func testKillBetweenTwoRenamesIsRepairedByTheNextBuild() throws {
        // Where the file system cannot exchange two folders atomically, two renames are used;
        // a kill between them leaves the old site aside, and the next build puts it back first.
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        XCTAssertEqual(try build(Self.small, out: out).status, 0)
        let previous = CLI.tree(out)
        let running = try CLI.start(Self.larger + ["--out", out.path],
                                    environment: ["SCRATCHNET_PAUSE_AT": "between-renames", "SCRATCHNET_NO_EXCHANGE": "1"])
        XCTAssertTrue(running.wait(for: "paused at between-renames"), running.stderr)
        running.kill()
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        let old = try XCTUnwrap(CLI.entries(parent).first { $0.hasPrefix(".site.old-") })
        XCTAssertEqual(CLI.tree(parent.appendingPathComponent(old)), previous)
        // The next build puts it back before anything else, then replaces it as usual.
        let next = try build(Self.small, out: out, environment: ["SCRATCHNET_NO_EXCHANGE": "1"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("note: restored \(out.path) from \(old)"), next.stderr)
        XCTAssertEqual(strays(parent), [])
        XCTAssertEqual(CLI.tree(out).keys.sorted(), previous.keys.sorted())
    }

    func testForeignFilesAreRefusedUnlessForce() throws {
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let refused = try build(Self.small, out: out)
        assertOneLineError(refused, "error: \(out.path) holds 1 file(s) this tool did not write (notes.txt); move them away or pass --force", status: 1)
        XCTAssertEqual(CLI.entries(out), ["notes.txt"])
        XCTAssertEqual(CLI.entries(parent), ["site"])

        let forced = try build(Self.small + ["--force"], out: out)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("neuron.html").path))
        let aside = try XCTUnwrap(CLI.entries(parent).first { $0.hasPrefix("site.replaced-") }, "\(CLI.entries(parent))")
        XCTAssertEqual(CLI.entries(parent.appendingPathComponent(aside)), ["notes.txt"], "moved aside, not deleted")
        XCTAssertTrue(forced.stderr.contains("note: the previous site/ held files this tool did not write; it was moved to"))

        // A file added to a built site, or a symbolic link in it, is foreign too.
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("data/link").path, withDestinationPath: "/etc")
        assertOneLineError(try build(Self.small, out: out), "(data/link)")
    }

    func testTheRepositorysPlaceholderIsNotForeignAndIsKept() throws {
        // A fresh clone's output/ holds only the committed README.md: the quick start must build there.
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("output")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let placeholder = try Data(contentsOf: CLI.projectRoot.appendingPathComponent("output/README.md"))
        try placeholder.write(to: out.appendingPathComponent("README.md"))
        let built = try build(Self.small, out: out)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("README.md")), placeholder, "unchanged for git")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("neuron.html").path))
        // In a folder no build wrote, a README.md other than the placeholder is somebody's file.
        let other = parent.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("my notes".utf8).write(to: other.appendingPathComponent("README.md"))
        assertOneLineError(try build(Self.small, out: other), "(README.md)")
    }

    func testDestinationsThatAreNotASiteFolderAreRefused() throws {
        let parent = try CLI.temporaryFolder(self)
        let file = parent.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let root = CLI.projectRoot.standardizedFileURL.path
        let cases: [(String, String)] = [
            (file.path, "error: \(file.path) is a file, not a folder"),
            (file.path + "/site", "error: cannot build into \(file.path)/site: \(file.path) is a file, not a folder"),
            ("/", "error: refusing to build into /: it is the root folder"),
            (home, "it is the home folder"),
            (root, "error: refusing to build into \(root): it is the project itself"),
            (".", "it is the project itself"),
            ("..", "it is a folder holding the project"),
            ("Sources", "it is part of the project (Sources/)"),
            ("lessons/site", "it is part of the project (lessons/)"),
        ]
        for (out, expected) in cases {
            let result = try CLI.run(Self.small + ["--out", out, "--force"])
            assertOneLineError(result, expected, status: 1)
        }
        XCTAssertEqual(try Data(contentsOf: file), Data("x".utf8))
        // A symbolic link to a refused folder is refused too.
        let link = parent.appendingPathComponent("link-to-project")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: root)
        assertOneLineError(try CLI.run(Self.small + ["--out", link.path]), "it is the project itself")
    }

    func testSymbolicLinkToASiteFolderIsFollowed() throws {
        let parent = try CLI.temporaryFolder(self)
        let real = parent.appendingPathComponent("real")
        let link = parent.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        XCTAssertEqual(try build(Self.small, out: link).status, 0)
        XCTAssertEqual(try build(Self.small, out: link).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), real.path, "the link stays a link")
        XCTAssertTrue(FileManager.default.fileExists(atPath: real.appendingPathComponent("neuron.html").path))
        XCTAssertEqual(CLI.entries(parent), ["real", "site"])
    }

    func testFileSizeLimitFailsCleanlyAndChangesNothing() throws {
        // `ulimit -f` makes every write past 64 KiB fail (EFBIG), as a full disk would (ENOSPC).
        let parent = try CLI.temporaryFolder(self)
        let out = parent.appendingPathComponent("site")
        XCTAssertEqual(try build(Self.small, out: out).status, 0)
        let previous = CLI.tree(out)
        let result = try CLI.run(Self.larger + ["--out", out.path], shell: "trap '' XFSZ; ulimit -f 64;")
        XCTAssertNotEqual(result.status, 0)
        let last = result.errorLines.last ?? ""
        XCTAssertTrue(last.hasPrefix("error: cannot write \(parent.path)/.site.building-"), result.stderr)
        XCTAssertTrue(last.hasSuffix("file too large; \(out.path) was not changed"), result.stderr)
        XCTAssertEqual(CLI.tree(out), previous)
        XCTAssertEqual(CLI.entries(parent), ["site"])
        // A new destination whose parent folders the build created: they are removed again.
        let deep = parent.appendingPathComponent("a/b/site")
        let failed = try CLI.run(Self.larger + ["--out", deep.path], shell: "trap '' XFSZ; ulimit -f 64;")
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertEqual(CLI.entries(parent), ["site"])
    }

    func testFullDiskFailsCleanlyAndChangesNothing() throws {
        let parent = try CLI.temporaryFolder(self)
        let mount = parent.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        guard shell("mount -t tmpfs -o size=600k tmpfs '\(mount.path)'") == 0 else {
            throw XCTSkip("cannot mount a small tmpfs here (needs root); testFileSizeLimitFailsCleanlyAndChangesNothing covers the path")
        }
        addTeardownBlock { _ = self.shell("umount '\(mount.path)'") }
        let out = mount.appendingPathComponent("site")
        XCTAssertEqual(try build(Self.small, out: out).status, 0)
        let previous = CLI.tree(out)
        let result = try build(Self.larger, out: out)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorLines.last?.hasSuffix("no space left on device; \(out.path) was not changed") ?? false, result.stderr)
        XCTAssertEqual(CLI.tree(out), previous)
        XCTAssertEqual(CLI.entries(mount), ["site"])
    }

    func testUnwritableDestinationFailsCleanlyAndChangesNothing() throws {
        let parent = try CLI.temporaryFolder(self)
        let box = parent.appendingPathComponent("box")
        let out = box.appendingPathComponent("site")
        XCTAssertEqual(try build(Self.small, out: out).status, 0)
        let previous = CLI.tree(out)
        let expected: String
        if getuid() == 0 {
            // Root ignores permissions: make the folder a read-only mount instead.
            guard shell("mount --bind '\(box.path)' '\(box.path)' && mount -o remount,ro,bind '\(box.path)'") == 0 else {
                throw XCTSkip("running as root and cannot make a read-only mount")
            }
            addTeardownBlock { _ = self.shell("umount '\(box.path)'") }
            expected = "read-only file system; nothing was changed"
        } else {
            XCTAssertEqual(chmod(box.path, 0o555), 0)
            addTeardownBlock { chmod(box.path, 0o755) }
            expected = "permission denied; nothing was changed"
        }
        let result = try build(Self.larger, out: out)
        assertOneLineError(result, "error: cannot write to \(box.path): \(expected)", status: 1)
        XCTAssertEqual(CLI.tree(out), previous)
        XCTAssertEqual(CLI.entries(box), ["site"])
    }

    @discardableResult
    private func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>/dev/null"]
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
