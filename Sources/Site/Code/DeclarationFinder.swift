/// Finds the lines of one declaration, or of one marked region, in a Swift file, so that a lesson
/// page can show the exact source that ran.
///
/// Symbol syntax:
/// - `name`: a declaration named `name` at file scope or inside a type or extension body (not a
///   local inside a function or closure), of kind `func`, `init`, `deinit`, `subscript`,
///   `struct`, `class`, `enum`, `protocol`, `actor`, `typealias`, `associatedtype`, `var`, `let`,
///   `case` or `macro`. If one match is at file scope and others are nested, the file-scope one wins.
/// - `Outer.name`, `Outer.Inner.name`: a member declared in the body of type `Outer` (or of
///   `Outer.Inner`); the body of an `extension Outer { ... }` counts as `Outer`'s.
/// - `name(label:_:label2:)`: only the overload with exactly these argument labels, spelled as
///   Swift selectors are (`init(weight:bias:suffix:)`, `subscript(_:)`, `case value(_:)`, `f()`).
/// - `func name`, `struct Name`, `var name`, `case name`...: only declarations of that kind.
/// - `extension Name`, `extension Outer.Inner`: the extension itself, keyword included.
/// - `code:NAME`: the lines between a line comment `// code: NAME` and the next line comment
///   `// end code` (both marker lines excluded; regions do not nest), returned with their
///   common indentation in `CodeRange.indent` so that a renderer can remove it.
///
/// A declaration's range runs from its doc comment (`///` lines or a `/** */` directly above,
/// with no blank line between) or else its first attribute or modifier, through the closing
/// brace of its body; one without a body (a stored `let`, a protocol requirement, a `case`) ends
/// with its statement, which goes on while brackets are open or a line continues it. Braces are
/// counted on `SwiftLexer` tokens, so those inside strings, interpolations and comments do not
/// count.
public enum DeclarationFinder {
    /// The lines of `symbol` in `text`, the contents of the file at `file` (a path relative to
    /// the package root, used in error messages only).
    public static func find(_ symbol: String, in text: String, file: String) throws(CodeReferenceError) -> CodeRange {
        let parsed: CodeSymbol
        do {
            parsed = try CodeSymbol.parse(symbol)
        } catch {
            throw .malformedSymbol(symbol: symbol, file: file, reason: error.reason)
        }
        let tokens = SwiftLexer.tokenize(text)
        switch parsed.target {
        case .region(let name):
            return try region(name, symbol: symbol, tokens: tokens, text: text, file: file)
        case let .declaration(kind, path, name, labels):
            let all = DeclarationScanner(tokens: tokens).declarations()
            var matching = all.filter { declaration in
                (kind == nil ? declaration.kind != .extension : declaration.kind == kind)
                    && declaration.name == name
                    && (labels == nil || declaration.labels == labels)
                    && declaration.parents.count >= path.count
                    && Array(declaration.parents.suffix(path.count)) == path
            }
            if matching.count > 1 {
                let exact = matching.filter { $0.parents == path }
                if exact.count == 1 { matching = exact }
            }
            guard matching.count == 1, let found = matching.first else {
                if matching.isEmpty {
                    let similar = suggestions(for: name, among: all.map(\.name)) {
                        "\(all[$0].displayName) (line \(all[$0].keywordLine))"
                    }
                    throw .notFound(symbol: symbol, file: file, suggestions: similar)
                }
                throw .ambiguous(symbol: symbol, file: file,
                                 candidates: matching.map { "\($0.displayName) (line \($0.keywordLine))" })
            }
            return CodeRange(lines: found.firstLine...max(found.firstLine, found.lastLine))
        }
    }

    /// A `// code: NAME` ... `// end code` region.
    static func region(_ name: String, symbol: String, tokens: [SwiftToken], text: String,
                       file: String) throws(CodeReferenceError) -> CodeRange {
        var starts: [(name: String, line: Int, index: Int)] = []
        var ends: [(line: Int, index: Int)] = []
        for (index, token) in tokens.enumerated() where token.kind == .comment && token.text.hasPrefix("//") {
            let body = String(token.text.dropFirst(2)).trimmingSpaces()
            if body.hasPrefix("code:") {
                starts.append((String(body.dropFirst("code:".count)).trimmingSpaces(), token.line, index))
            } else if body == "end code" {
                ends.append((token.line, index))
            }
        }
        let named = starts.filter { $0.name == name }
        guard let start = named.first else {
            let similar = suggestions(for: name, among: starts.map(\.name)) {
                "code:\(starts[$0].name) (line \(starts[$0].line))"
            }
            throw .notFound(symbol: symbol, file: file, suggestions: similar)
        }
        if named.count > 1 {
            throw .ambiguous(symbol: symbol, file: file, candidates: named.map { "code:\($0.name) (line \($0.line))" })
        }
        guard let end = ends.first(where: { $0.index > start.index }) else {
            throw .unterminatedRegion(symbol: symbol, file: file, line: start.line)
        }
        guard end.line - start.line >= 2 else {
            throw .emptyRegion(symbol: symbol, file: file, line: start.line)
        }
        let lines = (start.line + 1)...(end.line - 1)
        return CodeRange(lines: lines, indent: commonIndent(of: text, lines: lines))
    }

    /// The leading spaces and tabs that every non-blank line of `lines` starts with.
    static func commonIndent(of text: String, lines: ClosedRange<Int>) -> String {
        var common: [Unicode.Scalar]?
        var number = 1
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { number += 1 }
            guard lines.contains(number) else {
                if number > lines.upperBound { break }
                continue
            }
            guard line.contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if let current = common {
                common = Array(zip(current, indent).prefix { $0.0 == $0.1 }.map(\.0))
            } else {
                common = Array(indent)
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: common ?? [])
        return result
    }

    /// Up to three labels of `names` close to `name` (by edit distance, ignoring case, or
    /// containing it), closest first; `label` describes the name at an index, and is called only
    /// for the ones shown, as describing a deeply nested declaration costs its depth.
    static func suggestions(for name: String, among names: [String], label: (Int) -> String) -> [String] {
        let target = name.lowercased()
        var scored: [(distance: Int, index: Int)] = []
        for (index, candidate) in names.enumerated() {
            let other = candidate.lowercased()
            let distance = editDistance(Array(target), Array(other))
            let contains = min(target.count, other.count) >= 3 && (target.contains(other) || other.contains(target))
            if distance <= max(2, target.count / 3) || contains {
                scored.append((distance, index))
            }
        }
        var labels: [String] = []
        for candidate in scored.sorted(by: { ($0.distance, $0.index) < ($1.distance, $1.index) }) where labels.count < 3 {
            let text = label(candidate.index)
            if !labels.contains(text) { labels.append(text) }
        }
        return labels
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character each.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
