import LessonRecords

/// One lesson's page: header, introduction, the list of steps, one section per step (prose, then
/// what the step recorded), the stepper controls, links to the neighbouring lessons, and the
/// provenance footer.
enum LessonPage {
    struct Neighbours {
        var previous: LessonRecord?
        var next: LessonRecord?
    }

    static func fileName(_ id: String) -> String { "\(HTML.slug(id)).html" }

    /// With `linkTutorials` the site has a Sources page: names of tutorials in the prose link to
    /// it, and so does the navigation at the foot of the page.
    static func render(_ record: LessonRecord, prose: LessonProse?, sources: SourceFiles, number: Int,
                       neighbours: Neighbours, linkTutorials: Bool = false) throws(SiteError) -> (html: String, files: [SiteFile]) {
        let file = prose?.file ?? "lessons/\(record.id).md"
        var files: [SiteFile] = []
        var main = "<main id=\"main\" class=\"lesson\">"
        main += "<header class=\"lesson-header\"><p class=\"eyebrow\">\(esc(PageShell.trackName(record.track))) · lesson \(number)</p>"
        main += "<h1>\(esc(record.title))</h1><p class=\"summary\">\(esc(record.summary))</p>"
        if let headline = record.headline {
            main += PageShell.headlineHTML(headline)
        }
        main += "</header>"
        // Right under the header, so that it is on screen when the page opens (it sticks to the
        // top once the reader scrolls past it).
        main += stepper(steps: record.steps.count, next: neighbours.next)

        if let prose, case let (text, firstLine) = withoutTitle(prose.introduction), !text.trimmingSpaces().isEmpty {
            let source = Markdown.Source(lesson: record.id, file: file, firstLine: firstLine)
            let html = try Markdown.render(try Placeholders.fill(text, record: record, source: source),
                                           source: source, topHeading: 2, linkTutorials: linkTutorials)
            main += "<div class=\"prose intro\">\(html)</div>"
        }

        main += "<nav class=\"toc\" aria-label=\"Steps of this lesson\"><h2 class=\"toc-title\">Steps</h2><ol>"
        for step in record.steps { main += "<li><a href=\"#\(esc(step.id))\">\(esc(step.title))</a></li>" }
        main += "</ol></nav>"

        let scales = TensorView.scales(for: record)

        main += "<div class=\"steps\" data-steps=\"\">"
        for (index, step) in record.steps.enumerated() {
            main += "<section class=\"step phase-\(step.phase.rawValue)\" id=\"\(esc(step.id))\" data-title=\"\(esc(step.title))\">"
            main += "<h2><span class=\"step-number\">Step \(index + 1) of \(record.steps.count)</span> \(esc(step.title))</h2>"
            if let section = prose?.section(for: step.id) {
                let source = Markdown.Source(lesson: record.id, file: file, firstLine: section.line + 1)
                let html = try Markdown.render(try Placeholders.fill(section.body, record: record, source: source),
                                               source: source, topHeading: 3, linkTutorials: linkTutorials)
                main += "<div class=\"prose\">\(html)</div>"
            }
            if !step.code.isEmpty {
                main += "<div class=\"step-code\">\(try sources.html(for: step, lesson: record.id))</div>"
            }
            let body = try StepView.render(step, lesson: record, scales: scales, linkTutorials: linkTutorials)
            main += "<div class=\"step-record\">\(body.html)</div></section>"
            files += body.files
        }
        main += "</div>"
        main += "<nav class=\"lesson-nav\" aria-label=\"Other lessons\">"
        if let previous = neighbours.previous {
            main += "<a class=\"lesson-prev\" href=\"\(fileName(previous.id))\" rel=\"prev\"><span>Previous lesson</span> \(esc(previous.title))</a>"
        }
        main += "<a class=\"lesson-index\" href=\"index.html\">All lessons</a>"
        if linkTutorials { main += "<a class=\"lesson-sources\" href=\"\(TutorialLinks.page)\">The source tutorials</a>" }
        if let next = neighbours.next {
            main += "<a class=\"lesson-next\" href=\"\(fileName(next.id))\" rel=\"next\"><span>Next lesson</span> \(esc(next.title))</a>"
        }
        main += "</nav></main>"

        let html = PageShell.page(title: "\(record.title) · \(PageShell.siteName)", description: record.summary,
                                  bodyClass: "lesson-page", main: main, footer: footer(record))
        return (html, files)
    }

    /// The introduction without its `# Title` line (the page header shows the title already),
    /// and the file line its text starts on.
    static func withoutTitle(_ introduction: String) -> (text: String, firstLine: Int) {
        guard introduction.hasPrefix("# "), let end = introduction.firstIndex(of: "\n") else { return (introduction, 1) }
        return (String(introduction[introduction.index(after: end)...]), 2)
    }

    /// The stepper's controls, which `assets/stepper.js` brings to life. Hidden until the script
    /// runs, since without it every step is shown and the buttons would do nothing. The next
    /// lesson's file and title go in data attributes: on the last step the script turns Next into
    /// a link to it.
    static func stepper(steps: Int, next: LessonRecord?) -> String {
        let nextLesson = next.map { " data-next-lesson=\"\(esc(fileName($0.id)))\" data-next-title=\"\(esc($0.title))\"" } ?? ""
        return "<nav class=\"stepper\" aria-label=\"Step through the lesson\" hidden=\"hidden\"\(nextLesson)>"
            // On a phone the word goes (style.css) and the arrow stays; the word stays the name.
            + "<button type=\"button\" class=\"stepper-prev\" data-prev=\"\"><span aria-hidden=\"true\">←</span><span class=\"stepper-word\"> Previous</span></button>"
            + "<p class=\"stepper-status\" aria-live=\"polite\">Step 1 of \(steps)</p>"
            + "<p class=\"stepper-keys\"><kbd>←</kbd> <kbd>→</kbd> keys</p>"
            + "<button type=\"button\" class=\"stepper-next\" data-next=\"\">Next →</button></nav>"
    }

    /// How to get exactly these numbers again, and where they are.
    static func footer(_ record: LessonRecord) -> String {
        let command = "swift run -c release scratchnet build --seed \(record.seed) --profile \(record.profile.rawValue) --lesson \(record.id)"
        return "<footer class=\"provenance\"><p>Every number on this page was computed by running the lesson with seed "
            + "<code>\(record.seed)</code> and profile <code>\(esc(record.profile.rawValue))</code>. To reproduce it:</p>"
            + "<pre><code>\(esc(command))</code></pre>"
            + "<p><a href=\"data/\(esc(HTML.slug(record.id))).json\">The numbers behind this page</a> (JSON, as recorded).</p></footer>"
    }
}
