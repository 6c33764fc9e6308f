import LessonRecords

/// The frame every page shares: head, skip link, site header and footer slot.
enum PageShell {
    static let siteName = "ScratchNet"
    static let tagline = "Neural networks from scratch, one step at a time"

    static func page(title: String, description: String, bodyClass: String, main: String, footer: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(esc(title))</title>
        <meta name="description" content="\(esc(description))"/>
        <link rel="stylesheet" href="assets/style.css"/>
        <script src="assets/stepper.js" defer="defer"></script>
        </head>
        <body class="\(bodyClass)">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header"><a class="site-name" href="index.html">\(siteName)</a><span class="site-tagline">\(esc(tagline))</span></header>
        \(main)
        \(footer)
        </body>
        </html>

        """
    }

    /// A track's name as the pages write it.
    static func trackName(_ track: Track) -> String {
        switch track {
        case .core: "Core track"
        case .applied: "Applied lessons"
        case .pitfalls: "Pitfalls"
        }
    }

    static func headline(_ headline: Headline) -> String {
        format(headline.value, headline.format)
    }

    /// The headline paragraph of a card or a lesson header: the label, the figure, and the
    /// baseline it is to be read against.
    static func headlineHTML(_ headline: Headline) -> String {
        var html = "<p class=\"headline\"><span class=\"headline-label\">\(esc(headline.label))</span> "
            + "<span class=\"headline-value\">\(esc(self.headline(headline)))</span>"
        if let comparison = headline.comparison {
            html += " <span class=\"headline-comparison\">(\(esc(comparison.label)): \(esc(format(comparison.value, headline.format))))</span>"
        }
        return html + "</p>"
    }

    private static func format(_ value: Double, _ format: Headline.Format) -> String {
        format == .percent ? Num.percent(value) : Num.format(value)
    }
}
