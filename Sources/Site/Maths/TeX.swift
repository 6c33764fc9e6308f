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

/// A formula the converter cannot translate; `offset` counts characters into the formula.
public struct TeXError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) (at character \(offset + 1))" }
}

/// One piece of a formula before scripts are attached.
private struct Atom {
    enum Limits { case never, inDisplay, always }
    var xml: String
    var limits: Limits = .never
    /// A named function (`log`, `max`): a thin space separates it from a following argument.
    var isFunction = false
}

private enum Token: Equatable {
    case command(String), char(Character), open, close, sup, sub, amp, end
}

private enum Font { case normal, bold, boldItalic, roman, blackboard, calligraphic }

private struct TeXParser {
    let chars: [Character]
    let display: Bool
    var pos = 0
    var font = Font.normal
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

    // MARK: Tokens

    mutating func skipSpace() {
        while pos < chars.count {
            if chars[pos].isWhitespace { pos += 1 }
            else if chars[pos] == "%" { while pos < chars.count && chars[pos] != "\n" { pos += 1 } }
            else { break }
        }
    }

    mutating func peek() throws(TeXError) -> Token {
        let saved = pos
        let token = try next()
        pos = saved
        return token
    }

    mutating func next() throws(TeXError) -> Token {
        skipSpace()
        guard pos < chars.count else { return .end }
        let c = chars[pos]
        pos += 1
        switch c {
        case "{": return .open
        case "}": return .close
        case "^": return .sup
        case "_": return .sub
        case "&": return .amp
        case "~": return .command(" ")
        case "\\":
            guard pos < chars.count else { throw TeXError(message: "a lone \\ at the end", offset: pos - 1) }
            if chars[pos].isASCII && chars[pos].isLetter {
                var name = ""
                while pos < chars.count && chars[pos].isASCII && chars[pos].isLetter { name.append(chars[pos]); pos += 1 }
                return .command(name)
            }
            pos += 1
            return .command(String(chars[pos - 1]))
        default: return .char(c)
        }
    }

    mutating func expect(_ token: Token, _ what: String) throws(TeXError) {
        let start = pos
        let got = try next()
        guard got == token else { throw TeXError(message: "expected \(what)", offset: start) }
    }

    /// The characters of a `{...}` group as written, for `\text` and environment names.
    mutating func rawGroup() throws(TeXError) -> String {
        skipSpace()
        guard pos < chars.count, chars[pos] == "{" else { throw TeXError(message: "expected {", offset: pos) }
        pos += 1
        var depth = 0
        var out = ""
        while pos < chars.count {
            let c = chars[pos]
            pos += 1
            if c == "\\", pos < chars.count {
                let escaped = chars[pos]
                if "{}$%&#_ ".contains(escaped) { out.append(escaped); pos += 1; continue }
                if escaped == "\\" { out.append("\\"); pos += 1; continue }
                throw TeXError(message: "unknown command \\\(escaped == " " ? "" : String(escaped))... inside text", offset: pos - 1)
            }
            if c == "{" { depth += 1 }
            if c == "}" {
                if depth == 0 { return out }
                depth -= 1
            }
            out.append(c)
        }
        throw TeXError(message: "unclosed {", offset: chars.count)
    }

