import CZlib
import Datasets
import Foundation
import XCTest

/// The repository's `assets/data`, found from this file's path so the tests do not depend on the
/// directory they are run from.
func repositoryData() throws -> DataDirectory {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try DataDirectory.locate(explicit: root.appendingPathComponent("assets/data").path)
}

/// A fresh empty folder, removed when the test ends.
func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("scratchnet-datasets-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// Writes `bytes` to `name` in `folder` and returns its URL.
@discardableResult
func write(_ bytes: [UInt8], to name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url
}

/// gzip-compresses `bytes` with zlib's deflate (windowBits 15 + 16 selects the gzip wrapper).
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let initCode = deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
        ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    precondition(initCode == Z_OK, "deflateInit2 failed: \(initCode)")
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    var input = bytes
    let code = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = UInt32(outBuffer.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    precondition(code == Z_STREAM_END, "deflate did not finish: \(code)")
    return Array(output[..<Int(stream.total_out)])
}

/// The IDX header for `magic` and `dimensions`, big-endian.
func idxHeader(magic: UInt32, dimensions: [Int]) -> [UInt8] {
    ([magic] + dimensions.map { UInt32($0) }).flatMap { word in
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) }
    }
}

/// The message of the `DatasetError` thrown by `body`, or a failure if none is thrown.
func datasetErrorMessage<T>(
    _ body: () throws(DatasetError) -> T, file: StaticString = #filePath, line: UInt = #line
) -> String? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error.description
    }
}
