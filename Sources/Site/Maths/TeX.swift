/// TeX maths to MathML Core at build time, for the subset the lessons use, so pages need no
/// script to show formulas (Chromium and Firefox render MathML natively).
///
/// Anything outside the subset is an error rather than a guess: a formula that silently renders
/// wrong teaches the wrong thing.
public enum TeX {
    /// The `<math>` element for `source` (without the `$` delimiters). The TeX is kept as an
    /// annotation so copy and paste and screen readers can fall back to it.
    public static func mathML(_ source: String, display: Bool) throws(TeXError) -> String {
        var parser = TeXParser(source: source, display: display)
        let body = try parser.parseFormula()
        return "<math display=\"\(display ? "block" : "inline")\"><semantics>\(body)"
            + "<annotation encoding=\"application/x-tex\">\(esc(source))</annotation></semantics></math>"
    }
}
