import LessonRecords
import XCTest
@testable import Site

/// `{{step:name}}` in prose: the recorded scalar, formatted; a wrong name is one line naming the
/// lesson, the file and the line.
final class PlaceholderTests: XCTestCase {
    private let source = Markdown.Source(lesson: "demo", file: "lessons/99-demo.md", firstLine: 10)

    private func record() -> LessonRecord {
        var step = StepRecord(id: "train", title: "Train")
        step.scalars = [ScalarRecord(name: "final loss", value: -0.0364701234),
                        ScalarRecord(name: "accuracy", value: 0.97987),
                        ScalarRecord(name: "tiny", value: -1.5e-7)]
        return LessonRecord(id: "demo", title: "Demo", summary: "", track: .core, order: 1, seed: 42, profile: .full,
                            steps: [step])
    }

    func testValuesAreTheRecordedScalarsFormatted() throws {
        let text = "Loss {{train:final loss}}, or {{ train : final loss | 6 }}; accuracy {{train:accuracy|%}}."
        XCTAssertEqual(try Placeholders.fill(text, record: record(), source: source),
                       "Loss −0.03647, or −0.0364701; accuracy 97.99 %.")
    }

    func testInsideMathsTheNumberIsWrittenForTeX() throws {
        let text = "$x = {{train:tiny}}$ and {{train:tiny}}\n$$\ny = {{train:final loss|3}}\n$$ then {{train:final loss|2}}"
        XCTAssertEqual(try Placeholders.fill(text, record: record(), source: source),
                       "$x = -1.5 \\times 10^{-7}$ and −1.5e-7\n$$\ny = -0.0365\n$$ then −0.036")
    }

    func testAWrongPlaceholderNamesLessonFileAndLine() {
        let cases: [(String, String)] = [
            ("one\ntwo {{train:final los}}", "lessons/99-demo.md:11: lesson demo: placeholder {{train:final los}} names no scalar recorded in step train (it records: 'final loss', 'accuracy', 'tiny')"),
            ("{{fit:final loss}}", "lessons/99-demo.md:10: lesson demo: placeholder {{fit:final loss}} names step 'fit', which lesson demo does not record (its steps: train)"),
            ("a\n\n{{train final loss}}", "lessons/99-demo.md:12: lesson demo: placeholder `{{train final loss}}` needs the form {{step:name}}"),
            ("{{train:accuracy", "lessons/99-demo.md:10: lesson demo: a placeholder `{{` is not closed by `}}` on the same line"),
            ("{{train:accuracy|x}}", "the format after `|` is a number of digits (1 to 17) or %"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Placeholders.fill(text, record: record(), source: source)) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected) || "\(error)".hasSuffix(expected), "\(error)")
            }
        }
        // the spelling is checked before any lesson runs, the values only once they exist
        XCTAssertThrowsError(try Placeholders.check("x\n{{train}}", source: source)) { error in
            XCTAssertTrue("\(error)".hasPrefix("lessons/99-demo.md:11:"), "\(error)")
        }
        XCTAssertNoThrow(try Placeholders.check("{{train:anything at all|%}}", source: source))
    }

    func testProseWithoutPlaceholdersIsUntouched() throws {
        let text = "Braces { and } and $a_{1}$ stay."
        XCTAssertEqual(try Placeholders.fill(text, record: nil, source: source), text)
    }
}
