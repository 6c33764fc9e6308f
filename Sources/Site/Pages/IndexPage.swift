import LessonRecords

/// The course: the core track, then the applied lessons, then the pitfalls, each lesson as a
/// card with its thumbnail, summary and headline figure.
enum IndexPage {
    /// With `tutorialsPage` the header links to the Sources page.
    static func render(_ ordered: [LessonRecord], tutorialsPage: Bool = false) -> String {
        var main = "<main id=\"main\" class=\"course\">"
        main += "<header class=\"course-header\"><h1>Neural networks from scratch</h1>"
            + "<p class=\"summary\">Every lesson runs a small, seeded network and shows each step it took: the tensors with their shapes, "
            + "the network as the step left it, the gradients, and the curves. Follow the core track in order, then try the applied lessons.</p>"
            + (tutorialsPage ? "<p class=\"sources-link\">The course follows five published tutorials: <a href=\"\(TutorialLinks.page)\">what each one covers and which lessons draw on it</a>.</p>" : "")
            + "</header>"
        var number = 0
        for track in Track.allCases {
            let lessons = ordered.filter { $0.track == track }
            guard !lessons.isEmpty else { continue }
            main += "<section class=\"track track-\(track.rawValue)\" aria-labelledby=\"track-\(track.rawValue)\">"
            main += "<h2 id=\"track-\(track.rawValue)\">\(esc(PageShell.trackName(track)))</h2><p class=\"track-blurb\">\(esc(blurb(track)))</p>"
            main += "<ol class=\"cards\">"
            for lesson in lessons {
                number += 1
                main += "<li class=\"card\">\(Thumbnail.render(lesson))<div class=\"card-body\">"
                main += "<p class=\"card-number\">Lesson \(number)</p>"
                main += "<h3><a href=\"\(LessonPage.fileName(lesson.id))\">\(esc(lesson.title))</a></h3>"
                main += "<p class=\"card-summary\">\(esc(lesson.summary))</p>"
                if let headline = lesson.headline {
                    main += PageShell.headlineHTML(headline)
                }
                main += "<p class=\"card-steps\">\(lesson.steps.count) step\(lesson.steps.count == 1 ? "" : "s")</p>"
                main += "</div></li>"
            }
            main += "</ol></section>"
        }
        main += "</main>"
        let footer = "<footer class=\"provenance\"><p>Built by <code>scratchnet build</code>. Each lesson page names the seed and the command that reproduce it, "
            + "and links to its recorded numbers.</p></footer>"
        return PageShell.page(title: "\(PageShell.siteName): \(PageShell.tagline)",
                              description: "A course that builds neural networks from scratch and shows every step on a real, seeded network.",
                              bodyClass: "index-page", main: main, footer: footer)
    }

    private static func blurb(_ track: Track) -> String {
        switch track {
        case .core: "From one neuron to a checked backward pass, all on one small network that predicts exam scores."
        case .applied: "One lesson per source tutorial, on real data: the same ideas at full size."
        case .pitfalls: "The mistakes the tutorials make, reproduced on purpose and caught."
        }
    }
}
