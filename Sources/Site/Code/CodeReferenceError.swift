/// Why a code reference (a symbol in a source file) could not be resolved. Each message is one
/// line naming the file, the symbol and the reason.
public enum CodeReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing in the file matches; `suggestions` are up to 3 similarly named declarations
    /// (or regions), each with its line, e.g. `Linear.backward(_:) (line 49)`.
    case notFound(symbol: String, file: String, suggestions: [String])
    /// Several declarations (or regions) match; `candidates` name each with its line.
    case ambiguous(symbol: String, file: String, candidates: [String])
    /// A `// code: NAME` line with no `// end code` line after it.
    case unterminatedRegion(symbol: String, file: String, line: Int)
    /// A `// code: NAME` line directly followed by its `// end code` line.
    case emptyRegion(symbol: String, file: String, line: Int)
    /// The symbol itself cannot be read (see `DeclarationFinder` for the syntax).
    case malformedSymbol(symbol: String, file: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(symbol, file, suggestions):
            let hint = suggestions.isEmpty
                ? "no similarly named declaration either"
                : "similar: " + suggestions.joined(separator: ", ")
            return "\(Self.oneLine(file)): no declaration matches '\(Self.oneLine(symbol))' (\(hint))"
        case let .ambiguous(symbol, file, candidates):
            let advice = symbol.hasPrefix("code:")
                ? "give each region its own name"
                : "add argument labels (as listed) or the enclosing type to choose one"
            return "\(Self.oneLine(file)): '\(Self.oneLine(symbol))' matches \(candidates.count) declarations: "
                + candidates.joined(separator: ", ") + "; \(advice)"
        case let .unterminatedRegion(symbol, file, line):
            return "\(Self.oneLine(file)):\(line): region '\(Self.oneLine(symbol))' has no '// end code' line after it"
        case let .emptyRegion(symbol, file, line):
            return "\(Self.oneLine(file)):\(line): region '\(Self.oneLine(symbol))' has no lines between its markers"
        case let .malformedSymbol(symbol, file, reason):
            return "\(Self.oneLine(file)): malformed code symbol '\(Self.oneLine(symbol))': \(reason)"
        }
    }

    /// `text` with line breaks and other control characters written as escapes, so that a
    /// symbol taken from prose cannot break the one-line message.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += scalar.escaped(asASCII: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
