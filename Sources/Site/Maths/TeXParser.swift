/// Reads one TeX formula and writes it as MathML, a recursive descent over `TeXToken`s with the
/// current font and nesting depth as state. Its parts, by concern: tokens (`TeXParser+Tokens`),
/// the structure of sequences, scripts and atoms (`+Structure`), commands (`+Commands`),
/// environments (`+Environments`) and the MathML it writes (`+MathML`).
struct TeXParser {
    let chars: [Character]
    let display: Bool
    var pos = 0
    var font = TeXFont.normal
    /// Groups, arguments and environments open around the current position.
    var depth = 0
    /// Deeper nesting is refused rather than recursed into: 8,000 nested braces overflowed the
    /// stack (found while fuzzing the prose front end, see docs/fuzzing.md). A brace costs two
    /// levels, a `\frac` argument three; real formulas use a handful.
    static let maximumDepth = 200

    /// Counts one more level of nesting; undo with `depth -= 1`.
    mutating func enter(at offset: Int) throws(TeXError) {
        guard depth < Self.maximumDepth else {
            throw TeXError(message: "formula nested too deeply", offset: offset)
        }
        depth += 1
    }

    init(source: String, display: Bool) {
        self.chars = Array(source)
        self.display = display
    }
}
