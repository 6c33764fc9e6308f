/// Numbers and strings: the literals whose ends take more than one character class to find.
extension SwiftLexer {
    /// An integer or float: `1_000`, `0x7FF0_0000`, `0x1.8p-3`, `0b1010`, `0o17`, `6.02e23`.
    mutating func lexNumber() {
        // After a `.` (as in `tuple.0.1`) a number is a tuple index: digits only, no fraction.
        let afterDot = tokens.last?.text == "."
        var end = pos + 1
        let radix = scalar(at: pos + 1)
        if scalars[pos] == "0", let radix, radix == "x" || radix == "b" || radix == "o" {
            let hex = radix == "x"
            let digits: (Unicode.Scalar) -> Bool = { hex ? Self.isHexDigitOrUnderscore($0) : Self.isDigitOrUnderscore($0) }
            end = pos + 2
            while end < scalars.count && digits(scalars[end]) { end += 1 }
            if radix == "x" {
                if !afterDot, scalar(at: end) == ".", let next = scalar(at: end + 1), Self.isHexDigit(next) {
                    end += 1
                    while end < scalars.count && digits(scalars[end]) { end += 1 }
                }
                end = exponentEnd(from: end, markers: ["p", "P"])
            }
        } else {
            while end < scalars.count && Self.isDigitOrUnderscore(scalars[end]) { end += 1 }
            if !afterDot, scalar(at: end) == ".", let next = scalar(at: end + 1), ("0"..."9").contains(next) {
                end += 1
                while end < scalars.count && Self.isDigitOrUnderscore(scalars[end]) { end += 1 }
            }
            if !afterDot { end = exponentEnd(from: end, markers: ["e", "E"]) }
        }
        emit(.number, to: end)
    }

    /// The end of an exponent (`e-3`, `p+2`) starting at `index`, or `index` if there is none.
    func exponentEnd(from index: Int, markers: [Unicode.Scalar]) -> Int {
        guard let marker = scalar(at: index), markers.contains(marker) else { return index }
        var digitsStart = index + 1
        if scalar(at: digitsStart) == "+" || scalar(at: digitsStart) == "-" { digitsStart += 1 }
        guard let first = scalar(at: digitsStart), ("0"..."9").contains(first) else { return index }
        var end = digitsStart
        while end < scalars.count && Self.isDigitOrUnderscore(scalars[end]) { end += 1 }
        return end
    }

    /// Starts a string literal whose first quote is at `quote` (after `hashes` `#`, which begin at
    /// `pos`) and lexes its text up to its end or its first interpolation.
    mutating func openString(hashes: Int, quoteAt quote: Int) {
        let start = pos
        let q = scalars[quote]
        let multiline = q == "\"" && scalar(at: quote + 1) == "\"" && scalar(at: quote + 2) == "\""
        let form = StringForm(quote: q, hashes: hashes, multiline: multiline)
        frames.append(.string(form))
        pos = quote + (multiline ? 3 : 1)
        lexStringText(form, segmentStart: start)
    }

    /// The text of the string on top of the frame stack, from `pos`, as one `.string` token that
    /// begins at `segmentStart`. It stops after the closing delimiter (popping the string), at a
    /// `\(` (pushing an interpolation), at the end of the line for a single-line string that is
    /// not closed (popping it; the line break is code again), or at the end of the input.
    mutating func lexStringText(_ form: StringForm, segmentStart: Int) {
        var i = pos
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                let afterHashes = i + 1 + form.hashes
                guard countHashes(from: i + 1, upTo: form.hashes) == form.hashes else {
                    i += 1  // a backslash in a raw string without its `#`s is just text
                    continue
                }
                if scalar(at: afterHashes) == "(" && form.quote == "\"" {
                    emit(.string, from: segmentStart, to: i)
                    emit(.interpolation, from: i, to: afterHashes + 1)
                    frames.append(.interpolation(depth: 0, singleLine: !form.multiline))
                    return
                }
                // The escaped character is text, except a line break ending a single-line string.
                let escaped = scalar(at: afterHashes)
                i = escaped.map { !form.multiline && Self.isNewline($0) } ?? true ? afterHashes : afterHashes + 1
                continue
            }
            if c == form.quote, let end = closingEnd(form, quoteAt: i) {
                emit(.string, from: segmentStart, to: end)
                frames.removeLast()
                return
            }
            if !form.multiline && Self.isNewline(c) {
                emit(.string, from: segmentStart, to: i)
                pos = i
                frames.removeLast()
                return
            }
            i += 1
        }
        emit(.string, from: segmentStart, to: scalars.count)
        frames.removeLast()
    }

    /// The end of the closing delimiter of `form` if one starts at `quoteAt`.
    func closingEnd(_ form: StringForm, quoteAt index: Int) -> Int? {
        var end = index + 1
        if form.multiline {
            guard scalar(at: index + 1) == "\"", scalar(at: index + 2) == "\"" else { return nil }
            end = index + 3
        }
        return countHashes(from: end, upTo: form.hashes) == form.hashes ? end + form.hashes : nil
    }
}
