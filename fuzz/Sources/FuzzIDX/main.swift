// libFuzzer harness: Gzip.inflate, IDXFile.parse and IDXFile.decode on arbitrary bytes.
// The first byte picks the IDX kind and whether the rest is gzip (decode) or inflated IDX (parse).
// Thrown errors are correct answers; traps, sanitizer reports and hangs are findings.
import Datasets
import Glibc

import FuzzDriver

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in data.map { fuzz($0, size) } ?? 0 }))

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let kind: IDXKind = mode & 1 == 0 ? .images : .labels
    if mode & 2 == 0 {
        // gzip: inflate, then the whole decode path.
        if let inflated = try? Gzip.inflate(bytes, file: "fuzz.gz") {
            if let file = try? IDXFile.parse(inflated, kind: kind, file: "fuzz") { check(file) }
        }
        if let file = try? IDXFile.decode(bytes, kind: kind, file: "fuzz.gz") { check(file) }
    } else {
        if let file = try? IDXFile.parse(bytes, kind: kind, file: "fuzz") { check(file) }
    }
    return 0
}

private func check(_ file: IDXFile) {
    precondition(file.dimensions.allSatisfy { $0 > 0 })
    precondition(file.dimensions.reduce(1, *) == file.bytes.count, "payload size disagrees with header")
}
