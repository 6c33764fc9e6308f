import LessonRecords

/// The course: the core track, then the applied lessons, then the pitfalls, each lesson as a
/// card with its thumbnail, summary and headline figure.
enum IndexPage {
    static func render(_ ordered: [LessonRecord]) -> String {
        var main = "<main id=\"main\" class=\"course\">"
        main += "<header class=\"course-header\"><h1>Neural networks from scratch</h1>"
            + "<p class=\"summary\">Every lesson runs a small, seeded network and shows each step it took: the tensors with their shapes, "
            + "the network as the step left it, the gradients, and the curves. Follow the core track in order, then try the applied lessons.</p></header>"
        var number = 0
        for track in Track.allCases {
            let lessons = ordered.filter { $0.track == track }
            guard !lessons.isEmpty else { continue }
            main += "<section class=\"track track-\(track.rawValue)\" aria-labelledby=\"track-\(track.rawValue)\">"
            main += "<h2 id=\"track-\(track.rawValue)\">\(esc(PageShell.trackName(track)))</h2><p class=\"track-blurb\">\(esc(blurb(track)))</p>"
            main += "<ol class=\"cards\">"
            for lesson in lessons {
                number += 1
                main += "<li class=\"card\"><div class=\"thumb\">\(Thumbnail.render(lesson))</div><div class=\"card-body\">"
                main += "<p class=\"card-number\">Lesson \(number)</p>"
                main += "<h3><a href=\"\(LessonPage.fileName(lesson.id))\">\(esc(lesson.title))</a></h3>"
                main += "<p class=\"card-summary\">\(esc(lesson.summary))</p>"
                if let headline = lesson.headline {
                    main += "<p class=\"headline\"><span class=\"headline-label\">\(esc(headline.label))</span> <span class=\"headline-value\">\(esc(PageShell.headline(headline)))</span></p>"
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

/// A card's picture: the lesson's last chart, else its first network or graph, else a heatmap of
/// its largest tensor.
enum Thumbnail {
    static func render(_ lesson: LessonRecord) -> String {
        if let chart = lesson.steps.flatMap(\.charts).last { return ChartSVG.thumbnail(chart) }
        if let network = lesson.steps.flatMap(\.networks).first {
            return NetworkSVG.render(network, phase: .none, edges: .weights, caption: "the network")
        }
        if let graph = lesson.steps.flatMap(\.graphs).first { return GraphSVG.render(graph) }
        let tensors = lesson.steps.flatMap(\.tensors).filter { ($0.values?.count ?? 0) > 1 || $0.preview != nil }
        if let tensor = tensors.max(by: { $0.stats.count < $1.stats.count }) {
            let (rows, columns) = TensorView.matrixShape(tensor.shape)
            if let values = tensor.values, values.count == rows * columns {
                let limit = values.filter(\.isFinite).map(abs).max() ?? 0
                return HeatmapSVG.render(title: tensor.name, desc: "Heatmap of \(tensor.name)", rows: rows, columns: columns, values: values, limit: limit, cellLabel: tensor.name)
            }
            if let preview = tensor.preview, preview.values.count == preview.rows * preview.columns {
                let limit = preview.values.filter(\.isFinite).map(abs).max() ?? 0
                return HeatmapSVG.render(title: tensor.name, desc: "Heatmap of \(tensor.name)", rows: preview.rows, columns: preview.columns, values: preview.values, limit: limit, cellLabel: tensor.name)
            }
        }
        return "<svg class=\"thumb-blank\" viewBox=\"0 0 240 130\" width=\"240\" height=\"130\" role=\"img\"><title>\(esc(lesson.title))</title><desc>No figure</desc>"
            + "<rect x=\"0\" y=\"0\" width=\"240\" height=\"130\" fill=\"#eef2f6\"/></svg>"
    }
}
