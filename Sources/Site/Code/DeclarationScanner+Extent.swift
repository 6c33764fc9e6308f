/// Where a declaration starts and ends, and what it is called.
extension DeclarationScanner {
    /// The last significant token of the declaration whose keyword is `sig[start]`, and the
    /// index of its body's `{` if it has one.
    ///
    /// Brackets are skipped as wholes (so a default-argument closure or a computed property's
    /// braces stay inside). Functions and types end at their body's closing brace; everything
    /// ends at a `;`, before a bracket that closes the enclosing scope, or at a line break that
    /// the next line does not continue (see `continues(after:)`).
    func extent(from start: Int, kind: DeclarationKind) -> (end: Int, body: Int?) {
        var i = start
        while true {
            if i > start {
                if isCloser(i) { return (i - 1, nil) }
                if sig[i].isPunctuation(";") { return (i, nil) }
                if isOpener(i) {
                    let isBody = kind.endsWithBody && sig[i].isPunctuation("{")
                    guard let close = partner[i] else { return (sig.count - 1, isBody ? i : nil) }
                    if isBody { return (close, i) }
                    i = close
                }
            }
            guard i + 1 < sig.count else { return (i, nil) }
            if sig[i + 1].token.line > sig[i].token.endLine && !continues(after: i) { return (i, nil) }
            i += 1
        }
    }

    /// Reserved words after which a statement cannot end.
    static let incompleteAtLineEnd: Set<String> = [
        "func", "struct", "class", "enum", "protocol", "extension", "typealias", "associatedtype", "var", "let",
        "case", "static", "public", "private", "internal", "fileprivate", "where", "as", "is", "inout", "try",
    ]

    /// Whether the statement goes on after the line break that follows `sig[index]`: the line
    /// ends with a binary operator, a comma, colon or dot, an attribute or a keyword that needs
    /// more, or the next line starts with a binary operator, a `.member`, a `{` or a clause
    /// such as `where` or `throws`.
    func continues(after index: Int) -> Bool {
        let last = sig[index]
        let next = sig[index + 1]
        switch last.token.kind {
        case .operator:
            // With no space before it, `?` or `!` at the end of a line is postfix (`Tensor?`).
            if last.spaceBefore || ["=", "->", "&&", "||", "??"].contains(last.text) { return true }
        case .punctuation:
            if [",", ":", "."].contains(last.text) { return true }
        case .attribute:
            return true
        case .keyword:
            // Only reserved words: a contextual one (`open`, `macro`) may be a name ending the line.
            if Self.incompleteAtLineEnd.contains(last.text) { return true }
        default:
            break
        }
        switch next.token.kind {
        case .operator:
            return next.spaceAfter || next.text.hasPrefix(".")
        case .punctuation:
            return [".", "{", ",", ":"].contains(next.text)
        case .keyword:
            return ["where", "throws", "rethrows", "async", "as", "is"].contains(next.text)
        default:
            return false
        }
    }

    /// The names a declaration introduces (several for `case a, b`), each with its labels.
    func names(at index: Int, kind: DeclarationKind, end: Int) -> [(String, [String]?)] {
        guard index + 1 < sig.count else { return [] }
        switch kind {
        case .initializer, .subscript, .function:
            let name = kind == .function ? nameText(sig[index + 1]) ?? sig[index + 1].text : kind.rawValue
            var j = index + 1
            while j <= end && !sig[j].isPunctuation("(") && !sig[j].isPunctuation("{") { j += 1 }
            let labels = j <= end && sig[j].isPunctuation("(") ? labels(openAt: j, kind: kind) : []
            return [(name, labels)]
        case .deinitializer:
            return [("deinit", nil)]
        case .case:
            return caseNames(from: index + 1, through: end)
        case .extension:
            guard var name = nameText(sig[index + 1]) else { return [] }
            var j = index + 2
            while j + 1 <= end && sig[j].isPunctuation(".") && !sig[j].spaceBefore, let part = nameText(sig[j + 1]) {
                name += "." + part
                j += 2
            }
            return [(name, nil)]
        default:
            return nameText(sig[index + 1]).map { [($0, nil)] } ?? []
        }
    }

    /// `case a, b(x: Int), c = 3`: every case name, with labels when it has associated values.
    func caseNames(from start: Int, through end: Int) -> [(String, [String]?)] {
        var found: [(String, [String]?)] = []
        var expectName = true
        var j = start
        while j <= end {
            if expectName, let name = nameText(sig[j]) {
                let hasValues = j + 1 <= end && sig[j + 1].isPunctuation("(")
                found.append((name, hasValues ? labels(openAt: j + 1, kind: .case) : nil))
                expectName = false
            } else if sig[j].isPunctuation(",") {
                expectName = true
            }
            if isOpener(j), let close = partner[j] { j = close }
            j += 1
        }
        return found
    }