    // MARK: Structure

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
    mutating func parseScripted() throws(TeXError) -> Atom {
        var atom: Atom
        if case .sup = try peek() { atom = Atom(xml: "<mrow></mrow>") }
        else if case .sub = try peek() { atom = Atom(xml: "<mrow></mrow>") }
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
        return Atom(xml: xml, isFunction: atom.isFunction)
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

    mutating func parseAtom() throws(TeXError) -> Atom {
        skipSpace()
        let start = pos
        try enter(at: start)
        defer { depth -= 1 }
        let token = try next()
        switch token {
        case .open:
            let items = try parseSequence()
            try expect(.close, "}")
            return Atom(xml: row(items, force: true))
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

    mutating func character(_ c: Character, at start: Int) throws(TeXError) -> Atom {
        if c.isNumber {
            var digits = String(mapped(c))
            while pos < chars.count {
                if chars[pos].isNumber { digits.append(mapped(chars[pos])); pos += 1 }
                else if chars[pos] == ".", pos + 1 < chars.count, chars[pos + 1].isNumber { digits.append("."); pos += 1 }
                else { break }
            }
            return Atom(xml: "<mn>\(digits)</mn>")
        }
        if c.isLetter {
            if font == .roman {
                var word = String(c)
                while pos < chars.count, chars[pos].isLetter { word.append(chars[pos]); pos += 1 }
                return Atom(xml: word.count == 1 ? "<mi mathvariant=\"normal\">\(esc(word))</mi>" : "<mi>\(esc(word))</mi>")
            }
            let shown = mapped(c)
            let upright = shown != c && font != .normal
            return Atom(xml: upright ? "<mi mathvariant=\"normal\">\(esc(String(shown)))</mi>" : "<mi>\(esc(String(shown)))</mi>")
        }
        switch c {
        case "-": return Atom(xml: "<mo>−</mo>")
        case "*": return Atom(xml: "<mo>∗</mo>")
        case "(", ")", "[", "]", "|": return Atom(xml: "<mo stretchy=\"false\">\(c)</mo>")
        case "'": return Atom(xml: "<mo>′</mo>")
        default: return Atom(xml: "<mo>\(esc(String(c)))</mo>")
        }
    }

    // MARK: Commands

    mutating func command(_ name: String, at start: Int) throws(TeXError) -> Atom {
        if let letter = TeXSymbols.greek[name] {
            let upright = name.first?.isUppercase ?? false
            return Atom(xml: upright ? "<mi mathvariant=\"normal\">\(letter)</mi>" : "<mi>\(letter)</mi>")
        }
        if let symbol = TeXSymbols.identifiers[name] { return Atom(xml: "<mi mathvariant=\"normal\">\(symbol)</mi>") }
        if let symbol = TeXSymbols.operators[name] { return Atom(xml: "<mo>\(esc(symbol))</mo>") }
        if let symbol = TeXSymbols.largeOperators[name] {
            let limits: Atom.Limits = symbol == "∫" || symbol == "∬" || symbol == "∮" ? .never : .inDisplay
            return Atom(xml: "<mo largeop=\"true\" movablelimits=\"false\">\(symbol)</mo>", limits: limits)
        }
        if let fn = TeXSymbols.functions[name] {
            return Atom(xml: "<mi>\(fn.text)</mi>", limits: fn.limits ? .inDisplay : .never, isFunction: true)
        }
        if let width = TeXSymbols.spaces[name] { return Atom(xml: "<mspace width=\"\(width)\"/>") }
        if let accent = TeXSymbols.accents[name] {
            let body = try parseArgument()
            let stretchy = accent.stretchy ? "true" : "false"
            return Atom(xml: "<mover accent=\"true\">\(body)<mo stretchy=\"\(stretchy)\">\(accent.mark)</mo></mover>")
        }
        if let size = TeXSymbols.bigSizes[name] {
            let delimiter = try delimiter(at: pos)
            return Atom(xml: "<mo minsize=\"\(size)\" maxsize=\"\(size)\">\(delimiter)</mo>")
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = try parseArgument()
            let denominator = try parseArgument()
            let fraction = "<mfrac>\(numerator)\(denominator)</mfrac>"
            switch name {
            case "dfrac", "cfrac": return Atom(xml: "<mstyle displaystyle=\"true\">\(fraction)</mstyle>")
            case "tfrac": return Atom(xml: "<mstyle displaystyle=\"false\">\(fraction)</mstyle>")
            default: return Atom(xml: fraction)
            }
        case "binom":
            let top = try parseArgument()
            let bottom = try parseArgument()
            return Atom(xml: "<mrow><mo>(</mo><mfrac linethickness=\"0\">\(top)\(bottom)</mfrac><mo>)</mo></mrow>")
        case "sqrt":
            if try peek() == .char("[") {
                _ = try next()
                let index = try parseSequence(stopAtBracket: true)
                try expect(.char("]"), "]")
                let body = try parseArgument()
                return Atom(xml: "<mroot>\(body)\(row(index, force: true))</mroot>")
            }
            return Atom(xml: "<msqrt>\(try parseArgument())</msqrt>")
        case "overset", "stackrel", "underset":
            let mark = try parseArgument()
            let body = try parseArgument()
            return Atom(xml: name == "underset" ? "<munder>\(body)\(mark)</munder>" : "<mover>\(body)\(mark)</mover>")
        case "underbrace":
            return Atom(xml: "<munder><mrow>\(try parseArgument())</mrow><mo stretchy=\"true\">⏟</mo></munder>", limits: .always)
        case "overbrace":
            return Atom(xml: "<mover><mrow>\(try parseArgument())</mrow><mo stretchy=\"true\">⏞</mo></mover>", limits: .always)
        case "underline":
            return Atom(xml: "<munder accentunder=\"true\">\(try parseArgument())<mo stretchy=\"true\">_</mo></munder>")
        case "mathbf", "mathrm", "mathit", "mathbb", "mathcal", "boldsymbol", "bm", "mathsf":
            let saved = font
            switch name {
            case "mathbf": font = .bold
            case "mathrm", "mathsf": font = .roman
            case "mathbb": font = .blackboard
            case "mathcal": font = .calligraphic
            case "boldsymbol", "bm": font = .boldItalic
            default: font = .normal
            }
            defer { font = saved }
            return Atom(xml: try parseArgument())
        case "text", "textrm", "mbox", "textnormal", "textit", "textbf":
            let text = try rawGroup()
            var shown = esc(text)
            // MathML trims spaces at the ends of token elements; keep the ones the author wrote.
            if text.hasPrefix(" ") { shown = "\u{00A0}" + shown.drop { $0 == " " } }
            if text.hasSuffix(" ") { shown = String(shown.reversed().drop { $0 == " " }.reversed()) + "\u{00A0}" }
            let style = name == "textbf" ? " style=\"font-weight:bold\"" : name == "textit" ? " style=\"font-style:italic\"" : ""
            return Atom(xml: "<mtext\(style)>\(shown)</mtext>")
        case "operatorname":
            var limits = Atom.Limits.never
            if pos < chars.count, chars[pos] == "*" { pos += 1; limits = .inDisplay }
            return Atom(xml: "<mi>\(esc(try rawGroup()))</mi>", limits: limits, isFunction: true)
        case "mathop":
            return Atom(xml: try parseArgument(), limits: .inDisplay)
        case "left":
            let open = try delimiter(at: pos)
            var parts = [open.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(open)</mo>"]
            while true {
                parts.append(contentsOf: try parseSequence())
                let at = pos
                switch try next() {
                case .command("middle"):
                    parts.append("<mo stretchy=\"true\">\(try delimiter(at: pos))</mo>")
                case .command("right"):
                    let close = try delimiter(at: pos)
                    if !close.isEmpty { parts.append("<mo fence=\"true\" stretchy=\"true\">\(close)</mo>") }
                    return Atom(xml: "<mrow>\(parts.joined())</mrow>")
                default:
                    throw TeXError(message: "\\left without \\right", offset: at)
                }
            }
        case "begin":
            return Atom(xml: try environment(at: start))
        case "not":
            let at = pos
            switch try next() {
            case .char("="): return Atom(xml: "<mo>≠</mo>")
            case .command("in"): return Atom(xml: "<mo>∉</mo>")
            case .char(let c): return Atom(xml: "<mo>\(esc(String(c)))\u{0338}</mo>")
            case .command(let other):
                guard let symbol = TeXSymbols.operators[other] else { throw TeXError(message: "unknown command \\\(other)", offset: at) }
                return Atom(xml: "<mo>\(esc(symbol))\u{0338}</mo>")
            default: throw TeXError(message: "\\not needs a relation", offset: at)
            }
        default:
            throw TeXError(message: "unknown command \\\(name)", offset: start)
        }
    }

    /// The delimiter after `\left`, `\right`, `\middle` or `\big`: `(`, `\{`, `\langle`, `.` (none)...
    mutating func delimiter(at start: Int) throws(TeXError) -> String {
        switch try next() {
        case .char("."): return ""
        case .char(let c) where "()[]|/<>".contains(c):
            return c == "<" ? "⟨" : c == ">" ? "⟩" : String(c)
        case .command(let name):
            if let symbol = TeXSymbols.delimiters[name] { return symbol }
            throw TeXError(message: "\\\(name) is not a delimiter", offset: start)
        default:
            throw TeXError(message: "missing delimiter", offset: start)
        }
    }

    /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` and its relatives, as an `mtable`.
    mutating func environment(at start: Int) throws(TeXError) -> String {
        let name = try rawGroup()
        let fences: (String, String)
        var tableClass = "tex-matrix"
        var align = ""
        switch name {
        case "matrix", "smallmatrix": fences = ("", "")
        case "pmatrix": fences = ("(", ")")
        case "bmatrix": fences = ("[", "]")
        case "Bmatrix": fences = ("{", "}")
        case "vmatrix": fences = ("|", "|")
        case "Vmatrix": fences = ("‖", "‖")
        case "cases": fences = ("{", ""); tableClass = "tex-cases"; align = " columnalign=\"left left\""
        case "aligned", "align", "align*", "gathered", "split":
            fences = ("", ""); tableClass = "tex-aligned"; align = " columnalign=\"right left\""
        case "array":
            let spec = try rawGroup().filter { "lcr".contains($0) }
            let words = spec.map { $0 == "l" ? "left" : $0 == "r" ? "right" : "center" }
            fences = ("", "")
            if !words.isEmpty { align = " columnalign=\"\(words.joined(separator: " "))\"" }
        default:
            throw TeXError(message: "unknown environment \(name)", offset: start)
        }
        var rows: [[String]] = [[]]
        while true {
            let cell = try parseSequence()
            rows[rows.count - 1].append(row(cell, force: true))
            let at = pos
            switch try next() {
            case .amp: continue
            case .command("\\"): rows.append([])
            case .command("end"):
                let closing = try rawGroup()
                guard closing == name else {
                    throw TeXError(message: "\\begin{\(name)} ended by \\end{\(closing)}", offset: at)
                }
                if let last = rows.last, last == ["<mrow></mrow>"], rows.count > 1 { rows.removeLast() }
                let body = rows.map { cells in
                    "<mtr>" + cells.map { "<mtd>\($0)</mtd>" }.joined() + "</mtr>"
                }.joined()
                var table = "<mtable class=\"\(tableClass)\"\(align)>\(body)</mtable>"
                if name == "smallmatrix" { table = "<mstyle scriptlevel=\"1\">\(table)</mstyle>" }
                let open = fences.0.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(esc(fences.0))</mo>"
                let close = fences.1.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(esc(fences.1))</mo>"
                return "<mrow>\(open)\(table)\(close)</mrow>"
            default:
                throw TeXError(message: "\\begin{\(name)} without \\end{\(name)}", offset: start)
            }
        }
    }

    // MARK: Helpers

    func row(_ items: [String], force: Bool = false) -> String {
        items.count == 1 && !force ? items[0] : items.count == 1 && items[0].hasPrefix("<mrow>") ? items[0] : "<mrow>\(items.joined())</mrow>"
    }

    /// A letter or digit in the current font, as the Unicode mathematical alphanumeric that
    /// MathML Core expects (it has no bold `mathvariant`).
    func mapped(_ c: Character) -> Character {
        guard c.isASCII, let ascii = c.asciiValue else { return c }
        let upper = ascii >= 65 && ascii <= 90, lower = ascii >= 97 && ascii <= 122, digit = ascii >= 48 && ascii <= 57
        func scalar(_ base: UInt32, _ offset: UInt8) -> Character {
            Character(Unicode.Scalar(base + UInt32(offset))!)
        }
        switch font {
        case .normal, .roman: return c
        case .bold:
            if upper { return scalar(0x1D400, ascii - 65) }
            if lower { return scalar(0x1D41A, ascii - 97) }
            if digit { return scalar(0x1D7CE, ascii - 48) }
        case .boldItalic:
            if upper { return scalar(0x1D468, ascii - 65) }
            if lower { return scalar(0x1D482, ascii - 97) }
            if digit { return scalar(0x1D7CE, ascii - 48) }
        case .blackboard:
            if let special = TeXSymbols.blackboardHoles[c] { return special }
            if upper { return scalar(0x1D538, ascii - 65) }
            if lower { return scalar(0x1D552, ascii - 97) }
            if digit { return scalar(0x1D7D8, ascii - 48) }
        case .calligraphic:
            if let special = TeXSymbols.scriptHoles[c] { return special }
            if upper { return scalar(0x1D49C, ascii - 65) }
        }
        return c
    }
}
