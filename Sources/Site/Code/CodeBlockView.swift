/// One extracted piece of source as HTML: a `<figure class="code">` whose caption names the
/// symbol, the file and the lines, and whose `<pre class="code-block">` holds one
/// `<span class="line" data-line="N">` per source line.
///
/// Line numbers come from CSS (`.code-block .line::before { content: attr(data-line) }`), so they
/// are not part of the text a reader selects and copies. The `<pre>` is focusable and labelled
/// because it scrolls sideways (lines never wrap), and keyboard users must be able to scroll it.
/// A block longer than `collapseThreshold` lines sits in a closed `<details>`, which opens
/// without JavaScript.
public enum CodeBlockView {
    /// Blocks with more lines than this start collapsed.
    public static let collapseThreshold = 30

    /// The figure for `range` of `source`, the text of the file at `path` (relative to the
    /// package root), extracted for `symbol`.
    public static func render(symbol: String, path: String, source: String, range: CodeRange) -> String {
        let lines = SwiftHighlighter.lines(source, in: range.lines, strippingIndent: range.indent).map { line in
            // The highlighter keeps the `\r` of a `\r\n` at the very end, outside any span.
            line.hasSuffix("\r") ? String(line.unicodeScalars.dropLast()) : line
        }
        let first = max(range.lines.lowerBound, 1)
        let last = first + max(lines.count, 1) - 1
        let span = first == last ? "line \(first)" : "lines \(first)-\(last)"
        let place = "\(path), \(span)"
        let digits = String(last).count
        var code = ""
        for (offset, line) in lines.enumerated() {
            if offset > 0 { code += "\n" }
            code += "<span class=\"line\" data-line=\"\(first + offset)\">\(line)</span>"
        }
        // A named region, since ARIA allows no name on a `pre`'s own (generic) role.
        let label = esc("Source of \(symbol), \(place)")
        var block = "<pre class=\"code-block\" role=\"region\" tabindex=\"0\" aria-label=\"\(label)\">"
            + "<code class=\"language-swift digits-\(digits)\">\(code)</code></pre>"
        if lines.count > collapseThreshold {
            block = "<details class=\"code-details\"><summary>Show <code>\(esc(symbol))</code> (\(lines.count) lines)</summary>"
                + block + "</details>"
        }
        let caption = "<code class=\"code-symbol\">\(esc(symbol))</code> "
            + "<span class=\"code-place\">\(esc(path)), <span class=\"code-lines\">\(span)</span></span>"
        return "<figure class=\"code\"><figcaption>\(caption)</figcaption>\(block)</figure>"
    }

    /// The figure for `symbol` (see `DeclarationFinder` for the syntax) in `source`, the text of
    /// the file at `path`.
    public static func render(symbol: String, path: String, source: String) throws(CodeReferenceError) -> String {
        render(symbol: symbol, path: path, source: source,
               range: try DeclarationFinder.find(symbol, in: source, file: path))
    }
}