    /// The argument labels of the parameter list opening at `sig[open]`, by Swift's rules: a
    /// function's first name is its label; a subscript's parameters have none unless written
    /// with two names; an enum case's associated values are labelled only when named.
    func labels(openAt open: Int, kind: DeclarationKind) -> [String] {
        guard let close = partner[open] else { return [] }
        var labels: [String] = []
        var names: [String] = []
        var sawColon = false
        var empty = true
        var genericDepth = 0
        func finishParameter() {
            if !empty {
                switch kind {
                case .subscript: labels.append(names.count >= 2 ? names[0] : "_")
                case .case: labels.append(sawColon ? names.first ?? "_" : "_")
                default: labels.append(names.first ?? "_")
                }
            }
            (names, sawColon, empty) = ([], false, true)
        }
        var j = open + 1
        while j < close {
            let item = sig[j]
            if item.isPunctuation(","), genericDepth == 0 {
                finishParameter()
                j += 1
                continue
            }
            empty = false
            if item.isPunctuation(":") && genericDepth == 0 {
                sawColon = true
            } else if !sawColon, let name = nameText(item) {
                names.append(name)
            } else if item.token.kind == .operator {
                // Commas inside `Dictionary<K, V>` do not separate parameters.
                if item.text == "<" && !item.spaceBefore { genericDepth += 1 }
                if item.text.hasPrefix(">") { genericDepth = max(0, genericDepth - item.text.prefix { $0 == ">" }.count) }
            }
            if isOpener(j), let inner = partner[j] { j = inner }
            j += 1
        }
        finishParameter()
        return labels
    }
}

/// What belongs to a declaration above its keyword.
extension DeclarationScanner {
    /// The first line of the declaration whose keyword is `sig[keyword]`: that of the doc comment
    /// right above it, else of its first attribute or modifier.
    func firstLine(of keyword: Int) -> Int {
        let start = firstModifier(of: keyword)
        var line = sig[start].token.line
        var newlines = 0
        var r = sig[start].raw - 1
        // Doc comments directly above, each starting its line; a blank line ends the search.
        while r >= 0 {
            let token = tokens[r]
            if token.kind == .whitespace {
                if token.text.unicodeScalars.contains("\n") { newlines += 1 }
                if newlines >= 2 { break }
            } else if token.kind == .comment && Self.isDocComment(token.text) && startsLine(r) {
                line = token.line
                newlines = 0
            } else {
                break
            }
            r -= 1
        }
        return line
    }

    /// The index of the first attribute or modifier before `sig[keyword]` (or `keyword`):
    /// attributes on the lines above count, modifiers only on the same line (so that `case open`
    /// above `case closed` stays the previous statement).
    func firstModifier(of keyword: Int) -> Int {
        var start = keyword
        var j = keyword - 1
        while j >= 0 {
            let line = sig[start].token.line
            var candidate: Int?
            let item = sig[j]
            if item.token.kind == .attribute {
                candidate = j
            } else if item.token.kind == .keyword && Self.modifiers.contains(item.text) && item.token.endLine == line {
                candidate = j
            } else if item.isPunctuation(")"), let open = partner[j], open > 0 {
                // `@available(*, unavailable)`, `private(set)`.
                let owner = sig[open - 1]
                if owner.token.kind == .attribute
                    || owner.token.kind == .keyword && Self.modifiers.contains(owner.text) && owner.token.endLine == line {
                    candidate = open - 1
                }
            }
            guard let found = candidate, !(found > 0 && sig[found - 1].isPunctuation(".")) else { break }
            start = found
            j = found - 1
        }
        return start
    }

    static func isDocComment(_ text: String) -> Bool {
        (text.hasPrefix("///") && !text.hasPrefix("////")) || (text.hasPrefix("/**") && !text.hasPrefix("/**/"))
    }

    /// Whether only whitespace comes before `tokens[index]` on its line.
    func startsLine(_ index: Int) -> Bool {
        var r = index - 1
        if r >= 0 && tokens[r].kind == .whitespace && !tokens[r].text.unicodeScalars.contains("\n") { r -= 1 }
        return r < 0 || tokens[r].kind == .whitespace && tokens[r].text.unicodeScalars.contains("\n")
    }
}
