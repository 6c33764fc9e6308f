import LessonRecords

/// Builds the whole static site from lesson records and their prose: pure, deterministic (the
/// same input gives byte-identical files), and free of any URL outside the site.
public enum SiteBuilder {
    /// Lessons in course order: core, applied, pitfalls; within a track by `order`, then id.
    public static func courseOrder(_ records: [LessonRecord]) -> [LessonRecord] {
        let rank = Dictionary(uniqueKeysWithValues: Track.allCases.enumerated().map { ($1, $0) })
        return records.sorted {
            (rank[$0.track]!, $0.order, $0.id) < (rank[$1.track]!, $1.order, $1.id)
        }
    }

    /// Every file of the site except `data/<id>.json` (the CLI writes those): `index.html`, one
    /// `<id>.html` per lesson, `img/*.png`, `assets/style.css` and `assets/stepper.js`, sorted by path.
    ///
    /// - Parameter prose: each lesson's prose by lesson id; a lesson without prose gets a page with
    ///   its steps only.
    /// - Throws: `SiteError`, naming the lesson (and the prose file and line) that could not be built.
    /// - Parameter failures: lessons that could not be run; the index lists them in a notice at
    ///   the top (they get no page).
    /// - Parameter sources: the files the steps' code references name (see `SourceFiles`).
    /// - Parameter tutorials: the prose of the Sources page (`lessons/sources.md`); with it the site
    ///   has `sources.html` and every name of a tutorial in the lessons' prose links there.
    public static func build(records: [LessonRecord], prose: [String: LessonProse], assets: SiteAssets,
                             sources: SourceFiles = SourceFiles(), tutorials: LessonProse? = nil,
                             failures: [FailedLesson] = []) throws(SiteError) -> [SiteFile] {
        var seen = Set<String>()
        for record in records {
            guard seen.insert(record.id).inserted else { throw .duplicateLesson(id: record.id) }
        }
        let ordered = courseOrder(records)
        var index = IndexPage.render(ordered, tutorialsPage: tutorials != nil)
        if !failures.isEmpty {
            let opening = "<main id=\"main\" class=\"course\">"
            index = index.replacingOccurrences(of: opening, with: opening + failureNotice(failures))
        }
        var files: [SiteFile] = [
            SiteFile(path: "index.html", text: index),
            SiteFile(path: "assets/style.css", text: assets.css),
            SiteFile(path: "assets/stepper.js", text: assets.js),
        ]
        if let tutorials {
            try TutorialsPage.checkMentions(prose, introduced: try TutorialsPage.introduced(tutorials))
            files.append(SiteFile(path: TutorialLinks.page, text: try TutorialsPage.render(tutorials, ordered: ordered, prose: prose)))
        }
        for (index, record) in ordered.enumerated() {
            let neighbours = LessonPage.Neighbours(previous: index > 0 ? ordered[index - 1] : nil,
                                                   next: index + 1 < ordered.count ? ordered[index + 1] : nil)
            let page = try LessonPage.render(record, prose: prose[record.id], sources: sources, number: index + 1,
                                             neighbours: neighbours, linkTutorials: tutorials != nil)
            files.append(SiteFile(path: LessonPage.fileName(record.id), text: page.html))
            files += page.files
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Renders every piece of `prose` that `build` would (introduction and sections, with their
    /// maths), so that a bad formula or an unclosed `$$` is reported before any lesson runs.
    /// Placeholders (`{{step:name}}`) are checked for their spelling here, and for a recorded
    /// value when the page is rendered.
    public static func checkProse(_ prose: LessonProse, lesson: String) throws(SiteError) {
        let intro = Markdown.Source(lesson: lesson, file: prose.file, firstLine: 1)
        try Placeholders.check(prose.introduction, source: intro)
        _ = try Markdown.render(prose.introduction, source: intro, topHeading: 2)
        for section in prose.sections {
            let source = Markdown.Source(lesson: lesson, file: prose.file, firstLine: section.line + 1)
            try Placeholders.check(section.body, source: source)
            _ = try Markdown.render(section.body, source: source, topHeading: 3)
        }
    }

    /// Checks the Sources page's prose (its sections and maths) and that every tutorial the
    /// lessons' prose names has a section there, before any lesson runs.
    public static func checkTutorials(_ tutorials: LessonProse, prose: [String: LessonProse]) throws(SiteError) {
        try checkProse(tutorials, lesson: "sources")
        try TutorialsPage.checkMentions(prose, introduced: try TutorialsPage.introduced(tutorials))
    }

    static func failureNotice(_ failures: [FailedLesson]) -> String {
        var html = "<div class=\"build-failures\" role=\"alert\"><p><strong>Not built.</strong> "
            + (failures.count == 1 ? "This lesson failed in this build and has" : "These lessons failed in this build and have")
            + " no page:</p><ul>"
        for failure in failures {
            html += "<li><code>\(esc(failure.lesson))</code>"
                + (failure.step.map { ", step <code>\(esc($0))</code>" } ?? "")
                + ": \(esc(failure.message))</li>"
        }
        return html + "</ul></div>"
    }
}

/// A lesson the build could not run, as the index reports it.
public struct FailedLesson: Sendable, Equatable {
    public var lesson: String
    public var step: String?
    public var message: String
    public init(lesson: String, step: String?, message: String) {
        self.lesson = lesson
        self.step = step
        self.message = message
    }
}
