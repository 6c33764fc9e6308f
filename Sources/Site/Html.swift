/// Escaping for text that goes into HTML, SVG or MathML, whether as content or as an attribute.
///
/// Every string that comes from a record or from prose passes through here; only markup the Site
/// target builds itself (and cmark's output, which cmark escapes) is written unescaped.
enum HTML {
    /// `text` with the five XML-significant characters replaced by entities that every HTML and
    /// XML parser knows (no `&nbsp;`-style names, so the pages also parse as XML).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A string usable as an `id` or class fragment: letters, digits, `-` and `_` kept, the rest `-`.
    static func slug(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }
}

/// Shorthand for `HTML.escape`, used in string interpolation all over the renderers.
func esc(_ text: String) -> String { HTML.escape(text) }
