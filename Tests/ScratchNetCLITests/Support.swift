import Foundation
import XCTest

/// Runs the `scratchnet` executable that `swift build` / `swift test` put beside the test bundle
/// (override with `SCRATCHNET_BIN`), from the project root, with its output captured.
enum CLI {
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SCRATCHNET_BIN"] { return URL(fileURLWithPath: path) }
        // The test runner is `<build>/<config>/ScratchNetPackageTests.xctest`; the tool sits beside it.
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let folder = runner.path.contains(".xctest") ? runner.deletingLastPathComponent() : Bundle.main.bundleURL
        return folder.appendingPathComponent("scratchnet")
    }

    struct Missing: Error, CustomStringConvertible { let description: String }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard error's non-empty lines.
        var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// A started process whose output goes to files, for the tests that kill it.
    final class Running {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL
        init(process: Process, stdoutURL: URL, stderrURL: URL) {
            self.process = process
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

        /// Waits until standard error contains `text` (or the process ends, or `timeout` passes).
        func wait(for text: String, timeout: Double = 120) -> Bool {
            wait(until: { $0.stderr.contains(text) }, timeout: timeout)
        }

        /// Waits until `condition` holds (or the process ends, or `timeout` passes).
        func wait(until condition: (Running) -> Bool, timeout: Double = 120) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition(self) { return true }
                if !process.isRunning { return condition(self) }
                usleep(10_000)
            }
            return false
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func finish() -> Result {
            process.waitUntilExit()
            return Result(status: process.terminationStatus,
                          stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "", stderr: stderr)
        }
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], shell: String? = nil,
                      in directory: URL = projectRoot, executable: URL? = nil) throws -> Running {
        let binary = executable ?? binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Missing(description: "no scratchnet executable at \(binary.path): run `swift build` first, or set SCRATCHNET_BIN")
        }
        let process = Process()
        if let shell {
            // `shell` is a prefix such as `ulimit -f 64;` run by bash before exec-ing the binary.
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            let quoted = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            process.arguments = ["-c", shell + " exec " + quoted.joined(separator: " ")]
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        for key in ["SCRATCHNET_FAULT", "SCRATCHNET_PAUSE_AT", "SCRATCHNET_DATA", "SCRATCHNET_NO_EXCHANGE"] { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = directory
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("scratchnet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let out = logs.appendingPathComponent("stdout"), err = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stdoutURL: out, stderrURL: err)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], shell: String? = nil,
                    in directory: URL = projectRoot, executable: URL? = nil) throws -> Result {
        try start(arguments, environment: environment, shell: shell, in: directory, executable: executable).finish()
    }

    /// The standard output of a system tool (`["sha256sum", path]`), or nil when it cannot be
    /// run or fails.
    static func tool(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }

    /// The SHA-256 of a file as `sha256sum` prints it.
    static func sha256(_ url: URL) -> String {
        String((tool(["sha256sum", url.path]) ?? "").prefix(64))
    }

    /// A fresh, empty temporary folder (removed by the test's teardown).
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scratchnet-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A copy of the project's inputs (prose, assets; the data files and `Sources` linked, not
    /// copied) that a test may damage. Pass `--data <root>/assets/data` to use it.
    static func projectCopy(_ test: XCTestCase) throws -> URL {
        let fm = FileManager.default
        let root = try temporaryFolder(test).appendingPathComponent("project")
        try fm.createDirectory(at: root.appendingPathComponent("assets/data/mnist"), withIntermediateDirectories: true)
        for asset in ["style.css", "stepper.js"] {
            try fm.copyItem(at: projectRoot.appendingPathComponent("assets/\(asset)"), to: root.appendingPathComponent("assets/\(asset)"))
        }
        let data = projectRoot.appendingPathComponent("assets/data")
        for file in ["exams.csv", "boston-crim-tax-ptratio.csv"] + (try fm.contentsOfDirectory(atPath: data.appendingPathComponent("mnist").path)).map({ "mnist/" + $0 }) {
            try fm.createSymbolicLink(at: root.appendingPathComponent("assets/data/\(file)"), withDestinationURL: data.appendingPathComponent(file))
        }
        // the sources the pages show, as they were when the executable was built
        try fm.createSymbolicLink(at: root.appendingPathComponent("Sources"), withDestinationURL: projectRoot.appendingPathComponent("Sources"))
        try fm.createDirectory(at: root.appendingPathComponent("lessons/snapshots"), withIntermediateDirectories: true)
        for file in try fm.contentsOfDirectory(atPath: projectRoot.appendingPathComponent("lessons").path) where file.hasSuffix(".md") {
            try fm.copyItem(at: projectRoot.appendingPathComponent("lessons/\(file)"), to: root.appendingPathComponent("lessons/\(file)"))
        }
        return root
    }

    /// Every file under `folder` (dot files included; symbolic links as "-> target"), by path.
    static func tree(_ folder: URL) -> [String: Data] {
        var out = [String: Data]()
        let fm = FileManager.default
        func walk(_ relative: String) {
            let full = relative.isEmpty ? folder.path : folder.path + "/" + relative
            for entry in (try? fm.contentsOfDirectory(atPath: full)) ?? [] {
                let child = relative.isEmpty ? entry : relative + "/" + entry
                let path = folder.path + "/" + child
                if let target = try? fm.destinationOfSymbolicLink(atPath: path) {
                    out[child] = Data(("-> " + target).utf8)
                    continue
                }
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: path, isDirectory: &isDirectory)
                if isDirectory.boolValue { walk(child) } else { out[child] = fm.contents(atPath: path) ?? Data() }
            }
        }
        walk("")
        return out
    }

    /// A digest of a tree (FNV-1a 64 over sorted paths and contents), for messages.
    static func digest(_ tree: [String: Data]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) { for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 } }
        for path in tree.keys.sorted() {
            mix(path.utf8); mix([0])
            mix(tree[path]!); mix([0])
        }
        return String(hash, radix: 16)
    }

    /// The paths whose content differs between two trees.
    static func differences(_ a: [String: Data], _ b: [String: Data]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    /// The entries of `folder`, sorted.
    static func entries(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

extension XCTestCase {
    /// Asserts the ONE-line error contract: a non-zero exit, nothing on standard output, and
    /// exactly one line on standard error, starting `error: ` and containing `expected`.
    func assertOneLineError(_ result: CLI.Result, _ expected: String, status: Int32? = nil,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(result.status, 0, "exit status", file: file, line: line)
        if let status { XCTAssertEqual(result.status, status, "exit status", file: file, line: line) }
        XCTAssertEqual(result.errorLines.count, 1, "stderr should be one line:\n\(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("error: "), "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "expected \"\(expected)\" in: \(result.stderr)", file: file, line: line)
        for bad in ["Usage:", "Error:", "Fatal error", "Stack dump", "backtrace", "0x0000"] {
            XCTAssertFalse(result.stderr.contains(bad), "stderr holds '\(bad)': \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(result.stdout, "", "stdout", file: file, line: line)
    }
}
