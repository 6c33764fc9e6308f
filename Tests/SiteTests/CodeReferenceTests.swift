import Foundation
import LessonRecords
import Lessons
import XCTest
@testable import Site

/// The code the lessons' steps show: every reference of every lesson resolves in the files as
/// they are, each core lesson shows what it runs, and a reference that does not resolve is one
/// line naming lesson, step, file and symbol.
final class CodeReferenceTests: XCTestCase {
    private func sources() throws -> SourceFiles {
        let paths = SourceFiles.paths(of: Catalog.lessons.flatMap { $0.steps.flatMap(\.code) })
        var texts = [String: String]()
        for path in paths {
            texts[path] = try String(contentsOf: SwiftCodeSupport.root.appendingPathComponent(path), encoding: .utf8)
        }
        return SourceFiles(texts)
    }

    func testEveryReferenceOfEveryLessonResolves() throws {
        let files = try sources()
        var count = 0
        for lesson in Catalog.lessons {
            for step in lesson.steps {
                for reference in step.code {
                    let found = try files.range(of: reference, lesson: lesson.id, step: step.id)
                    XCTAssertGreaterThan(found.range.count, 0, "\(lesson.id)/\(step.id): \(reference.symbol)")
                    count += 1
                }
            }
        }
        XCTAssertGreaterThan(count, 40)
    }

    func testEveryCoreAndAppliedLessonShowsWhatItRuns() {
        let expected: [String: [String]] = [
            "neuron": ["code:weighted-sum", "relu", "lin"],
            "layer": ["code:loops", "lin"],
            "forward": ["lin", "relu", "mse", "ExamNetwork.forward"],
            "manual-backward": ["mseGrad", "linGrad", "reluGrad", "ExamNetwork.backward"],
            "sgd-step": ["ExamNetwork.step", "ExamNetwork.train"],
            "refactor": ["Module", "Linear", "ReLU", "MSELoss", "Sequential", "Trainer.step", "SGD.step"],
            "autograd-check": ["code:on-tape", "Tape.record", "Variable.matmul", "Tape.backward", "NumericalGradient.gradients"],
            "mnist-softmax": ["mnistDenseModel", "code:train", "DenseEngine.step", "DenseEngine.differenceFromModules"],
        ]
        for lesson in Catalog.lessons {
            let shown = Set(lesson.steps.flatMap(\.code).map(\.symbol))
            for symbol in expected[lesson.id] ?? [] {
                XCTAssertTrue(shown.contains(symbol), "\(lesson.id) shows \(symbol)")
            }
            if lesson.track != .pitfalls {
                XCTAssertFalse(shown.isEmpty, "\(lesson.id) shows some code")
            }
        }
    }

    func testTheRegionsOfALessonFileAreItsOwnLines() throws {
        let files = try sources()
        let reference = CodeReference("Sources/Lessons/Core/Neuron.swift", "code:weighted-sum")
        let (text, range) = try files.range(of: reference, lesson: "neuron", step: "weighted-sum")
        let lines = text.components(separatedBy: "\n")[(range.lines.lowerBound - 1)..<range.lines.upperBound]
        XCTAssertEqual(lines.last?.trimmingCharacters(in: .whitespaces), "let z = try (x * w).sum() + b")
        XCTAssertEqual(range.indent, "        ")
    }

    func testAReferenceThatDoesNotResolveIsOneLineNamingWhere() throws {
        let files = SourceFiles(["Sources/A.swift": "/// Doubles.\nfunc twice(_ x: Int) -> Int { 2 * x }\n"])
        let cases: [(CodeReference, String)] = [
            (CodeReference("Sources/A.swift", "thrice"), "lesson l, step s: Sources/A.swift: `thrice`: "),
            (CodeReference("Sources/B.swift", "twice"), "lesson l, step s: Sources/B.swift: `twice`: no such file"),
        ]
        for (reference, expected) in cases {
            XCTAssertThrowsError(try files.check([(lesson: "l", step: "s", reference: reference)])) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix(expected), text)
                XCTAssertFalse(text.contains("\n"), text)
            }
        }
        XCTAssertNoThrow(try files.check([(lesson: "l", step: "s", reference: CodeReference("Sources/A.swift", "twice"))]))
    }

    func testAStepWithCodeGetsItsBlockAfterTheProse() throws {
        var record = Fixture.record()
        record.steps[0].code = [CodeReference("Sources/A.swift", "twice")]
        let sources = SourceFiles(["Sources/A.swift": "/// Doubles.\nfunc twice(_ x: Int) -> Int { 2 * x }\n"])
        let files = try SiteBuilder.build(records: [record], prose: [:], assets: Fixture.assets(), sources: sources)
        let page = String(decoding: try XCTUnwrap(files.first { $0.path == "\(record.id).html" }).bytes, as: UTF8.self)
        XCTAssertTrue(page.contains("<div class=\"step-code\">"))
        XCTAssertTrue(page.contains("Sources/A.swift, <span class=\"code-lines\">lines 1-2</span>"), page)
        XCTAssertThrowsError(try SiteBuilder.build(records: [record], prose: [:], assets: Fixture.assets())) { error in
            XCTAssertTrue("\(error)".contains("Sources/A.swift: `twice`: no such file"), "\(error)")
        }
    }
}
