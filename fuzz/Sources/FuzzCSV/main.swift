// libFuzzer harness: CSVReader.parse on arbitrary bytes. A thrown CSVError is a correct answer;
// a trap, a sanitizer report, a hang or a table whose shape disagrees with its header is a finding.
import Datasets
import Glibc

import FuzzDriver

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in data.map { fuzz($0, size) } ?? 0 }))

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let table = try? CSVReader.parse(bytes, file: "fuzz.csv") else { return 0 }
    precondition(table.values.shape == [table.rowCount, table.columns.count], "shape disagrees with header")
    precondition(table.values.scalars.allSatisfy(\.isFinite), "a non-finite value was accepted")
    for name in table.columns { _ = table.column(name) }
    return 0
}
