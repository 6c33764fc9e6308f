import LessonRecords

/// The Sources page (`sources.html`): the five tutorials the course teaches from, introduced in
/// our words (`lessons/sources.md`, one `## Title {#tutorial-NNN}` section each), and under each
/// the lessons whose prose names it, found by reading that prose, so the list cannot drift.
enum TutorialsPage {
    /// The prose file the page is written from, for error messages.
    static let file = "lessons/sources.md"

    /// The tutorial numbers `prose` introduces ("003" for a section `{#tutorial-003}`).
    static func introduced(_ prose: LessonProse) throws(SiteError) -> [String] {
        var numbers: [String] = []
        for section in prose.sections {
            let id = section.stepID
            let digits = id.dropFirst("tutorial-".count)
            guard id.hasPrefix("tutorial-"), digits.count == 3, digits.allSatisfy(\.isNumber) else {
                throw .prose(lesson: "sources", file: prose.file, line: section.line,
                             message: "section id '\(id)' is not tutorial-NNN (three digits)")
            }
            numbers.append(String(digits))
        }
        return numbers
    }

    /// Every tutorial a lesson's prose names, with the file line of its first mention there.
    static func mentions(in prose: LessonProse) -> [(number: String, line: Int)] {
        var parts = [(text: prose.introduction, firstLine: 1)]
        parts += prose.sections.map { ($0.body, $0.line + 1) }
        return parts.flatMap { part in TutorialLinks.mentions(in: part.text).map { ($0.number, part.firstLine + $0.line) } }
    }

    /// Fails with the file and line of the first tutorial the lessons' prose names that the
    /// Sources page does not introduce, so every tutorial link on a lesson page leads somewhere.
    static func checkMentions(_ prose: [String: LessonProse], introduced: [String]) throws(SiteError) {
        for (lesson, text) in prose.sorted(by: { $0.key < $1.key }) {
            if let missing = mentions(in: text).first(where: { !introduced.contains($0.number) }) {
                throw .prose(lesson: lesson, file: text.file, line: missing.line,
                             message: "names Tutorial \(missing.number), which \(file) does not introduce")
            }
        }
    }

    /// The page. `ordered` are the lessons in course order and `prose` their prose by id.
    static func render(_ tutorials: LessonProse, ordered: [LessonRecord],
                       prose: [String: LessonProse]) throws(SiteError) -> String {
        var main = "<main id=\"main\" class=\"sources\">"
        main += "<header class=\"lesson-header\"><p class=\"eyebrow\">Sources</p><h1>The five tutorials behind the course</h1></header>"
        if !tutorials.introduction.trimmingSpaces().isEmpty {
            let source = Markdown.Source(lesson: "sources", file: tutorials.file, firstLine: 1)
            main += "<div class=\"prose intro\">\(try Markdown.render(tutorials.introduction, source: source, topHeading: 2))</div>"
        }
        let numbers = try introduced(tutorials)
        for (section, number) in zip(tutorials.sections, numbers) {
            let id = TutorialLinks.anchor(number)
            let source = Markdown.Source(lesson: "sources", file: tutorials.file, firstLine: section.line + 1)
            main += "<section class=\"tutorial\" id=\"\(esc(id))\" aria-labelledby=\"\(esc(id))-title\">"
            main += "<h2 id=\"\(esc(id))-title\">\(esc(section.heading))</h2>"
            main += "<div class=\"prose\">\(try Markdown.render(section.body, source: source, topHeading: 3))</div>"
            main += lessonList(naming: number, ordered: ordered, prose: prose)
            main += "</section>"
        }
        main += "<nav class=\"lesson-nav\" aria-label=\"Other pages\"><a class=\"lesson-index\" href=\"index.html\">All lessons</a></nav></main>"
        let footer = "<footer class=\"provenance\"><p>The tutorials are described here in our own words; the lessons take their "
            + "facts and figures and run them with the project's own code. The lists of lessons are read from the lessons' prose when the site is built.</p></footer>"
        return PageShell.page(title: "Sources · \(PageShell.siteName)",
                              description: "The five tutorials this course teaches from, and the lessons that follow each.",
                              bodyClass: "sources-page", main: main, footer: footer)
    }

    /// The lessons whose prose names tutorial `number`, as links in course order.
    private static func lessonList(naming number: String, ordered: [LessonRecord], prose: [String: LessonProse]) -> String {
        let naming = ordered.filter { record in
            prose[record.id].map { mentions(in: $0).contains { $0.number == number } } ?? false
        }
        guard !naming.isEmpty else { return "<p class=\"tutorial-lessons\">No lesson in this build names it.</p>" }
        var html = "<p class=\"tutorial-lessons\">Lessons that draw on it:</p><ul class=\"tutorial-lessons\">"
        for record in naming {
            html += "<li><a href=\"\(LessonPage.fileName(record.id))\">\(esc(record.title))</a></li>"
        }
        return html + "</ul>"
    }
}
