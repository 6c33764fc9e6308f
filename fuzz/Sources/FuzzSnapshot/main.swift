// libFuzzer harness: the snapshot reader. JSONValue.parse and RecordJSON.decode on the input;
// a record that decodes is encoded and decoded again; SnapshotComparison.compare of the input
// against itself (which must find no mismatch when it parses) and against a mutated half.
// Thrown errors are correct answers; traps, sanitizer reports and hangs are findings.
import Glibc

import FuzzDriver
import LessonRecords

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in data.map { fuzz($0, size) } ?? 0 }))

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: buffer, as: UTF8.self)
    _ = try? JSONValue.parse(text)
    if let record = try? RecordJSON.decode(text), let again = try? RecordJSON.encode(record) {
        _ = try? RecordJSON.decode(again)
    }
    if let same = try? SnapshotComparison.compare(snapshot: text, fresh: text, lesson: "fuzz") {
        precondition(same.isEmpty || text.contains("NaN") || text.lowercased().contains("nan"),
                     "a snapshot differs from itself: \(same.prefix(3))")
    }
    // Two documents: the input split at its first 0x00 byte (the fuzzer learns to make one).
    if let split = buffer.firstIndex(of: 0) {
        let a = String(decoding: buffer[..<split], as: UTF8.self)
        let b = String(decoding: buffer[(split + 1)...], as: UTF8.self)
        _ = try? SnapshotComparison.compare(snapshot: a, fresh: b, lesson: "fuzz", limit: 5)
    }
    return 0
}
