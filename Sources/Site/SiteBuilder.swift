import Lessons

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
    public static func build(records: [LessonRecord], prose: [String: LessonProse], assets: SiteAssets) throws(SiteError) -> [SiteFile] {
        var seen = Set<String>()
        for record in records {
            guard seen.insert(record.id).inserted else { throw .duplicateLesson(id: record.id) }
        }
        let ordered = courseOrder(records)
        var files: [SiteFile] = [
            SiteFile(path: "index.html", text: IndexPage.render(ordered)),
            SiteFile(path: "assets/style.css", text: assets.css),
            SiteFile(path: "assets/stepper.js", text: assets.js),
        ]
        for (index, record) in ordered.enumerated() {
            let neighbours = LessonPage.Neighbours(previous: index > 0 ? ordered[index - 1] : nil,
                                                   next: index + 1 < ordered.count ? ordered[index + 1] : nil)
            let page = try LessonPage.render(record, prose: prose[record.id], number: index + 1, neighbours: neighbours)
            files.append(SiteFile(path: LessonPage.fileName(record.id), text: page.html))
            files += page.files
        }
        return files.sorted { $0.path < $1.path }
    }
}
