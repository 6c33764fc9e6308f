/// One piece of Swift source as `SwiftLexer` cuts it: the texts of a file's tokens, concatenated
/// in order, are the file's text exactly.
public struct SwiftToken: Equatable, Sendable {
    /// What a token is, as far as highlighting and declaration finding need to know.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// A keyword, including contextual ones (`func`, `let`, `mutating`, `some`, `self`, `nil`...).
        case keyword
        /// A `#` directive or macro: `#if`, `#endif`, `#filePath`, `#selector`.
        case directive
        /// An identifier starting with an uppercase letter: a type, by Swift's naming convention.
        case type
        /// Any other identifier, including `` `backticked` `` ones, `$0` and `_`.
        case identifier
        /// An integer or floating-point literal: `1_000`, `0x7FF0_0000`, `1.5e-3`, `0b1010`.
        case number
        /// A piece of a string literal (or a `'...'` / `#/regex/#` literal), delimiters included;
        /// an interpolated string is several of these around its interpolations.
        case string
        /// The `\(` that opens a string interpolation, or the `)` that closes it.
        case interpolation
        /// A `//`, `///`, `/* */` (nested) or `/** */` comment.
        case comment
        /// An attribute's `@name` (its arguments, if any, are ordinary tokens).
        case attribute
        /// A run of operator characters: `+`, `->`, `...`, `..<`, `&+`, `?`.
        case `operator`
        /// Brackets, braces, parentheses, `,` `:` `;` `.`, and any character Swift does not allow.
        case punctuation
        /// Spaces and tabs, or one line break (`\n`, `\r\n` or `\r`).
        case whitespace
    }

    /// What the token is.
    public let kind: Kind
    /// The token's exact source text.
    public let text: String
    /// The 1-based line on which the token starts (lines are separated by `\n`).
    public let line: Int

    /// The line on which the token ends: later than `line` for block comments, multi-line strings
    /// and line breaks.
    public let endLine: Int

    /// A token of `kind` with `text`, starting on `line`.
    public init(kind: Kind, text: String, line: Int) {
        self.kind = kind
        self.text = text
        self.line = line
        var breaks = 0
        for byte in text.utf8 where byte == 0x0A { breaks += 1 }
        endLine = line + breaks
    }

    /// Whether this is a comment or whitespace, which the compiler skips.
    public var isTrivia: Bool { kind == .comment || kind == .whitespace }
}
