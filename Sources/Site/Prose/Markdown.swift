import CMarkGFM

/// Prose Markdown to HTML through cmark-gfm (with GitHub tables), with `$...$` and `$$...$$`
/// maths turned into MathML.
///
/// Maths is cut out before cmark sees it and put back after, because Markdown would read the
/// `_` and `*` of TeX as emphasis. cmark runs with its safe default options, so raw HTML in
/// prose is dropped rather than passed through.
enum Markdown {
    /// Where a piece of prose comes from, for error messages.
    struct Source {
        var lesson: String
        var file: String
        /// The file line of the text's first line.
        var firstLine: Int
    }

    /// The HTML of `text`, with headings renumbered so the shallowest becomes `<h\(topHeading)>`.
    /// With `linkTutorials`, each name of a source tutorial links to the Sources page.
    static func render(_ text: String, source: Source, topHeading: Int,
                       linkTutorials: Bool = false) throws(SiteError) -> String {
        try rejectUnsafeText(text, source: source)
        let (protected, maths) = try MathExtraction.extract(text, source: source)
        var html = cmarkHTML(protected, linkTutorials: linkTutorials)
        html = shiftHeadings(html, top: topHeading)
        html = html.replacingOccurrences(of: "<table>", with: "<div class=\"table-wrap\"><table>")
            .replacingOccurrences(of: "</table>", with: "</table></div>")
        // Back to front, so `XXMATH1XX` is not found inside `XXMATH12XX`'s replacement (it cannot be,
        // but the order also keeps replacement cost linear in practice).
        for (index, math) in maths.enumerated().reversed() {
            let token = MathExtraction.token(index)
            let rendered: String
            do {
                rendered = try TeX.mathML(math.tex, display: math.display)
            } catch {
                throw .tex(lesson: source.lesson, file: source.file, line: math.line,
                           formula: math.tex, message: error.message)
            }
            if math.display {
                html = html.replacingOccurrences(of: "<p>\(token)</p>", with: "<div class=\"math-display\">\(rendered)</div>")
            }
            html = html.replacingOccurrences(of: token, with: rendered)
        }
        return html
    }

    /// The pages work offline from `file://`: a link that needs the internet is a build error. So
    /// is a control character (a `\b` of TeX that an editor or script turned into a backspace),
    /// which would otherwise reach the page as a stray glyph.
    private static func rejectUnsafeText(_ text: String, source: Source) throws(SiteError) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let control = line.unicodeScalars.first(where: { $0.value < 32 && $0 != "\t" && $0 != "\r" }) {
                throw .prose(lesson: source.lesson, file: source.file, line: source.firstLine + number,
                             message: "control character U+\(String(format: "%04X", control.value)) in prose (a TeX backslash lost?)")
            }
            let lower = line.lowercased()
            if lower.contains("http://") || lower.contains("https://") || lower.contains("//www.") {
                throw .prose(lesson: source.lesson, file: source.file, line: source.firstLine + number,
                             message: "external URL in prose (the site must work offline)")
            }
        }
    }

    static func cmarkHTML(_ markdown: String, linkTutorials: Bool = false) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        // CMARK_OPT_DEFAULT (0): no CMARK_OPT_UNSAFE, so raw HTML and javascript: links are omitted.
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        if linkTutorials { TutorialLinks.link(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Renumbers `<hN>` tags so the document's shallowest heading becomes `<h\(top)>`, keeping
    /// the page's outline in order under the page's own headings.
    static func shiftHeadings(_ html: String, top: Int) -> String {
        let levels = (1...6).filter { html.contains("<h\($0)>") }
        guard let shallowest = levels.first, shallowest != top else { return html }
        let shift = top - shallowest
        var out = html
        // Deepest first when moving down, shallowest first when moving up, so no tag is moved twice.
        let order = shift > 0 ? levels.reversed() : levels
        for level in order {
            let target = min(6, max(1, level + shift))
            out = out.replacingOccurrences(of: "<h\(level)>", with: "<h\(target)>")
                .replacingOccurrences(of: "</h\(level)>", with: "</h\(target)>")
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
