/// Commands: symbols from `TeXSymbols`, fractions, roots, accents, fonts, text, fences.
extension TeXParser {
    /// The atom of `\name`: a symbol of `TeXSymbols`, else one of `commandWithArguments`.
    mutating func command(_ name: String, at start: Int) throws(TeXError) -> TeXAtom {
        if let letter = TeXSymbols.greek[name] {
            let upright = name.first?.isUppercase ?? false
            return TeXAtom(xml: upright ? "<mi mathvariant=\"normal\">\(letter)</mi>" : "<mi>\(letter)</mi>")
        }
        if let symbol = TeXSymbols.identifiers[name] { return TeXAtom(xml: "<mi mathvariant=\"normal\">\(symbol)</mi>") }
        if let symbol = TeXSymbols.operators[name] { return TeXAtom(xml: "<mo>\(esc(symbol))</mo>") }
        if let symbol = TeXSymbols.largeOperators[name] {
            let limits: TeXAtom.Limits = symbol == "∫" || symbol == "∬" || symbol == "∮" ? .never : .inDisplay
            return TeXAtom(xml: "<mo largeop=\"true\" movablelimits=\"false\">\(symbol)</mo>", limits: limits)
        }
        if let fn = TeXSymbols.functions[name] {
            return TeXAtom(xml: "<mi>\(fn.text)</mi>", limits: fn.limits ? .inDisplay : .never, isFunction: true)
        }
        if let width = TeXSymbols.spaces[name] { return TeXAtom(xml: "<mspace width=\"\(width)\"/>") }
        if let accent = TeXSymbols.accents[name] {
            let body = try parseArgument()
            let stretchy = accent.stretchy ? "true" : "false"
            return TeXAtom(xml: "<mover accent=\"true\">\(body)<mo stretchy=\"\(stretchy)\">\(accent.mark)</mo></mover>")
        }
        if let size = TeXSymbols.bigSizes[name] {
            let delimiter = try delimiter(at: pos)
            return TeXAtom(xml: "<mo minsize=\"\(size)\" maxsize=\"\(size)\">\(delimiter)</mo>")
        }
        return try commandWithArguments(name, at: start)
    }

    /// `\frac`, `\sqrt`, `\text`, `\left`...: the commands that read what follows them.
    mutating func commandWithArguments(_ name: String, at start: Int) throws(TeXError) -> TeXAtom {
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = try parseArgument()
            let denominator = try parseArgument()
            let fraction = "<mfrac>\(numerator)\(denominator)</mfrac>"
            switch name {
            case "dfrac", "cfrac": return TeXAtom(xml: "<mstyle displaystyle=\"true\">\(fraction)</mstyle>")
            case "tfrac": return TeXAtom(xml: "<mstyle displaystyle=\"false\">\(fraction)</mstyle>")
            default: return TeXAtom(xml: fraction)
            }
        case "binom":
            let top = try parseArgument()
            let bottom = try parseArgument()
            return TeXAtom(xml: "<mrow><mo>(</mo><mfrac linethickness=\"0\">\(top)\(bottom)</mfrac><mo>)</mo></mrow>")
        case "sqrt":
            if try peek() == .char("[") {
                _ = try next()
                let index = try parseSequence(stopAtBracket: true)
                try expect(.char("]"), "]")
                let body = try parseArgument()
                return TeXAtom(xml: "<mroot>\(body)\(row(index, force: true))</mroot>")
            }
            return TeXAtom(xml: "<msqrt>\(try parseArgument())</msqrt>")
        case "overset", "stackrel", "underset":
            let mark = try parseArgument()
            let body = try parseArgument()
            return TeXAtom(xml: name == "underset" ? "<munder>\(body)\(mark)</munder>" : "<mover>\(body)\(mark)</mover>")
        case "underbrace":
            return TeXAtom(xml: "<munder><mrow>\(try parseArgument())</mrow><mo stretchy=\"true\">⏟</mo></munder>", limits: .always)
        case "overbrace":
            return TeXAtom(xml: "<mover><mrow>\(try parseArgument())</mrow><mo stretchy=\"true\">⏞</mo></mover>", limits: .always)
        case "underline":
            return TeXAtom(xml: "<munder accentunder=\"true\">\(try parseArgument())<mo stretchy=\"true\">_</mo></munder>")
        case "mathbf", "mathrm", "mathit", "mathbb", "mathcal", "boldsymbol", "bm", "mathsf":
            return try fontCommand(name)
        case "text", "textrm", "mbox", "textnormal", "textit", "textbf":
            return try textCommand(name)
        case "operatorname":
            var limits = TeXAtom.Limits.never
            if pos < chars.count, chars[pos] == "*" { pos += 1; limits = .inDisplay }
            return TeXAtom(xml: "<mi>\(esc(try rawGroup()))</mi>", limits: limits, isFunction: true)
        case "mathop":
            return TeXAtom(xml: try parseArgument(), limits: .inDisplay)
        case "left":
            return try leftRight()
        case "begin":
            return TeXAtom(xml: try environment(at: start))
        case "not":
            return try negation()
        default:
            throw TeXError(message: "unknown command \\\(name)", offset: start)
        }
    }

    /// `\mathbf{...}` and the other font commands: the argument in that font.
    mutating func fontCommand(_ name: String) throws(TeXError) -> TeXAtom {
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
        return TeXAtom(xml: try parseArgument())
    }

    /// `\text{...}` and its relatives: the group's characters as written, as `mtext`.
    mutating func textCommand(_ name: String) throws(TeXError) -> TeXAtom {
        let text = try rawGroup()
        var shown = esc(text)
        // MathML trims spaces at the ends of token elements; keep the ones the author wrote.
        if text.hasPrefix(" ") { shown = "\u{00A0}" + shown.drop { $0 == " " } }
        if text.hasSuffix(" ") { shown = String(shown.reversed().drop { $0 == " " }.reversed()) + "\u{00A0}" }
        let style = name == "textbf" ? " style=\"font-weight:bold\"" : name == "textit" ? " style=\"font-style:italic\"" : ""
        return TeXAtom(xml: "<mtext\(style)>\(shown)</mtext>")
    }

    /// `\left( ... \middle| ... \right)`: fences that stretch around what they hold.
    mutating func leftRight() throws(TeXError) -> TeXAtom {
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
                return TeXAtom(xml: "<mrow>\(parts.joined())</mrow>")
            default:
                throw TeXError(message: "\\left without \\right", offset: at)
            }
        }
    }

    /// `\not=`, `\not\in`, `\not<`...: the relation struck through.
    mutating func negation() throws(TeXError) -> TeXAtom {
        let at = pos
        switch try next() {
        case .char("="): return TeXAtom(xml: "<mo>≠</mo>")
        case .command("in"): return TeXAtom(xml: "<mo>∉</mo>")
        case .char(let c): return TeXAtom(xml: "<mo>\(esc(String(c)))\u{0338}</mo>")
        case .command(let other):
            guard let symbol = TeXSymbols.operators[other] else { throw TeXError(message: "unknown command \\\(other)", offset: at) }
            return TeXAtom(xml: "<mo>\(esc(symbol))\u{0338}</mo>")
        default: throw TeXError(message: "\\not needs a relation", offset: at)
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
}
