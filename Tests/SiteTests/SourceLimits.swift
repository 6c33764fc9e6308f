@testable import Site

/// The size rules of the project's own sources (issue 18): no `.swift` file over `maximumFileLines`
/// lines, and no function, initializer, accessor or closure body over `maximumBodyLines` lines, so
/// that each file and each body can be read as one piece.
///
/// Bodies are found on `SwiftLexer` tokens by `DeclarationScanner`'s bracket pairing, so braces in
/// strings and comments do not count. Type bodies (`struct`, `class`, `enum`, `protocol`, `actor`,
/// `extension`) are bounded by the file rule instead, and the blocks of `if`, `guard`, `for`,
/// `while`, `switch`, `do`, `catch`, `repeat` and `defer` by the body around them.
enum SourceLimits {
    static let maximumFileLines = 400
    static let maximumBodyLines = 100

    /// A body with its first line (that of its `{`) and its length, the `{` and `}` lines included.
    struct Body: Equatable, CustomStringConvertible {
        /// What it is: `func run`, `init`, `closure`, `accessor get`, `var name`...
        var what: String
        var line: Int
        var lines: Int

        var description: String { "\(what) at line \(line): \(lines) lines" }
    }

    /// The number of lines of `text`, counted as `wc -l` does (line breaks, plus a last line
    /// without one).
    static func lineCount(of text: String) -> Int {
        var breaks = 0
        for byte in text.utf8 where byte == 0x0A { breaks += 1 }
        return breaks + (text.isEmpty || text.utf8.last == 0x0A ? 0 : 1)
    }

    /// Every function, initializer, accessor and closure body of `text`, in source order.
    static func bodies(in text: String) -> [Body] {
        let scanner = DeclarationScanner(tokens: SwiftLexer.tokenize(text))
        let sig = scanner.sig
        // What each `{` (by index in `sig`) opens, when a declaration or a statement names it.
        var owner: [Int: String] = [:]
        var skipped: Set<Int> = []
        for index in sig.indices {
            let token = sig[index].token
            if let kind = scanner.declarationKind(at: index) {
                let (end, body) = scanner.extent(from: index, kind: kind)
                let name = scanner.names(at: index, kind: kind, end: end).first?.0 ?? ""
                if kind.isTypeLike {
                    if let body { skipped.insert(body) }
                } else if let body {
                    owner[body] = kind == .function ? "func \(name)" : kind.rawValue
                } else if kind == .var || kind == .subscript, let brace = firstBrace(after: index, through: end, in: scanner) {
                    owner[brace] = kind == .var ? "var \(name)" : "subscript"
                }
            } else if token.kind == .keyword, controlFlow.contains(token.text),
                      !(index > 0 && sig[index - 1].isPunctuation(".")),
                      let brace = firstBrace(after: index, through: sig.count - 1, in: scanner) {
                skipped.insert(brace)
            }
        }
        var found: [Body] = []
        for index in sig.indices where sig[index].isPunctuation("{") && !skipped.contains(index) {
            guard let close = scanner.partner[index] else { continue }
            var what = owner[index] ?? "closure"
            if owner[index] == nil, index > 0, accessors.contains(sig[index - 1].text) {
                what = "accessor \(sig[index - 1].text)"
            }
            let line = sig[index].token.line
            found.append(Body(what: what, line: line, lines: sig[close].token.line - line + 1))
        }
        return found
    }

    /// The bodies of `text` longer than `maximumBodyLines`.
    static func longBodies(in text: String) -> [Body] {
        bodies(in: text).filter { $0.lines > maximumBodyLines }
    }

    /// Statements whose first `{` opens a block rather than a function or closure.
    static let controlFlow: Set<String> = ["if", "guard", "else", "for", "while", "repeat", "switch", "do", "catch", "defer"]
    static let accessors: Set<String> = ["get", "set", "willSet", "didSet", "_read", "_modify", "init"]

    /// The first `{` after `sig[start]`, up to `sig[end]`, outside any `(...)` or `[...]`.
    static func firstBrace(after start: Int, through end: Int, in scanner: DeclarationScanner) -> Int? {
        var j = start + 1
        while j <= end && j < scanner.sig.count {
            if scanner.sig[j].isPunctuation("{") { return j }
            if scanner.sig[j].isPunctuation("}") { return nil }
            if scanner.isOpener(j), let close = scanner.partner[j] { j = close }
            j += 1
        }
        return nil
    }
}
