/// The structure of a formula: sequences of atoms, scripts attached to them, arguments, and
/// the atoms a character or a group makes.
extension TeXParser {
    mutating func parseFormula() throws(TeXError) -> String {
        let items = try parseSequence()
        let start = pos
        switch try next() {
        case .end: return row(items, force: true)
        case .close: throw TeXError(message: "unmatched }", offset: start)
        case .amp: throw TeXError(message: "& outside a matrix environment", offset: start)
        case .command("\\"): throw TeXError(message: "\\\\ outside a matrix environment", offset: start)
        case .command("right"): throw TeXError(message: "\\right without \\left", offset: start)
        case .command("middle"): throw TeXError(message: "\\middle without \\left", offset: start)
        case .command("end"): throw TeXError(message: "\\end without \\begin", offset: start)
        case .char("]"): throw TeXError(message: "unmatched ]", offset: start)
        default: throw TeXError(message: "unexpected input", offset: start)
        }
    }

    /// Atoms up to a closing brace, `&`, `\\`, `\right`, `\middle`, `\end`, the end, or (inside an
    /// optional argument) `]`. The terminator is left for the caller.
    mutating func parseSequence(stopAtBracket: Bool = false) throws(TeXError) -> [String] {
        try enter(at: pos)
        defer { depth -= 1 }
        var items: [String] = []
        while true {
            let token = try peek()
            switch token {
            case .end, .close, .amp: return items
            case .command("\\"), .command("right"), .command("middle"), .command("end"): return items
            case .char("]") where stopAtBracket: return items
            case .command("displaystyle"), .command("textstyle"):
                _ = try next()
                let rest = try parseSequence(stopAtBracket: stopAtBracket)
                let flag = token == .command("displaystyle") ? "true" : "false"
                items.append("<mstyle displaystyle=\"\(flag)\">\(row(rest))</mstyle>")
                return items
            default:
                let atom = try parseScripted()
                items.append(atom.xml)
                if atom.isFunction {
                    let following = try peek()
                    if following != .char("("), following != .command("left"), following != .end,
                       following != .close, following != .char("[") {
                        items.append("<mspace width=\"0.1667em\"/>")
                    }
                }
            }
        }
    }

    /// An atom with its sub- and superscripts (and primes) attached.
    mutating func parseScripted() throws(TeXError) -> TeXAtom {
        var atom: TeXAtom
        if case .sup = try peek() { atom = TeXAtom(xml: "<mrow></mrow>") }
        else if case .sub = try peek() { atom = TeXAtom(xml: "<mrow></mrow>") }
        else { atom = try parseAtom() }
        var sub: String?
        var sup: String?
        var primes = ""
        loop: while true {
            let at = pos
            switch try peek() {
            case .sup:
                _ = try next()
                guard sup == nil else { throw TeXError(message: "double superscript", offset: at) }
                sup = try parseArgument()
            case .sub:
                _ = try next()
                guard sub == nil else { throw TeXError(message: "double subscript", offset: at) }
                sub = try parseArgument()
            case .char("'"):
                _ = try next()
                primes += "′"
            case .command("limits"):
                _ = try next(); atom.limits = .always
            case .command("nolimits"):
                _ = try next(); atom.limits = .never
            default: break loop
            }
        }
        if !primes.isEmpty {
            let prime = "<mo>\(primes)</mo>"
            sup = sup.map { "<mrow>\(prime)\($0)</mrow>" } ?? prime
        }
        guard sub != nil || sup != nil else { return atom }
        let under = atom.limits == .always || (atom.limits == .inDisplay && display)
        let base = atom.xml
        let xml: String
        switch (sub, sup, under) {
        case let (b?, p?, true): xml = "<munderover>\(base)\(b)\(p)</munderover>"
        case let (b?, nil, true): xml = "<munder>\(base)\(b)</munder>"
        case let (nil, p?, true): xml = "<mover>\(base)\(p)</mover>"
        case let (b?, p?, false): xml = "<msubsup>\(base)\(b)\(p)</msubsup>"
        case let (b?, nil, false): xml = "<msub>\(base)\(b)</msub>"
        case let (nil, p?, false): xml = "<msup>\(base)\(p)</msup>"
        default: xml = base
        }
        return TeXAtom(xml: xml, isFunction: atom.isFunction)
    }

    /// A command's or a script's argument: a group, one character, or one command.
    mutating func parseArgument() throws(TeXError) -> String {
        let start = pos
        switch try peek() {
        case .open:
            return try parseAtom().xml
        case .char(let c) where c.isNumber:
            _ = try next()
            return "<mn>\(mapped(c))</mn>"
        case .char, .command:
            return try parseAtom().xml
        case .end, .close:
            throw TeXError(message: "missing argument", offset: start)
        default:
            throw TeXError(message: "unexpected script", offset: start)
        }
    }

    mutating func group() throws(TeXError) -> String {
        try expect(.open, "{")
        let items = try parseSequence()
        try expect(.close, "}")
        return row(items, force: true)
    }

    mutating func parseAtom() throws(TeXError) -> TeXAtom {
        skipSpace()
        let start = pos
        try enter(at: start)
        defer { depth -= 1 }
        let token = try next()
        switch token {
        case .open:
            let items = try parseSequence()
            try expect(.close, "}")
            return TeXAtom(xml: row(items, force: true))
        case .char(let c):
            return try character(c, at: start)
        case .command(let name):
            return try command(name, at: start)
        case .end: throw TeXError(message: "missing argument", offset: start)
        case .close: throw TeXError(message: "unmatched }", offset: start)
        case .amp: throw TeXError(message: "& outside a matrix environment", offset: start)
        case .sup, .sub: throw TeXError(message: "unexpected script", offset: start)
        }
    }

    mutating func character(_ c: Character, at start: Int) throws(TeXError) -> TeXAtom {
        if c.isNumber {
            var digits = String(mapped(c))
            while pos < chars.count {
                if chars[pos].isNumber { digits.append(mapped(chars[pos])); pos += 1 }
                else if chars[pos] == ".", pos + 1 < chars.count, chars[pos + 1].isNumber { digits.append("."); pos += 1 }
                else { break }
            }
            return TeXAtom(xml: "<mn>\(digits)</mn>")
        }
        if c.isLetter {
            if font == .roman {
                var word = String(c)
                while pos < chars.count, chars[pos].isLetter { word.append(chars[pos]); pos += 1 }
                return TeXAtom(xml: word.count == 1 ? "<mi mathvariant=\"normal\">\(esc(word))</mi>" : "<mi>\(esc(word))</mi>")
            }
            let shown = mapped(c)
            let upright = shown != c && font != .normal
            return TeXAtom(xml: upright ? "<mi mathvariant=\"normal\">\(esc(String(shown)))</mi>" : "<mi>\(esc(String(shown)))</mi>")
        }
        switch c {
        case "-": return TeXAtom(xml: "<mo>−</mo>")
        case "*": return TeXAtom(xml: "<mo>∗</mo>")
        case "(", ")", "[", "]", "|": return TeXAtom(xml: "<mo stretchy=\"false\">\(c)</mo>")
        case "'": return TeXAtom(xml: "<mo>′</mo>")
        default: return TeXAtom(xml: "<mo>\(esc(String(c)))</mo>")
        }
    }
}
