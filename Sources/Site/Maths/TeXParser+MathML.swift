/// What the parser writes: rows of MathML, and letters in the current font.
extension TeXParser {
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
