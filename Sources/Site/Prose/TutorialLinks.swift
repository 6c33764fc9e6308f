import CMarkGFM

/// Where prose names a source tutorial ("Tutorial 003", "tutorial 000's"), a link to that
/// tutorial's introduction on the Sources page, so a learner who meets the name can find out
/// what it is.
///
/// The links are made on cmark's syntax tree, not on the Markdown text, so a name inside code,
/// inside an existing link or in a heading (which is also the step's title) is left as it is.
enum TutorialLinks {
    /// The page that introduces the tutorials.
    static let page = "sources.html"

    /// The anchor of tutorial `number` on the Sources page: `tutorial-003`.
    static func anchor(_ number: String) -> String { "tutorial-\(number)" }

    /// Every tutorial number `text` names, in order of first mention, with the 0-based line of that
    /// mention (for error messages). Case-insensitive "tutorial" followed by a space and three digits.
    static func mentions(in text: String) -> [(number: String, line: Int)] {
        var found: [(number: String, line: Int)] = []
        for (line, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for match in matches(in: String(content)) where !found.contains(where: { $0.number == match.number }) {
                found.append((match.number, line))
            }
        }
        return found
    }

    /// The tutorial names in `text`: their UTF-8 byte ranges and numbers.
    static func matches(in text: String) -> [(range: Range<Int>, number: String)] {
        let bytes = Array(text.utf8)
        let word = Array("tutorial ".utf8)
        var result: [(range: Range<Int>, number: String)] = []
        var i = 0
        while i + word.count + 3 <= bytes.count {
            let candidate = bytes[i..<(i + word.count)].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            let digits = bytes[(i + word.count)..<(i + word.count + 3)]
            let startsWord = i == 0 || !isWordByte(bytes[i - 1])
            let endsNumber = i + word.count + 3 == bytes.count || !isDigit(bytes[i + word.count + 3])
            if startsWord, endsNumber, candidate == word, digits.allSatisfy(isDigit) {
                let end = i + word.count + 3
                result.append((i..<end, String(decoding: digits, as: UTF8.self)))
                i = end
            } else {
                i += 1
            }
        }
        return result
    }

    /// `text` escaped for HTML, with each tutorial name a link when `linked` (a table's cells
    /// and a step's notes, which are plain text from the record).
    static func escaped(_ text: String, linked: Bool) -> String {
        guard linked else { return esc(text) }
        let found = matches(in: text)
        guard !found.isEmpty else { return esc(text) }
        let bytes = Array(text.utf8)
        var html = "", cursor = 0
        for match in found {
            html += esc(String(decoding: bytes[cursor..<match.range.lowerBound], as: UTF8.self))
            html += "<a href=\"\(page)#\(anchor(match.number))\">\(esc(String(decoding: bytes[match.range], as: UTF8.self)))</a>"
            cursor = match.range.upperBound
        }
        return html + esc(String(decoding: bytes[cursor...], as: UTF8.self))
    }

    /// Wraps each tutorial name in the text nodes of `document` (a cmark tree) in a link.
    static func link(_ document: OpaquePointer) {
        for node in textNodes(document) where !insideLinkOrHeading(node) {
            guard let literal = cmark_node_get_literal(node).map({ String(cString: $0) }) else { continue }
            let found = matches(in: literal)
            guard !found.isEmpty else { continue }
            let bytes = Array(literal.utf8)
            var cursor = 0
            for match in found {
                if match.range.lowerBound > cursor {
                    insertText(String(decoding: bytes[cursor..<match.range.lowerBound], as: UTF8.self), before: node)
                }
                guard let link = cmark_node_new(CMARK_NODE_LINK) else { continue }
                cmark_node_set_url(link, "\(page)#\(anchor(match.number))")
                if let label = cmark_node_new(CMARK_NODE_TEXT) {
                    cmark_node_set_literal(label, String(decoding: bytes[match.range], as: UTF8.self))
                    cmark_node_append_child(link, label)
                }
                cmark_node_insert_before(node, link)
                cursor = match.range.upperBound
            }
            cmark_node_set_literal(node, String(decoding: bytes[cursor...], as: UTF8.self))
        }
    }

    /// The text nodes of the tree, collected first so the tree is not changed while walking it.
    private static func textNodes(_ document: OpaquePointer) -> [OpaquePointer] {
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var nodes: [OpaquePointer] = []
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_TEXT {
                nodes.append(node)
            }
        }
        return nodes
    }

    private static func insideLinkOrHeading(_ node: OpaquePointer) -> Bool {
        var parent = cmark_node_parent(node)
        while let current = parent {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_HEADING { return true }
            parent = cmark_node_parent(current)
        }
        return false
    }

    private static func insertText(_ text: String, before node: OpaquePointer) {
        guard let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(textNode, text)
        cmark_node_insert_before(node, textNode)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }
}
