import Datasets
import Foundation
import XCTest

final class DataDirectoryTests: XCTestCase {
    private var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testFindsDataFromPackageRootAndFromBuildFolder() throws {
        let expected = packageRoot.appendingPathComponent("assets/data").standardizedFileURL.path
        for start in [packageRoot.path, packageRoot.appendingPathComponent(".build-data/debug").path,
                      packageRoot.appendingPathComponent("Tests/DatasetsTests").path] {
            let found = try DataDirectory.locate(environment: [:], currentDirectory: start)
            XCTAssertEqual(found.url.path, expected, "from \(start)")
        }
    }

    func testEnvironmentVariableComesBeforeTheSearch() throws {
        let data = packageRoot.appendingPathComponent("assets/data").path
        let found = try DataDirectory.locate(environment: ["SCRATCHNET_DATA": data], currentDirectory: "/")
        XCTAssertEqual(found.url.path, data)
    }

    func testWrongExplicitOrEnvironmentPathIsAnErrorNotAFallback() throws {
        let empty = try temporaryFolder(self)
        XCTAssertEqual(
            datasetErrorMessage { () throws(DatasetError) in
                try DataDirectory.locate(explicit: empty.path, currentDirectory: packageRoot.path)
            },
            "data directory not found; tried: \(empty.standardizedFileURL.path) (pass a path or set SCRATCHNET_DATA)")
        XCTAssertEqual(
            datasetErrorMessage { () throws(DatasetError) in
                try DataDirectory.locate(environment: ["SCRATCHNET_DATA": empty.path], currentDirectory: packageRoot.path)
            },
            "data directory not found; tried: SCRATCHNET_DATA=\(empty.standardizedFileURL.path) (pass a path or set SCRATCHNET_DATA)")
    }

    func testSearchListsEveryFolderTried() throws {
        let start = try temporaryFolder(self).appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: start, withIntermediateDirectories: true)
        do {
            _ = try DataDirectory.locate(environment: [:], currentDirectory: start.path)
            XCTFail("expected no data directory above \(start.path)")
        } catch {
            guard case .dataDirectoryNotFound(let tried) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(tried.first, start.standardizedFileURL.appendingPathComponent("assets/data").path)
            XCTAssertEqual(tried.last, "/assets/data")
        }
    }

    func testALoggingDirectoryNotesEveryFileReadThroughIt() throws {
        let data = try repositoryData()
        let log = DataReadLog()
        let logged = data.logging(to: log)
        XCTAssertEqual(logged, data, "the same folder")
        XCTAssertEqual(log.read, [])
        _ = try logged.exams()
        _ = try logged.exams()
        XCTAssertEqual(log.read, [.exams])
        // The MNIST test set, decoded once per process: noted even when it comes from the cache.
        _ = try data.mnist(.test)
        _ = try logged.mnist(.test)
        _ = try logged.boston()
        XCTAssertEqual(log.read, [.exams, .boston, .testImages, .testLabels], "in DataFile order")
        _ = try data.boston()
        XCTAssertEqual(log.read.count, 4, "a directory without the log notes nothing")
    }

    func testEveryShippedFileMatchesItsChecksum() throws {
        let data = try repositoryData()
        for file in DataFile.allCases where file != .trainImages {  // the big one is hashed in MNISTTests
            XCTAssertNoThrow(try data.read(file), file.path)
        }
    }

    func testChecksumMismatchNamesFileAndBothSums() throws {
        let folder = try temporaryFolder(self)
        var bytes = try repositoryData().read(.exams)
        bytes[bytes.count - 2] = UInt8(ascii: "3")  // the last final score, 192 -> 193
        try write(bytes, to: "exams.csv", in: folder)
        let actual = SHA256.hex(of: bytes)
        XCTAssertEqual(
            datasetErrorMessage { () throws(DatasetError) in try DataDirectory(url: folder).exams() },
            "exams.csv: checksum mismatch: expected SHA-256 "
                + "76a6d3977c283b3a434a5b1ebd44fd527aac818d9713087229281230d569f291, found \(actual)")

        // A truncated MNIST file is caught by its checksum before it is even inflated.
        let truncated = Array(try repositoryData().read(.testLabels).prefix(1000))
        try write(truncated, to: DataFile.testLabels.path, in: folder)
        XCTAssertEqual(
            datasetErrorMessage { () throws(DatasetError) in
                try DataDirectory(url: folder).idx(.testLabels, kind: .labels)
            },
            "mnist/t10k-labels-idx1-ubyte.gz: checksum mismatch: expected SHA-256 "
                + "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b, found \(SHA256.hex(of: truncated))")
    }
}
