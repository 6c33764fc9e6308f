/// The kinds of declaration a code symbol can name, spelled as their keywords.
enum DeclarationKind: String, CaseIterable {
    case function = "func"
    case initializer = "init"
    case deinitializer = "deinit"
    case `subscript`, `struct`, `class`, `enum`, `protocol`, actor, `extension`, `typealias`
    case `associatedtype`, `var`, `let`, `case`, macro

    /// Declarations whose body holds members a symbol can name (`Outer.member`).
    var isTypeLike: Bool {
        switch self {
        case .struct, .class, .enum, .protocol, .actor, .extension: true
        default: false
        }
    }

    /// Declarations that end at the closing brace of their body (if they have one).
    var endsWithBody: Bool {
        isTypeLike || self == .function || self == .initializer || self == .deinitializer || self == .subscript
    }
}

/// One declaration a code symbol can name: at file scope or inside a type or extension body
/// (not a local inside a function or closure).
struct Declaration: Equatable {
    var kind: DeclarationKind
    var name: String
    /// Argument labels (`_` for none) of a function, initializer, subscript or enum case with
    /// associated values; `nil` for other declarations.
    var labels: [String]?
    /// The enclosing types, outermost first (an extension's dotted type counts as its names).
    var parents: [String]
    /// The line of the declaring keyword (`func`, `struct`...).
    var keywordLine: Int
    /// The first line shown: the doc comment's, else the first attribute's or modifier's.
    var firstLine: Int
    /// The last line: the body's closing brace, or the end of the statement.
    var lastLine: Int

    /// How messages name it: `Outer.name(label:_:)`, `extension Outer`.
    var displayName: String {
        if kind == .extension { return "extension \(name)" }
        let path = (parents + [name]).joined(separator: ".")
        guard let labels else { return path }
        return path + "(" + labels.map { $0 + ":" }.joined() + ")"
    }
}

/// Finds the declarations of a file from its tokens. Only tokens count, so braces and keywords
/// inside strings, interpolations and comments never do.
struct DeclarationScanner {
    /// A token that is not trivia, with what surrounds it.
    struct Significant {
        let token: SwiftToken
        /// Its index among all tokens.
        let raw: Int
        /// Whether trivia comes directly before / after it.
        let spaceBefore: Bool
        let spaceAfter: Bool
        var text: String { token.text }
        func isPunctuation(_ text: String) -> Bool { token.kind == .punctuation && token.text == text }
    }

    static let modifiers: Set<String> = [
        "public", "private", "internal", "fileprivate", "open", "package", "static", "class", "final",
        "override", "mutating", "nonmutating", "lazy", "weak", "unowned", "convenience", "required",
        "indirect", "dynamic", "optional", "nonisolated", "distributed", "prefix", "postfix", "infix",
        "consuming", "borrowing",
    ]

    let tokens: [SwiftToken]
    let sig: [Significant]
    /// For each bracket in `sig`, the index of its partner, if it has one.
    let partner: [Int?]

    init(tokens: [SwiftToken]) {
        self.tokens = tokens
        var sig: [Significant] = []
        for (index, token) in tokens.enumerated() where !token.isTrivia {
            let before = index > 0 && tokens[index - 1].isTrivia
            let after = index + 1 >= tokens.count || tokens[index + 1].isTrivia
            sig.append(Significant(token: token, raw: index, spaceBefore: before, spaceAfter: after))
        }
        self.sig = sig
        partner = Self.pairBrackets(sig)
    }

    /// Pairs each closing bracket with the nearest open one of its kind a few levels up; the
    /// search is bounded so that malformed input stays linear.
    static func pairBrackets(_ sig: [Significant]) -> [Int?] {
        var partner = [Int?](repeating: nil, count: sig.count)
        var open: [Int] = []
        let pairs: [String: String] = [")": "(", "]": "[", "}": "{"]
        for (index, item) in sig.enumerated() where item.token.kind == .punctuation {
            if item.text == "(" || item.text == "[" || item.text == "{" {
                open.append(index)
            } else if let opener = pairs[item.text] {
                let floor = max(open.count - 8, 0)
                guard let found = open[floor...].lastIndex(where: { sig[$0].text == opener }) else { continue }
                partner[open[found]] = index
                partner[index] = open[found]
                open.removeSubrange(found...)
            }
        }
        return partner
    }

