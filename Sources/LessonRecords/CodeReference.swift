/// Source code a step shows: a declaration of the project or lines of the lesson's own file,
/// named by path and symbol and read from that file when the site is built, so the page shows
/// the code that was compiled and ran, never a copy.
///
/// `symbol` is what the site's declaration finder takes: `linGrad`, `Linear`, `Linear.backward`,
/// `ExamNetwork.backward`, `init(weight:bias:)`, or `code:NAME` for the lines of `path` between
/// `// code: NAME` and `// end code`.
public struct CodeReference: Codable, Sendable, Equatable, Hashable {
    /// The file, relative to the project root (`Sources/NeuralNet/Functions.swift`).
    public var path: String
    /// The declaration or region in that file.
    public var symbol: String

    public init(_ path: String, _ symbol: String) {
        self.path = path
        self.symbol = symbol
    }
}

extension CodeReference {
    /// `symbol` in `Sources/<module>/<file>.swift`: `.source("NeuralNet/Functions", "linGrad")`.
    public static func source(_ file: String, _ symbol: String) -> CodeReference {
        CodeReference("Sources/\(file).swift", symbol)
    }
}
