/// Splits Swift source into `SwiftToken`s whose texts, concatenated, give back the input exactly.
///
/// It is a highlighter's lexer, not the compiler's: it never fails. Malformed source (an
/// unterminated string or comment, a stray character) still becomes tokens, and every step
/// consumes input or closes a literal, so it ends on any input. Nesting (interpolations inside
/// strings inside interpolations...) is kept on an explicit stack, never the call stack, so deep
/// nesting cannot overflow it.
public struct SwiftLexer {
    /// Where the lexer is: in code (at the top or inside a `\( ... )`) or inside a string's text.
    enum Frame {
        /// Inside a string literal of this form.
        case string(StringForm)
        /// Inside an interpolation, `depth` parentheses deep; one in a single-line string ends
        /// at the end of the line, as the compiler's does.
        case interpolation(depth: Int, singleLine: Bool)
    }

    /// The delimiters of a string literal: `"`, `"""`, `'`, with `hashes` `#` for raw strings.
    struct StringForm {
        var quote: Unicode.Scalar
        var hashes: Int
        var multiline: Bool
    }

    let scalars: [Unicode.Scalar]
    /// The source's UTF-8 bytes, and where each scalar starts in them (plus the end), so that a
    /// token's text is one copy of bytes rather than scalars appended one by one.
    let utf8: [UInt8]
    let offsets: [Int]
    var pos = 0
    var line = 1
    var tokens: [SwiftToken] = []
    var frames: [Frame] = []

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
        utf8 = Array(source.utf8)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.offsets = offsets
    }

    /// The tokens of `source`, in order; their texts concatenated equal `source`.
    public static func tokenize(_ source: String) -> [SwiftToken] {
        var lexer = SwiftLexer(source)
        lexer.run()
        return lexer.tokens
    }

    mutating func run() {
        while pos < scalars.count {
            let (start, depth) = (pos, frames.count)
            if case .string(let form)? = frames.last {
                lexStringText(form, segmentStart: pos)
            } else {
                lexCode()
            }
            // Every step must consume input or close a frame; this guard makes that certain.
            if pos == start && frames.count >= depth {
                emit(.punctuation, to: pos + 1)
            }
        }
    }

    /// Appends the token `pos..<end` (nothing if empty) and moves `pos` to `end`.
    mutating func emit(_ kind: SwiftToken.Kind, to end: Int) {
        emit(kind, from: pos, to: end)
    }

    /// Appends the token `start..<end` (nothing if empty) and moves `pos` to `end`.
    mutating func emit(_ kind: SwiftToken.Kind, from start: Int, to end: Int) {
        let end = min(end, scalars.count)
        pos = max(pos, end)
        guard start < end else { return }
        let text = String(decoding: utf8[offsets[start]..<offsets[end]], as: UTF8.self)
        let token = SwiftToken(kind: kind, text: text, line: line)
        tokens.append(token)
        line = token.endLine
    }

    func scalar(at index: Int) -> Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    /// One token of code at `pos`; handles the parentheses that close interpolations.
    mutating func lexCode() {
        let c = scalars[pos]
        if case .interpolation(let depth, let singleLine)? = frames.last {
            if singleLine && Self.isNewline(c) {
                // The line ends an unterminated interpolation and its string: back to outer code.
                frames.removeLast(2)
                return
            }
            if c == "(" {
                frames[frames.count - 1] = .interpolation(depth: depth + 1, singleLine: singleLine)
            } else if c == ")" {
                if depth == 0 {
                    frames.removeLast()
                    emit(.interpolation, to: pos + 1)
                    return
                }
                frames[frames.count - 1] = .interpolation(depth: depth - 1, singleLine: singleLine)
            }
        }
        lexCodeToken(c)
    }

    mutating func lexCodeToken(_ c: Unicode.Scalar) {
        let next = scalar(at: pos + 1)
        switch c {
        case "\n":
            emit(.whitespace, to: pos + 1)
        case "\r":
            emit(.whitespace, to: next == "\n" ? pos + 2 : pos + 1)
        case _ where Self.isHorizontalSpace(c):
            var end = pos + 1
            while end < scalars.count && Self.isHorizontalSpace(scalars[end]) { end += 1 }
            emit(.whitespace, to: end)
        case "/" where next == "/":
            var end = pos + 2
            while end < scalars.count && !Self.isNewline(scalars[end]) { end += 1 }
            emit(.comment, to: end)
        case "/" where next == "*":
            lexBlockComment()
        case "\"", "'":
            openString(hashes: 0, quoteAt: pos)
        case "#":
            lexHash()
        case "@" where next.map(Self.isIdentifierHead) ?? false:
            emit(.attribute, to: identifierEnd(from: pos + 1))
        case "`":
            lexBacktick()
        case "0"..."9":
            lexNumber()
        case _ where Self.isIdentifierHead(c):
            let end = identifierEnd(from: pos)
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[pos..<end])
            emit(Self.classify(text, firstLetter: c), to: end)
        case ".":
            if let next, next == "." || Self.isOperatorCharacter(next) {
                emit(.operator, to: operatorEnd(from: pos + 1, allowDots: true))
            } else {
                emit(.punctuation, to: pos + 1)
            }
        case _ where Self.isOperatorCharacter(c):
            emit(.operator, to: operatorEnd(from: pos + 1, allowDots: false))
        default:
            emit(.punctuation, to: pos + 1)
        }
    }

    /// A `/* */` comment; Swift's block comments nest. Unterminated, it runs to the end.
    mutating func lexBlockComment() {
        var depth = 0
        var i = pos
        while i < scalars.count {
            if scalars[i] == "/" && scalar(at: i + 1) == "*" {
                depth += 1
                i += 2
            } else if scalars[i] == "*" && scalar(at: i + 1) == "/" {
                depth -= 1
                i += 2
                if depth == 0 { break }
            } else {
                i += 1
            }
        }
        emit(.comment, to: i)
    }

    /// `#if`/`#selector` (a directive), `#"raw"#`, `#/regex/#`, or a lone `#`.
    mutating func lexHash() {
        var end = pos
        while end < scalars.count && scalars[end] == "#" { end += 1 }
        let hashes = end - pos
        switch scalar(at: end) {
        case "\""?:
            openString(hashes: hashes, quoteAt: end)
        case "/"?:
            lexExtendedRegex(hashes: hashes, slashAt: end)
        case let next? where hashes == 1 && Self.isIdentifierHead(next):
            emit(.directive, to: identifierEnd(from: end))
        default:
            emit(.punctuation, to: pos + 1)
        }
    }

    /// `#/ ... /#`: the text up to a `/` followed by as many `#` (or the end of the input).
    mutating func lexExtendedRegex(hashes: Int, slashAt slash: Int) {
        var i = slash + 1
        while i < scalars.count {
            if scalars[i] == "\\" {
                i += 2
                continue
            }
            if scalars[i] == "/" && countHashes(from: i + 1, upTo: hashes) == hashes {
                i += 1 + hashes
                break
            }
            i += 1
        }
        emit(.string, to: i)
    }

    /// A `` `name` `` identifier when it closes on the same line; otherwise a lone backtick.
    mutating func lexBacktick() {
        var end = pos + 1
        while end < scalars.count && scalars[end] != "`" && !Self.isNewline(scalars[end]) { end += 1 }
        guard end < scalars.count, scalars[end] == "`", end > pos + 1 else {
            emit(.punctuation, to: pos + 1)
            return
        }
        emit(Self.isUppercase(scalars[pos + 1]) ? .type : .identifier, to: end + 1)
    }

    /// How many `#` follow `index`, counting at most `limit`.
    func countHashes(from index: Int, upTo limit: Int) -> Int {
        var count = 0
        while count < limit && scalar(at: index + count) == "#" { count += 1 }
        return count
    }

    func identifierEnd(from start: Int) -> Int {
        var end = start
        while end < scalars.count && Self.isIdentifierCharacter(scalars[end]) { end += 1 }
        return end
    }

    /// The end of an operator run. Only an operator that starts with a dot may contain dots, and
    /// `//` or `/*` always starts a comment, even in the middle of an operator.
    func operatorEnd(from start: Int, allowDots: Bool) -> Int {
        var end = start
        while end < scalars.count {
            let c = scalars[end]
            if c == "/" && (scalar(at: end + 1) == "/" || scalar(at: end + 1) == "*") { break }
            if c == "." ? !allowDots : !(Self.isOperatorCharacter(c) || Self.isOperatorCombiningMark(c)) { break }
            end += 1
        }
        return end
    }
}