    func isOpener(_ index: Int) -> Bool {
        sig[index].isPunctuation("(") || sig[index].isPunctuation("[") || sig[index].isPunctuation("{")
    }

    func isCloser(_ index: Int) -> Bool {
        sig[index].isPunctuation(")") || sig[index].isPunctuation("]") || sig[index].isPunctuation("}")
    }

    /// Every nameable declaration, in source order.
    func declarations() -> [Declaration] {
        var found: [Declaration] = []
        // Open braces, each with whether it is a type-like body and the length of `path` outside it.
        var frames: [(open: Int, isType: Bool, outerPath: Int)] = []
        // The names of the enclosing types; kept as frames open and close rather than rebuilt
        // per declaration, so that deep nesting stays cheap.
        var path: [String] = []
        var bodyOwner: [Int: [String]] = [:]
        var i = 0
        while i < sig.count {
            if sig[i].isPunctuation("{") {
                frames.append((i, bodyOwner[i] != nil, path.count))
                path += bodyOwner[i] ?? []
                i += 1
                continue
            }
            if sig[i].isPunctuation("}"), let open = partner[i] {
                while let last = frames.last, last.open != open { frames.removeLast() }
                if let last = frames.popLast() { path.removeLast(path.count - last.outerPath) }
                i += 1
                continue
            }
            let addressable = frames.last?.isType ?? true
            guard addressable, let kind = declarationKind(at: i) else {
                i += 1
                continue
            }
            let parents = path
            let (end, body) = extent(from: i, kind: kind)
            let named = names(at: i, kind: kind, end: end)
            let first = firstLine(of: i)
            for (name, labels) in named {
                found.append(Declaration(kind: kind, name: name, labels: labels, parents: parents,
                                         keywordLine: sig[i].token.line, firstLine: first,
                                         lastLine: sig[end].token.endLine))
            }
            if kind.isTypeLike, let body, let name = named.first?.0 {
                bodyOwner[body] = kind == .extension ? name.split(separator: ".").map(String.init) : [name]
                i = body  // walk into the body: its members are nameable too
            } else {
                i = max(end, i) + 1  // skip the rest: locals inside a body are not
            }
        }
        return found
    }

    /// The kind of declaration that `sig[index]` introduces, or nil if it does not introduce one.
    func declarationKind(at index: Int) -> DeclarationKind? {
        let token = sig[index].token
        guard token.kind == .keyword, let kind = DeclarationKind(rawValue: token.text) else { return nil }
        if index > 0 && sig[index - 1].isPunctuation(".") { return nil }  // `Foo.init`
        if index + 1 < sig.count && sig[index + 1].isPunctuation(":") { return nil }  // a label `case:`
        switch kind {
        case .initializer, .deinitializer, .subscript:
            return kind
        default:
            // `class func` uses `class` as a modifier; `case let x` in a pattern is no declaration.
            guard index + 1 < sig.count else { return nil }
            let next = sig[index + 1]
            if nameText(next) != nil { return kind }
            return kind == .function && next.token.kind == .operator ? kind : nil  // `static func +`
        }
    }

    /// The name a token spells, if it can be a declared name (backticks removed).
    func nameText(_ item: Significant) -> String? {
        switch item.token.kind {
        case .identifier, .type:
            let text = item.text
            if text.hasPrefix("`") && text.hasSuffix("`") && text.count > 2 { return String(text.dropFirst().dropLast()) }
            return text
        case .keyword:
            // Reserved declaration words and modifiers cannot be names; `actor` and `macro` can.
            let reserved = DeclarationKind(rawValue: item.text).map { $0 != .actor && $0 != .macro } ?? false
            return reserved || Self.modifiers.contains(item.text) ? nil : item.text
        default:
            return nil
        }
    }
}
