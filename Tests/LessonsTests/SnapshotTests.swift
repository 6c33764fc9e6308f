import XCTest
@testable import LessonRecords
@testable import Lessons

/// Every lesson's `quick` run matches its committed snapshot.
final class SnapshotTests: XCTestCase {
    func testEveryQuickSnapshotVerifies() throws {
        for lesson in Catalog.lessons {
            let record = try LessonRunner.run(lesson, configuration: try quickConfiguration())
            let fresh = try RecordJSON.encode(record, forSnapshot: true)
            let url = projectRoot.appendingPathComponent("lessons/snapshots/\(lesson.id).quick.json")
            let old = try String(contentsOf: url, encoding: .utf8)
            let mismatches = try SnapshotComparison.compare(snapshot: old, fresh: fresh, lesson: lesson.id)
            XCTAssertEqual(mismatches, [], "\(lesson.id): \(mismatches.map(\.description).joined(separator: "\n"))")
        }
    }

    func testEveryLessonHasBothSnapshots() {
        for lesson in Catalog.lessons {
            for name in ["\(lesson.id).json", "\(lesson.id).quick.json"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: projectRoot.appendingPathComponent("lessons/snapshots/\(name)").path), name)
            }
        }
    }

    func testChangingOneNumberIsReportedWithItsLocation() throws {
        let record = try runLesson("manual-backward")
        let fresh = try RecordJSON.encode(record, forSnapshot: true)
        var tampered = record
        let step = tampered.steps.firstIndex { $0.id == "forward" }!
        let tensor = tampered.steps[step].tensors.firstIndex { $0.name == "l1" }!
        let old = tampered.steps[step].tensors[tensor].values![7]
        tampered.steps[step].tensors[tensor].values![7] = old * (1 + 1e-6)
        let changed = try RecordJSON.encode(tampered, forSnapshot: true)
        let mismatches = try SnapshotComparison.compare(snapshot: changed, fresh: fresh, lesson: "manual-backward")
        XCTAssertEqual(mismatches.count, 1)
        XCTAssertEqual(mismatches.first?.location, "lesson manual-backward, step forward, tensor l1, index 7")
        XCTAssertEqual(mismatches.first?.new, RecordJSON.format(old, text: "\(old)"))
    }

    func testToleranceAcceptsLastDigitNoiseOnly() {
        XCTAssertTrue(SnapshotComparison.numbersAgree(1.0, 1.0 + 1e-12))
        XCTAssertFalse(SnapshotComparison.numbersAgree(1.0, 1.0 + 1e-8))
        XCTAssertTrue(SnapshotComparison.numbersAgree(0, 1e-13))
        XCTAssertFalse(SnapshotComparison.numbersAgree(0, 1e-10))
        XCTAssertTrue(SnapshotComparison.numbersAgree(.nan, .nan))
    }

    func testStructuralChangesAreReported() throws {
        let a = #"{"steps": [{"id": "s", "notes": ["x"]}]}"#
        let b = #"{"steps": [{"id": "s", "notes": ["y"]}], "extra": 1}"#
        let m = try SnapshotComparison.compare(snapshot: a, fresh: b, lesson: "t")
        XCTAssertEqual(m.map(\.description), [
            "lesson t, extra: old (absent), new 1",
            "lesson t, step s, notes, index 0: old \"x\", new \"y\"",
        ])
    }

    func testTimingsAreLeftOutOfSnapshotsAndComparisons() throws {
        var record = try runLesson("neuron")
        record.steps[0].timings = [Timing(name: "forward", seconds: 0.123)]
        let snapshot = try RecordJSON.encode(record, forSnapshot: true)
        XCTAssertFalse(snapshot.contains("0.123"))
        let full = try RecordJSON.encode(record)
        XCTAssertTrue(full.contains("0.123"))
        XCTAssertEqual(try SnapshotComparison.compare(snapshot: snapshot, fresh: full, lesson: "neuron"), [])
    }
}
