import Foundation

/// The core's light markup as Mattermost Markdown. The core's own marks stay marks (paragraphs
/// and line breaks, `•`, `-` and numbered lists, `> ` quotes, ``` blocks, `**bold**` and
/// `` `code` ``); every other character Markdown would act on is escaped with a backslash, so
/// what a person typed and the coach repeats shows as typed and never becomes a link, an image,
/// a heading or a table. Links stay as they are written, for Mattermost to link them.
///
/// And no `@` can notify anyone: an `@` that could start a mention (`@channel`, `@all`,
/// `@here`, `@username`, `@group`) becomes the look-alike `＠`, wherever it stands, code
/// included. An `@` inside a word (`ana@example.org`) is no mention and stays.
enum MattermostMarkdown {
    static func markdown(_ text: String) -> String {
        var lines: [String] = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if MessageSplitter.isFence(line) {
                inCode.toggle()
                lines.append(String(line))
            } else if inCode {
                lines.append(String(line))
            } else {
                lines.append(markdownLine(line))
            }
        }
        return neutraliseMentions(lines.joined(separator: "\n"))
    }

    /// One line outside a ``` block: its list or quote mark kept, the rest escaped.
    static func markdownLine(_ line: Substring) -> String {
        let indent = line.prefix { $0 == " " }
        let trimmed = line.dropFirst(indent.count)
        // Four spaces would make an indented code block: two keep the look without the block.
        let lead = indent.count >= 4 ? "  " : String(indent)
        if trimmed.isEmpty { return "" }
        if let first = trimmed.first, "•-*".contains(first), trimmed.dropFirst().first == " " {
            let item = trimmed.dropFirst(2)
            for (mark, box) in [("[ ] ", "☐ "), ("[x] ", "☑ "), ("[X] ", "☑ ")] where item.hasPrefix(mark) {
                return lead + "\(first) " + box + inline(item.dropFirst(mark.count))
            }
            return lead + "\(first) " + inline(item)
        }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        if (1...9).contains(digits.count), let mark = trimmed.dropFirst(digits.count).first, mark == "." || mark == ")",
            trimmed.dropFirst(digits.count + 1).first == " "
        {
            return lead + trimmed.prefix(digits.count + 2) + inline(trimmed.dropFirst(digits.count + 2))
        }
        if line.first == ">" {
            let rest = line.dropFirst().first == " " ? line.dropFirst(2) : line.dropFirst()
            return "> " + inline(rest)
        }
        return lead + blockSafe(inline(trimmed))
    }

    /// A text line that Markdown would read as a heading, a rule, a list or a table starts with
    /// a backslash instead.
    static func blockSafe(_ line: String) -> String {
        guard let first = line.first else { return line }
        if first == "#" || first == "+" || first == "=" || first == "-" || first == "|" { return "\\" + line }
        return line
    }

    static let markup = InlineMarkup(escape: { escape($0) }, code: { "`" + $0 + "`" }, bold: { "**" + $0 + "**" })

    /// A line's text: `` `code` `` spans kept as they are, `**bold**` kept as bold, links kept,
    /// and every other mark escaped.
    static func inline(_ line: Substring) -> String { markup.render(line) }

    /// The characters Markdown acts on inside a line, each after a backslash; a link (a word
    /// starting `http://`, `https://` or `www.`) is left whole so Mattermost still links it.
    /// `<` and `>` stay: Mattermost shows no HTML, and links itself what `<…>` would link.
    static func escape(_ text: Substring) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let atWordStart = index == text.startIndex || text[text.index(before: index)].isWhitespace
            if atWordStart, isLink(text[index...]) {
                let end = text[index...].firstIndex(where: \.isWhitespace) ?? text.endIndex
                out += text[index..<end]
                index = end
                continue
            }
            let character = text[index]
            if character == "&", isEntity(text[index...]) {
                out += "\\&"
            } else if "\\*_`[]~|".contains(character) {
                out += "\\" + String(character)
            } else {
                out.append(character)
            }
            index = text.index(after: index)
        }
        return out
    }

    static func isLink(_ text: Substring) -> Bool {
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")
    }

    /// `&amp;`, `&#64;`: Markdown would show the character the entity names.
    static func isEntity(_ text: Substring) -> Bool {
        let name = text.dropFirst().prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
        return !name.isEmpty && text.dropFirst(1 + name.count).first == ";"
    }

    /// Every `@` that could start a mention as `＠`: one not preceded by a letter or digit.
    static func neutraliseMentions(_ text: String) -> String {
        guard text.contains("@") else { return text }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "@", !(previous.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false) {
                out.append("\u{FF20}")
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return String(out)
    }
}
