/// A code reference as written in a lesson: a declaration path or a `code:NAME` region (the
/// syntax is documented on `DeclarationFinder`).
struct CodeSymbol: Equatable {
    enum Target: Equatable {
        /// The lines between `// code: NAME` and `// end code`.
        case region(String)
        /// A declaration named `name` inside the types `path` (innermost last), of `kind` if given,
        /// with exactly these argument labels if given.
        case declaration(kind: DeclarationKind?, path: [String], name: String, labels: [String]?)
    }

    let target: Target

    /// Why a symbol cannot be read, in a phrase that follows "malformed code symbol 'x': ".
    struct Malformed: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The kinds a symbol may start with, as the message for a wrong one lists them.
    static let kindList = "func, init, struct, class, enum, protocol, actor, typealias, var, let, case, subscript, extension"

    /// The symbol `text`; throws why it cannot be read.
    static func parse(_ text: String) throws(Malformed) -> CodeSymbol {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty { throw Malformed("the symbol is empty") }
        if trimmed.hasPrefix("code:") {
            let name = String(trimmed.dropFirst("code:".count)).trimmingSpaces()
            if name.isEmpty { throw Malformed("no region name after 'code:'") }
            if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
                throw Malformed("a region name has no spaces")
            }
            return CodeSymbol(target: .region(name))
        }
        var kind: DeclarationKind?
        var rest = Substring(trimmed)
        if let space = trimmed.unicodeScalars.firstIndex(where: { $0.properties.isWhitespace }) {
            let word = String(String.UnicodeScalarView(trimmed.unicodeScalars[..<space]))
            guard let parsed = DeclarationKind(rawValue: word) else {
                throw Malformed("'\(word)' is not a declaration kind (\(kindList))")
            }
            kind = parsed
            rest = Substring(String(String.UnicodeScalarView(trimmed.unicodeScalars[space...])).trimmingSpaces())
        }
        if kind == .extension {
            guard let path = components(rest), !path.isEmpty else {
                throw Malformed("'extension' needs a type name, like 'extension Tensor' or 'extension Outer.Inner'")
            }
            return CodeSymbol(target: .declaration(kind: .extension, path: [], name: path.joined(separator: "."), labels: nil))
        }
        return try parsePath(rest, kind: kind)
    }

    /// `Outer.Inner.name(label:_:)` after an optional kind.
    static func parsePath(_ text: Substring, kind: DeclarationKind?) throws(Malformed) -> CodeSymbol {
        var base = text
        var labels: [String]?
        if let open = text.firstIndex(of: "(") {
            base = text[..<open]
            let list = text[text.index(after: open)...]
            guard list.hasSuffix(")"), !list.dropLast().contains("("), !list.dropLast().contains(")") else {
                throw Malformed("argument labels go in one pair of parentheses at the end, like 'name(label:_:)'")
            }
            guard let parsed = parseLabels(list.dropLast()) else {
                throw Malformed("argument labels are written 'label:' or '_:' each, like 'name(label:_:)'")
            }
            labels = parsed
        }
        guard let path = components(base), let name = path.last else {
            throw Malformed("expected a name or a dotted path like 'Outer.name'")
        }
        if kind == .initializer && name != "init" {
            throw Malformed("'init' is a name here: write 'init(labels:)' or 'Type.init(labels:)'")
        }
        return CodeSymbol(target: .declaration(kind: kind, path: Array(path.dropLast()), name: name, labels: labels))
    }

    /// `a:_:b:` as `["a", "_", "b"]`; `""` as `[]`; `nil` if malformed.
    static func parseLabels(_ text: Substring) -> [String]? {
        if text.isEmpty { return [] }
        guard text.hasSuffix(":") else { return nil }
        var labels: [String] = []
        for part in text.dropLast().split(separator: ":", omittingEmptySubsequences: false) {
            guard part == "_" || isIdentifier(part) else { return nil }
            labels.append(String(part))
        }
        return labels
    }

    /// The dot-separated names of `text` (backticks removed), or `nil` if any is not a name.
    static func components(_ text: Substring) -> [String]? {
        if text.isEmpty { return nil }
        var names: [String] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = part
            if name.count > 2 && name.hasPrefix("`") && name.hasSuffix("`") { name = name.dropFirst().dropLast() }
            guard isIdentifier(name) else { return nil }
            names.append(String(name))
        }
        return names
    }

    static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, SwiftLexer.isIdentifierHead(first) else { return false }
        return text.unicodeScalars.allSatisfy(SwiftLexer.isIdentifierCharacter)
    }
}
