import Datasets
import XCTest

final class CSVReaderTests: XCTestCase {
    private func parse(_ text: String, file: String = "exams.csv") throws(CSVError) -> CSVTable {
        try CSVReader.parse(Array(text.utf8), file: file)
    }

    private func message(_ text: String) -> String {
        do {
            _ = try parse(text)
            XCTFail("expected \(text.debugDescription) to be refused")
            return ""
        } catch {
            return error.description
        }
    }

    func testHeaderAndValues() throws {
        let table = try parse("A,B\n1,2\n3.5,-4e2\n")
        XCTAssertEqual(table.columns, ["A", "B"])
        XCTAssertEqual(table.values.shape, [2, 2])
        XCTAssertEqual(table.values.scalars, [1, 2, 3.5, -400])
        XCTAssertEqual(table.column("B"), [2, -400])
        XCTAssertNil(table.column("C"))
    }

    func testLineEndingsAndTrailingLines() throws {
        let expected = try parse("A,B\n1,2\n3,4")
        for variant in ["A,B\r\n1,2\r\n3,4\r\n", "A,B\n1,2\n3,4\n", "A,B\n1,2\n3,4\n\n", "A,B\r\n1,2\r\n3,4\r\n\r\n",
                        "\u{FEFF}A,B\n1,2\n3,4\n", "\"A\", B \n 1 ,2\n3,\t4\n"] {
            XCTAssertEqual(try parse(variant), expected, variant.debugDescription)
        }
    }

    func testHeaderOnlyGivesZeroRows() throws {
        let table = try parse("A,B,C\n")
        XCTAssertEqual(table.values.shape, [0, 3])
    }

    func testEmptyFileIsRefused() {
        XCTAssertEqual(message(""), "exams.csv: empty file, expected a header line")
        XCTAssertEqual(message("\n\r\n"), "exams.csv: empty file, expected a header line")
    }

    func testRaggedRowNamesLineAndCounts() {
        let text = "EXAM1,EXAM2,EXAM3,FINAL\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n"
        XCTAssertEqual(message(text), "exams.csv:5: expected 4 fields, found 3")
        XCTAssertEqual(message("A,B\n1,2,3\n"), "exams.csv:2: expected 2 fields, found 3")
    }

    func testNonNumberNamesLineColumnAndText() {
        let rows = Array(repeating: "1,2,3,4", count: 5) + ["1,2,9x,4"]
        let text = "EXAM1,EXAM2,EXAM3,FINAL\n" + rows.joined(separator: "\n") + "\n"
        XCTAssertEqual(message(text), "exams.csv:7:3: \"9x\" is not a number")
    }

    func testNonFiniteHexAndEmptyFieldsAreRefused() {
        XCTAssertEqual(message("A,B\n1,nan\n"), "exams.csv:2:2: \"nan\" is not a number")
        XCTAssertEqual(message("A,B\n1,inf\n"), "exams.csv:2:2: \"inf\" is not a number")
        XCTAssertEqual(message("A,B\n0x10,1\n"), "exams.csv:2:1: \"0x10\" is not a number")
        XCTAssertEqual(message("A,B\n1, \n"), "exams.csv:2:2: empty field, expected a number")
    }

    func testBlankLineInsideDataAndEmptyHeaderName() {
        XCTAssertEqual(message("A,B\n1,2\n\n3,4\n"), "exams.csv:3: blank line inside the data")
        XCTAssertEqual(message("A,,C\n1,2,3\n"), "exams.csv:1:2: empty column name in the header")
    }

    func testReadFromDiskNamesTheFileAndMissingFile() throws {
        let folder = try temporaryFolder(self)
        let url = try write(Array("X,Y\n1,oops\n".utf8), to: "bad.csv", in: folder)
        XCTAssertEqual(datasetErrorMessage { () throws(DatasetError) in try CSVReader.read(at: url) },
                       "bad.csv:2:2: \"oops\" is not a number")
        let missing = folder.appendingPathComponent("missing.csv")
        XCTAssertEqual(datasetErrorMessage { () throws(DatasetError) in try CSVReader.read(at: missing) },
                       "\(missing.path): cannot read: no such file")
    }
}
