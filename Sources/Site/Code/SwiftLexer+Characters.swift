/// Character classes and the keyword list, after The Swift Programming Language's lexical
/// structure (simplified where the difference cannot change a token's kind).
extension SwiftLexer {
    /// Keywords, including the contextual ones a reader expects coloured as keywords.
    public static let keywords: Set<String> = [
        // Declarations
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout", "internal", "let", "open", "operator", "package", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript",
        "typealias", "var", "actor", "macro",
        // Statements
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        // Expressions and types
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "async", "some", "any", "each", "consume", "copy", "discard",
        // Contextual modifiers
        "convenience", "dynamic", "final", "indirect", "lazy", "mutating", "nonmutating",
        "optional", "override", "required", "unowned", "weak", "nonisolated", "isolated",
        "borrowing", "consuming", "sending", "distributed", "prefix", "postfix", "infix",
        // Accessors
        "get", "set", "willSet", "didSet",
    ]

    /// The kind of an identifier-like word: keyword, type (capitalised) or plain identifier.
    static func classify(_ text: String, firstLetter: Unicode.Scalar) -> SwiftToken.Kind {
        if keywords.contains(text) { return .keyword }
        return isUppercase(firstLetter) ? .type : .identifier
    }

    static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    /// Space, tab, and the other non-line-breaking whitespace (which Swift rejects, but a
    /// highlighter should still show as space).
    static func isHorizontalSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09, 0x0B, 0x0C, 0x00: return true
        case 0..<0x80, 0x0A, 0x0D: return false
        default: return c.properties.isWhitespace
        }
    }

    static func isUppercase(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("A"..."Z").contains(c) : c.properties.isUppercase
    }

    static func isDigitOrUnderscore(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || c == "_" }

    static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    static func isHexDigitOrUnderscore(_ c: Unicode.Scalar) -> Bool { isHexDigit(c) || c == "_" }

    /// A letter, `_`, `$` (for `$0` and projected values), or any non-ASCII character that is not
    /// an operator character or whitespace (Swift's identifier ranges are wide, emoji included).
    static func isIdentifierHead(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == "$"
        }
        return !isOperatorCharacter(c) && !isOperatorCombiningMark(c) && !c.properties.isWhitespace
    }

    static func isIdentifierCharacter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isIdentifierHead(c) || ("0"..."9").contains(c) }
        return !isOperatorCharacter(c) && !c.properties.isWhitespace
    }

    /// Swift's operator-head characters: the ASCII ones and the Unicode ranges the language lists.
    static func isOperatorCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x2F, 0x3D, 0x2D, 0x2B, 0x21, 0x2A, 0x25, 0x3C, 0x3E, 0x26, 0x7C, 0x5E, 0x7E, 0x3F:
            return true  // / = - + ! * % < > & | ^ ~ ?
        case 0xA1...0xA7, 0xA9, 0xAB, 0xAC, 0xAE, 0xB0, 0xB1, 0xB6, 0xBB, 0xBF, 0xD7, 0xF7,
             0x2016...0x2017, 0x2020...0x2027, 0x2030...0x203E, 0x2041...0x2053, 0x2055...0x205E,
             0x2190...0x23FF, 0x2500...0x2775, 0x2794...0x2BFF, 0x2E00...0x2E7F, 0x3001...0x3003,
             0x3008...0x3020, 0x3030:
            return true
        default:
            return false
        }
    }

    /// Combining marks that may continue (not start) an operator.
    static func isOperatorCombiningMark(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0300...0x036F, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F,
             0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }
}
