/// Reading the formula: whitespace and comments, tokens, raw `{...}` text.
extension TeXParser {
    mutating func skipSpace() {
        while pos < chars.count {
            if chars[pos].isWhitespace { pos += 1 }
            else if chars[pos] == "%" { while pos < chars.count && chars[pos] != "\n" { pos += 1 } }
            else { break }
        }
    }

    mutating func peek() throws(TeXError) -> TeXToken {
        let saved = pos
        let token = try next()
        pos = saved
        return token
    }

    mutating func next() throws(TeXError) -> TeXToken {
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

    mutating func expect(_ token: TeXToken, _ what: String) throws(TeXError) {
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
}
