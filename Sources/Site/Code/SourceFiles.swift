import LessonRecords

/// The text of the project's source files that the lessons' steps show, by path relative to the
/// project root (`Sources/NeuralNet/Functions.swift`). The CLI reads them from disk when it builds
/// the site, from the same tree the executable was compiled from, so a page shows the code that
/// ran; the site never keeps a copy of its own.
public struct SourceFiles: Sendable, Equatable {
    /// File contents by path.
    public var texts: [String: String]

    public init(_ texts: [String: String] = [:]) {
        self.texts = texts
    }

    /// Every path that `references` name, once, in a fixed order.
    public static func paths(of references: [CodeReference]) -> [String] {
        Array(Set(references.map(\.path))).sorted()
    }

    /// Resolves `reference` for step `step` of lesson `lesson`: the error names all four.
    public func range(of reference: CodeReference, lesson: String, step: String) throws(SiteError) -> (text: String, range: CodeRange) {
        guard let text = texts[reference.path] else {
            throw .code(lesson: lesson, step: step, path: reference.path, symbol: reference.symbol,
                        message: "no such file")
        }
        do {
            return (text, try DeclarationFinder.find(reference.symbol, in: text, file: reference.path))
        } catch {
            throw .code(lesson: lesson, step: step, path: reference.path, symbol: reference.symbol,
                        message: error.description)
        }
    }

    /// Checks that every reference of every declared step resolves, before any lesson runs.
    public func check(_ references: [(lesson: String, step: String, reference: CodeReference)]) throws(SiteError) {
        for item in references {
            _ = try range(of: item.reference, lesson: item.lesson, step: item.step)
        }
    }

    /// The code blocks of one step, highlighted, in the order the step names them.
    func html(for step: StepRecord, lesson: String) throws(SiteError) -> String {
        var html = ""
        for reference in step.code {
            let (text, range) = try range(of: reference, lesson: lesson, step: step.id)
            html += CodeBlockView.render(symbol: reference.symbol, path: reference.path, source: text, range: range)
        }
        return html
    }
}
