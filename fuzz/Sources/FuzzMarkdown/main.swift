// libFuzzer harness: the lesson prose front end as the lesson page uses it: LessonProse.parse,
// then Markdown.render (external-link check, MathExtraction, cmark-gfm, heading shift, TeX to
// MathML) on the introduction and on every section (which between them cover the whole text, so
// the text is not also rendered whole: rendering is slow); and TeX.mathML on the whole input, inline
// and display. Thrown errors are correct answers; traps, sanitizer reports and hangs are findings.
import Glibc
@testable import Site

import FuzzDriver
import LessonRecords

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in data.map { fuzz($0, size) } ?? 0 }))

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = Markdown.Source(lesson: "fuzz", file: "lessons/fuzz.md", firstLine: 1)
    if let prose = try? LessonProse.parse(text, file: "lessons/fuzz.md") {
        _ = try? Markdown.render(prose.introduction, source: source, topHeading: 2)
        for section in prose.sections {
            let sectionSource = Markdown.Source(lesson: "fuzz", file: "lessons/fuzz.md", firstLine: section.line + 1)
            _ = try? Markdown.render(section.body, source: sectionSource, topHeading: 3)
        }
    }
    _ = try? TeX.mathML(text, display: false)
    _ = try? TeX.mathML(text, display: true)
    return 0
}
