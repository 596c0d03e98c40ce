/// Cuts a text longer than a platform takes into parts of at most `limit` UTF-8 bytes, where a
/// reader would pause: between paragraphs, else between lines, else between words. Only a word
/// longer than a whole part is ever cut (a long link or a run of characters without spaces).
/// A ``` block cut in two is closed at the end of the first part and opened again in the next.
enum MessageSplitter {
    static func split(_ text: String, limit: Int) -> [String] {
        guard text.utf8.count > limit else { return [text] }
        return pack(paragraphs(text), separator: "\n\n", limit: limit) { splitParagraph($0, limit: limit) }
    }

    /// The text's paragraphs: runs of lines between blank lines. A ``` block is a paragraph of
    /// its own, blank lines and all.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var lines: [Substring] = []
        func end() {
            if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
            lines = []
        }
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if isFence(line) {
                if !inCode { end() }
                lines.append(line)
                if inCode { end() }
                inCode.toggle()
            } else if !inCode && line.allSatisfy(\.isWhitespace) {
                end()
            } else {
                lines.append(line)
            }
        }
        end()
        return paragraphs
    }

    static func isFence(_ line: Substring) -> Bool {
        line.drop { $0 == " " }.hasPrefix("```")
    }

    /// A paragraph too long for one part, by lines; a ``` block's parts each opened and closed.
    static func splitParagraph(_ paragraph: String, limit: Int) -> [String] {
        var lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let open = lines.first, isFence(open[...]), lines.count > 1 {
            lines.removeFirst()
            if let last = lines.last, isFence(last[...]) { lines.removeLast() }
            let close = "```"
            let room = limit - open.utf8.count - close.utf8.count - 2
            if room >= 16 {
                return pack(lines, separator: "\n", limit: room) { splitLine($0, limit: room) }.map { open + "\n" + $0 + "\n" + close }
            }
            lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return pack(lines, separator: "\n", limit: limit) { splitLine($0, limit: limit) }
    }

    /// A line too long for one part, by words.
    static func splitLine(_ line: String, limit: Int) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return pack(words, separator: " ", limit: limit) { cut($0, limit: limit) }
    }

    /// A word too long for one part, cut between characters: the only cut inside a word.
    static func cut(_ word: String, limit: Int) -> [String] {
        var parts: [String] = []
        var current = ""
        for character in word {
            if current.utf8.count + character.utf8.count > limit, !current.isEmpty {
                parts.append(current)
                current = ""
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// Joins `items` with `separator` into as few parts of at most `limit` bytes as go in order;
    /// an item longer than `limit` by itself is broken by `tooLong`, and its last piece may share
    /// a part with the items after it.
    static func pack(_ items: [String], separator: String, limit: Int, tooLong: (String) -> [String]) -> [String] {
        var parts: [String] = []
        var current = ""
        var filled = false
        for item in items {
            if filled {
                if current.utf8.count + separator.utf8.count + item.utf8.count <= limit {
                    current += separator
                    current += item
                    continue
                }
                parts.append(current)
            }
            if item.utf8.count <= limit {
                current = item
            } else {
                var pieces = tooLong(item)
                current = pieces.removeLast()
                parts += pieces
            }
            filled = true
        }
        if filled { parts.append(current) }
        return parts
    }
}
