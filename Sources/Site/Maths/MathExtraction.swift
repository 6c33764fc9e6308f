/// Finds the maths in Markdown prose and swaps it for placeholders cmark leaves alone.
///
/// Rules (as pandoc's): `$$...$$` is display maths and may span lines; `$...$` is inline when the
/// opening `$` is followed by a non-space, the closing one preceded by a non-space and not
/// followed by a digit (so "costs $5 and $10" stays text), and never reaching into a code span.
/// `\$` is a literal dollar. Code spans
/// and fenced code blocks are copied unchanged.
enum MathExtraction {
    struct Math: Equatable {
        var tex: String
        var display: Bool
        /// The file line where the formula starts.
        var line: Int
    }

    static func token(_ index: Int) -> String { "XXMATH\(index)XX" }

    static func extract(_ text: String, source: Markdown.Source) throws(SiteError) -> (String, [Math]) {
        let chars = Array(text)
        var out = ""
        var maths: [Math] = []
        var i = 0
        var line = source.firstLine
        var inFence: String?
        var atLineStart = true

        func advance(_ count: Int) {
            for k in i..<min(chars.count, i + count) where chars[k] == "\n" { line += 1 }
            i += count
        }

        while i < chars.count {
            if atLineStart {
                // Fenced code blocks: a line starting (after up to three spaces) with ``` or ~~~.
                var j = i
                while j < chars.count, j - i < 3, chars[j] == " " { j += 1 }
                let rest = String(chars[j..<min(chars.count, j + 3)])
                if rest == "```" || rest == "~~~" {
                    if inFence == nil { inFence = rest } else if inFence == rest { inFence = nil }
                }
            }
            let c = chars[i]
            if inFence != nil {
                out.append(c)
                atLineStart = c == "\n"
                advance(1)
                continue
            }
            atLineStart = c == "\n"
            if c == "\\", i + 1 < chars.count {
                out.append(c); out.append(chars[i + 1])
                atLineStart = chars[i + 1] == "\n"
                advance(2)
                continue
            }
            if c == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if let close = findBacktickRun(chars, from: i + run, length: run) {
                    out += String(chars[i..<close + run])
                    advance(close + run - i)
                } else {
                    out += String(repeating: "`", count: run)
                    advance(run)
                }
                continue
            }
            if c == "$" {
                if i + 1 < chars.count, chars[i + 1] == "$" {
                    guard let close = find(chars, "$$", from: i + 2) else {
                        throw .prose(lesson: source.lesson, file: source.file, line: line, message: "$$ without a closing $$")
                    }
                    let tex = String(chars[i + 2..<close]).trimmingSpaces()
                    maths.append(Math(tex: tex, display: true, line: line))
                    out += token(maths.count - 1)
                    advance(close + 2 - i)
                    continue
                }
                if let close = inlineClose(chars, open: i) {
                    maths.append(Math(tex: String(chars[i + 1..<close]), display: false, line: line))
                    out += token(maths.count - 1)
                    advance(close + 1 - i)
                    continue
                }
            }
            out.append(c)
            advance(1)
        }
        return (out, maths)
    }

    private static func findBacktickRun(_ chars: [Character], from start: Int, length: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == "`" {
                var run = 0
                while j + run < chars.count, chars[j + run] == "`" { run += 1 }
                if run == length { return j }
                j += run
            } else {
                j += 1
            }
        }
        return nil
    }

    private static func find(_ chars: [Character], _ needle: String, from start: Int) -> Int? {
        let n = Array(needle)
        var j = start
        while j + n.count <= chars.count {
            if chars[j] == "\\" { j += 2; continue }
            if Array(chars[j..<j + n.count]) == n { return j }
            j += 1
        }
        return nil
    }

    /// The closing `$` of an inline formula opened at `open`, within the same paragraph.
    private static func inlineClose(_ chars: [Character], open: Int) -> Int? {
        guard open + 1 < chars.count, !chars[open + 1].isWhitespace else { return nil }
        var j = open + 1
        while j < chars.count {
            let c = chars[j]
            if c == "\\" { j += 2; continue }
            if c == "\n", j + 1 < chars.count, chars[j + 1] == "\n" { return nil }
            // TeX has no use for backticks; one means the `$` was a price next to a code span.
            if c == "`" { return nil }
            if c == "$" {
                let before = chars[j - 1]
                let after: Character? = j + 1 < chars.count ? chars[j + 1] : nil
                if !before.isWhitespace, !(after?.isNumber ?? false) { return j }
                return nil
            }
            j += 1
        }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
