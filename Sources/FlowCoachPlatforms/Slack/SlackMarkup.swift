import Foundation

/// The core's light markup as Slack `mrkdwn`: `&`, `<` and `>` escaped in everything (so
/// `<!here>`, `<!channel>` or `<@U…>` in what a person wrote is shown, never acted on),
/// `**bold**` as `*bold*`, `` `code` `` and ``` blocks kept, `•`/`-`/`*` items as `•` lines,
/// numbered lists and `> ` quotes kept. Long text is cut where a reader pauses into sections
/// of at most 3,000 characters (Slack's limit for one section block), and sections into
/// messages; nothing is ever truncated.
enum SlackMarkup {
    /// Slack refuses a section block whose text is longer; measured in UTF-8 bytes, which are never fewer than characters.
    static let sectionLimit = 3000
    /// One message carries at most this much text (Slack truncates at 40,000; notifications show far less).
    static let messageLimit = 12_000
    static let sectionsPerMessage = 10

    /// The messages a reply becomes, with its choices as buttons under the last one.
    static func messages(_ text: String) -> [SlackMessage] {
        var messages: [SlackMessage] = []
        var current: [String] = []
        var size = 0
        for section in sections(text) {
            if !current.isEmpty, current.count == sectionsPerMessage || size + 2 + section.utf8.count > messageLimit {
                messages.append(SlackMessage(sections: current))
                current = []
                size = 0
            }
            size += (current.isEmpty ? 0 : 2) + section.utf8.count
            current.append(section)
        }
        if !current.isEmpty || messages.isEmpty { messages.append(SlackMessage(sections: current)) }
        messages[messages.count - 1].choices = choices(text)
        return messages
    }

    /// The text as mrkdwn sections of at most `sectionLimit` bytes, cut between paragraphs, lines, then words.
    static func sections(_ text: String) -> [String] {
        sections(text, budget: sectionLimit).filter { !$0.isEmpty }
    }

    /// Escapes grow text at most five times (`&` is `&amp;`), so a sixth of the limit always fits.
    private static func sections(_ text: String, budget: Int) -> [String] {
        var out: [String] = []
        for part in MessageSplitter.split(text, limit: budget) {
            let converted = mrkdwn(part)
            let size = converted.utf8.count
            if size <= sectionLimit || budget <= sectionLimit / 6 {
                out.append(converted)
            } else {
                let smaller = max(sectionLimit / 6, min(budget - 1, part.utf8.count * sectionLimit / size))
                out += sections(part, budget: smaller)
            }
        }
        return out
    }

    static func mrkdwn(_ text: String) -> String {
        var lines: [String] = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if MessageSplitter.isFence(line) {
                // Slack shows a language name after ``` as code: the fence alone.
                lines.append("```")
                inCode.toggle()
                continue
            }
            if inCode {
                lines.append(escape(line))
                continue
            }
            switch LightMarkup.Line(line) {
            case .blank: lines.append("")
            case .text(let text): lines.append(inline(text))
            case .bullet(let text): lines.append("• " + item(text))
            case .numbered(let number, let text): lines.append("\(number). " + inline(text))
            case .quote(let text): lines.append("> " + inline(text))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `&`, `<` and `>` as Slack's three entities, and nothing else (Slack decodes only these).
    static func escape(_ text: some StringProtocol) -> String { InlineMarkup.entities(text) }

    static let markup = InlineMarkup(escape: { escape($0) }, code: { "`" + escape($0) + "`" }, bold: { "*" + $0 + "*" })

    /// `` `code` `` spans and `**bold**` as mrkdwn (`*bold*`), everything else escaped.
    static func inline(_ line: Substring) -> String { markup.render(line) }

    /// A list item; `[ ]` and `[x]` at its start are a checkbox.
    static func item(_ text: Substring) -> String {
        for (mark, box) in [("[ ] ", "☐ "), ("[x] ", "☑ "), ("[X] ", "☑ ")] where text.hasPrefix(mark) {
            return box + inline(text.dropFirst(mark.count))
        }
        return inline(text)
    }

    /// The choices a reply ends with, offered as buttons: a closing "(yes / no)"-style line (two to
    /// five short words between slashes), or a numbered list of two to ten options after a
    /// question. A button's value is the option's own text, which the coach reads as if typed.
    static func choices(_ text: String) -> [SlackChoice] {
        let trimmed = text.trimmingTrailing
        if let last = trimmed.split(separator: "\n").last, last.hasSuffix(")"), let open = last.lastIndex(of: "(") {
            let inner = last[last.index(after: open)..<last.index(before: last.endIndex)]
            let words = inner.components(separatedBy: " / ").map { $0.trimmingCharacters(in: .whitespaces) }
            if (2...5).contains(words.count), words.allSatisfy({ (1...30).contains($0.count) && !$0.contains("/") }) {
                return words.map { SlackChoice(label: $0, value: $0) }
            }
        }
        let paragraphs = MessageSplitter.paragraphs(trimmed)
        guard paragraphs.count >= 2, let list = paragraphs.last, paragraphs[paragraphs.count - 2].split(separator: "\n").last?.contains("?") == true
        else { return [] }
        var options: [SlackChoice] = []
        for (index, line) in list.split(separator: "\n").enumerated() {
            guard case .numbered(let number, let option) = LightMarkup.Line(line), number == index + 1, !option.isEmpty else { return [] }
            options.append(SlackChoice(label: String(option), value: String(option)))
        }
        return (2...10).contains(options.count) ? options : []
    }
}

/// One Slack message of a reply: its mrkdwn sections, and buttons under them.
struct SlackMessage: Sendable, Equatable {
    var sections: [String]
    var choices: [SlackChoice] = []

    /// The whole text, for notifications and clients that show no blocks.
    var text: String { sections.joined(separator: "\n\n") }
}

/// A button under a message.
struct SlackChoice: Sendable, Equatable {
    var label: String
    var value: String
}

extension String {
    fileprivate var trimmingTrailing: String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
