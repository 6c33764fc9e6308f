import LessonRecords

/// Run-dependent numbers in prose: `{{STEP:NAME}}` is the scalar `NAME` recorded in step `STEP` of
/// the same lesson, so that a page built with another seed still says what its run did.
///
/// - `{{STEP:NAME}}`: 4 significant digits, as the pages print scalars.
/// - `{{STEP:NAME|N}}`: N significant digits (1 to 17).
/// - `{{STEP:NAME|%}}`: a percentage, `0.9799` as `97.99 %`.
///
/// Inside maths (`$...$`, `$$...$$`) the number is written for TeX: an ASCII minus and
/// `\times 10^{n}` for an exponent. A placeholder that names no recorded scalar is an error naming
/// the lesson, the prose file and the line, with the step's recorded names.
enum Placeholders {
    /// A placeholder as written: where it is, and what it names.
    struct Reference: Equatable {
        var line: Int
        var step: String
        var name: String
        var format: Format
    }

    enum Format: Equatable {
        case significant(Int)
        case percent
    }

    /// `text` with every placeholder replaced by its value from `record`.
    static func fill(_ text: String, record: LessonRecord?, source: Markdown.Source) throws(SiteError) -> String {
        try scan(text, source: source) { reference, inMath throws(SiteError) in
            try value(of: reference, record: record, inMath: inMath, source: source)
        }
    }

    /// Checks the placeholders' spelling, before any lesson runs (their values come later).
    static func check(_ text: String, source: Markdown.Source) throws(SiteError) {
        _ = try scan(text, source: source) { _, _ in "" }
    }

    /// `text` with each placeholder replaced by what `replace` gives for it and whether it stands
    /// in maths; the line numbers of the references count from `source.firstLine`.
    private static func scan(_ text: String, source: Markdown.Source,
                             replace: (Reference, Bool) throws(SiteError) -> String) throws(SiteError) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var inMath = false
        var line = source.firstLine
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            out += before
            line += before.filter { $0 == "\n" }.count
            inMath = mathOpen(after: before, from: inMath)
            let reference = try parse(rest[open.upperBound...], line: line, source: source)
            out += try replace(reference, inMath)
            rest = rest[open.upperBound...]
            rest = rest[rest.range(of: "}}")!.upperBound...]
        }
        return out + rest
    }

    /// Whether maths is open after `text`, given whether it was before: `$` and `$$` open and
    /// close it (a `$$` counts once), `\$` does not.
    static func mathOpen(after text: Substring, from open: Bool) -> Bool {
        var open = open
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "$", previous != "\\" {
                open.toggle()
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "$" { index = next }
            }
            previous = c
            index = text.index(after: index)
        }
        return open
    }

    /// The placeholder that starts at `text` (just after its `{{`).
    static func parse(_ text: Substring, line: Int, source: Markdown.Source) throws(SiteError) -> Reference {
        func fail(_ message: String) -> SiteError {
            .prose(lesson: source.lesson, file: source.file, line: line, message: message)
        }
        let firstLine = text.prefix { $0 != "\n" }
        guard let close = firstLine.range(of: "}}") else {
            throw fail("a placeholder `{{` is not closed by `}}` on the same line")
        }
        let body = firstLine[..<close.lowerBound]
        let parts = body.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard let colon = parts[0].firstIndex(of: ":") else {
            throw fail("placeholder `{{\(body)}}` needs the form {{step:name}}")
        }
        let step = String(parts[0][..<colon]).trimmingSpaces()
        let name = String(parts[0][parts[0].index(after: colon)...]).trimmingSpaces()
        guard !step.isEmpty, !name.isEmpty else { throw fail("placeholder `{{\(body)}}` needs a step and a name") }
        var format = Format.significant(4)
        if parts.count == 2 {
            let spec = String(parts[1]).trimmingSpaces()
            if spec == "%" {
                format = .percent
            } else if let digits = Int(spec), (1...17).contains(digits) {
                format = .significant(digits)
            } else {
                throw fail("placeholder `{{\(body)}}`: the format after `|` is a number of digits (1 to 17) or %")
            }
        }
        return Reference(line: line, step: step, name: name, format: format)
    }

    private static func value(of reference: Reference, record: LessonRecord?, inMath: Bool,
                              source: Markdown.Source) throws(SiteError) -> String {
        func fail(_ message: String) -> SiteError {
            .prose(lesson: source.lesson, file: source.file, line: reference.line, message: message)
        }
        guard let record else { throw fail("placeholder {{\(reference.step):\(reference.name)}} has no record to read") }
        guard let step = record.steps.first(where: { $0.id == reference.step }) else {
            throw fail("placeholder {{\(reference.step):\(reference.name)}} names step '\(reference.step)', which lesson \(record.id) does not record (its steps: \(record.steps.map(\.id).joined(separator: ", ")))")
        }
        guard let scalar = step.scalars.first(where: { $0.name == reference.name }) else {
            let known = step.scalars.map { "'\($0.name)'" }.joined(separator: ", ")
            throw fail("placeholder {{\(reference.step):\(reference.name)}} names no scalar recorded in step \(step.id) (it records: \(known.isEmpty ? "none" : known))")
        }
        switch reference.format {
        case .percent:
            return Num.percent(scalar.value)
        case .significant(let digits):
            let text = Num.format(scalar.value, significant: digits)
            return inMath ? tex(text) : text
        }
    }

    /// A page number in TeX: ASCII minus, `1.5e-7` as `1.5 \times 10^{-7}`.
    static func tex(_ text: String) -> String {
        let ascii = text.replacingOccurrences(of: "−", with: "-")
        guard let e = ascii.firstIndex(of: "e") else { return ascii }
        return "\(ascii[..<e]) \\times 10^{\(ascii[ascii.index(after: e)...])}"
    }
}
