/// Swift source to highlighted HTML, one self-contained fragment per source line.
///
/// Every token is escaped with `HTML.escape`; tokens of a kind worth colouring are wrapped in
/// `<span class="tk-KIND">` (see `cssClass(for:)`), and a token that spans lines (a block
/// comment, a multi-line string) is cut at each line break and wrapped again on the next line, so
/// that any line can be shown, or wrapped in its own element, alone.
///
/// Lines are separated by `\n`; a `\r` before it stays at the end of its line, outside any span.
/// A final `\n` ends the last line rather than starting an empty one, so `"a\nb\n"` has two lines
/// (the count editors and `wc -l` give) and `""` has none. Removing the tags and decoding the
/// entities of `lines(source)` joined with `\n` (plus the final `\n`, if `source` has one) gives
/// back `source` exactly, except control characters other than tab, `\r` and `\n`, which
/// `HTML.escape` replaces with U+FFFD because XML pages may not contain them.
public enum SwiftHighlighter {
    /// The class of the `<span>` around tokens of `kind`, or `nil` for text left unwrapped
    /// (identifiers, punctuation, whitespace).
    public static func cssClass(for kind: SwiftToken.Kind) -> String? {
        switch kind {
        case .keyword: "tk-kw"
        case .directive: "tk-dir"
        case .type: "tk-ty"
        case .number: "tk-num"
        case .string, .interpolation: "tk-str"
        case .comment: "tk-com"
        case .attribute: "tk-attr"
        case .operator: "tk-op"
        case .identifier, .punctuation, .whitespace: nil
        }
    }

    /// The highlighted HTML of every line of `source`.
    public static func lines(_ source: String) -> [String] {
        render(SwiftLexer.tokenize(source), indent: [])
    }

    /// The highlighted HTML of the 1-based `lines` of `source` (clamped to the lines it has), each
    /// with as much of `indent` removed from its start as it begins with.
    ///
    /// The whole source is lexed, so a range starting inside a block comment or a multi-line
    /// string is coloured as such.
    public static func lines(_ source: String, in lines: ClosedRange<Int>, strippingIndent indent: String = "") -> [String] {
        let all = render(SwiftLexer.tokenize(source), indent: Array(indent.unicodeScalars))
        let low = max(lines.lowerBound, 1)
        let high = min(lines.upperBound, all.count)
        guard low <= high else { return [] }
        return Array(all[(low - 1)..<high])
    }

    /// The lines of `tokens`, each with the leading part of `indent` it has removed.
    static func render(_ tokens: [SwiftToken], indent: [Unicode.Scalar]) -> [String] {
        var builder = LineBuilder(indent: indent)
        for token in tokens {
            // Split on scalars: as a Character, "\r\n" is one grapheme that is not equal to "\n".
            let pieces = token.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index > 0 { builder.endLine() }
                builder.append(piece, class: cssClass(for: token.kind))
            }
        }
        return builder.finish()
    }

    /// Collects the HTML of the current line and the finished lines before it.
    struct LineBuilder {
        let indent: [Unicode.Scalar]
        var lines: [String] = []
        var current = ""
        /// How much of `indent` the current line has matched so far, or `nil` once it stopped.
        var stripped: Int? = 0
        /// Whether the current line has any source text (HTML may be empty if it was all indent).
        var lineHasSource = false

        init(indent: [Unicode.Scalar]) {
            self.indent = indent
        }

        mutating func endLine() {
            lines.append(current)
            current = ""
            stripped = 0
            lineHasSource = false
        }

        /// Adds one line's piece of a token: the indent removed, escaped, wrapped, and a trailing
        /// `\r` (the first half of a `\r\n`) kept outside the span so a renderer can drop it.
        mutating func append(_ piece: Substring.UnicodeScalarView, class cssClass: String?) {
            if !piece.isEmpty { lineHasSource = true }
            var text = piece
            if let matched = stripped {
                var count = 0
                while matched + count < indent.count, let first = text.first, first == indent[matched + count] {
                    text.removeFirst()
                    count += 1
                }
                stripped = text.isEmpty ? matched + count : nil
            }
            var carriageReturn = false
            if text.last == "\r" {
                text.removeLast()
                carriageReturn = true
            }
            if !text.isEmpty {
                let escaped = HTML.escape(String(text))
                if let cssClass {
                    current += "<span class=\"\(cssClass)\">\(escaped)</span>"
                } else {
                    current += escaped
                }
            }
            if carriageReturn { current += "\r" }
        }

        /// The lines, without the empty one a final line break would otherwise start.
        mutating func finish() -> [String] {
            if lineHasSource { lines.append(current) }
            return lines
        }
    }
}
