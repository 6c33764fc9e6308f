import XCTest
import LessonRecords
@testable import Lessons

final class ProseTests: XCTestCase {
    func testEveryLessonHasProseForExactlyItsSteps() throws {
        for lesson in Catalog.lessons {
            let url = projectRoot.appendingPathComponent("lessons/\(lesson.proseFileName)")
            let text = try String(contentsOf: url, encoding: .utf8)
            let prose = try LessonProse.parse(text, file: lesson.proseFileName)
            XCTAssertNoThrow(try prose.check(against: lesson), lesson.id)
            XCTAssertFalse(prose.introduction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, lesson.id)
        }
    }

    func testLessonIdsAndStepIdsAreUnique() {
        let ids = Catalog.lessons.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for lesson in Catalog.lessons {
            XCTAssertEqual(Set(lesson.steps.map(\.id)).count, lesson.steps.count, lesson.id)
        }
    }

    func testMissingAndUnknownStepsNameBoth() throws {
        let lesson = Catalog.lesson("neuron")!
        let missing = try LessonProse.parse("intro\n## A {#weighted-sum}\ntext\n## B {#relu}\n", file: "01-neuron.md")
        XCTAssertThrowsError(try missing.check(against: lesson)) { error in
            XCTAssertEqual("\(error)", "01-neuron.md: lesson neuron has a step 'five-neurons' but the prose has no section for it (add a heading ending in {#five-neurons})")
        }
        let unknown = try LessonProse.parse("intro\n\n## A {#weighted-sum}\n## B {#relu}\n## C {#five-neurons}\n## D {#six-neurons}\n", file: "01-neuron.md")
        XCTAssertThrowsError(try unknown.check(against: lesson)) { error in
            XCTAssertEqual("\(error)", "01-neuron.md:6: the prose names step 'six-neurons', which lesson neuron does not have (its steps: weighted-sum, relu, five-neurons)")
        }
        XCTAssertThrowsError(try LessonProse.parse("## A {#a}\n## B {#a}\n", file: "f.md")) { error in
            XCTAssertEqual("\(error)", "f.md:2: a second section for step 'a'")
        }
    }

    func testSectionsKeepTheirText() throws {
        let prose = try LessonProse.parse("Intro line\r\n## The first {#one}\nBody $x$.\n## Second {#two}\nMore.", file: "x.md")
        XCTAssertEqual(prose.introduction, "Intro line")
        XCTAssertEqual(prose.sections.map(\.stepID), ["one", "two"])
        XCTAssertEqual(prose.sections[0].heading, "The first")
        XCTAssertEqual(prose.sections[0].body, "Body $x$.")
        XCTAssertEqual(prose.sections[1].line, 4)
    }
}

final class LessonOpeningTests: XCTestCase {
    /// Every lesson opens (right under its title) with what the learner will be able to do after it.
    func testEveryLessonOpensWithWhatTheLearnerWillBeAbleToDo() throws {
        for lesson in Catalog.lessons {
            let url = projectRoot.appendingPathComponent("lessons/\(lesson.proseFileName)")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
            XCTAssertTrue(lines[0].hasPrefix("# "), lesson.id)
            XCTAssertEqual(lines[1], "**After this lesson you will be able to:**", lesson.id)
            let items = lines.dropFirst(2).prefix { $0.hasPrefix("- ") }
            XCTAssertGreaterThanOrEqual(items.count, 2, lesson.id)
        }
    }
}
