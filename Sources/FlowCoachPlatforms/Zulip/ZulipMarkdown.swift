/// The core's light markup as Zulip messages. Zulip renders Markdown itself and the light markup
/// is a subset of it (paragraphs, line breaks, `**bold**`, `` `code` ``, ``` blocks, `> ` quotes,
/// numbered lists; `•` lines show as written), so the text is sent as it is, with two changes:
///
/// - **Nothing in it can notify anyone.** Zulip turns `@**Name**`, `@_**Name**`, `@*group*` and
///   the wildcards `@**all**`, `@**everyone**`, `@**channel**`, `@**stream**`, `@**topic**` into
///   mentions only where `@` is directly followed by `_` or `*`; an invisible WORD JOINER (U+2060)
///   goes between them, so what a person typed and the coach echoes shows as typed and pings no
///   one. Likewise `#**stream**` links, and a leading `/` (which would start a `/poll` widget or a
///   `/me` message).
/// - **Long replies are split** where a reader pauses (paragraphs, then lines, then words) into
///   messages under Zulip's 10,000-character limit, beyond which the server would cut them short.
enum ZulipMarkdown {
    /// The most characters (Unicode scalars, as Zulip counts them) one message may hold.
    static let maxCharacters = 10_000
    static let wordJoiner: Unicode.Scalar = "\u{2060}"

    /// The messages for `text`, each at most `limit` characters after neutralising.
    static func render(_ text: String, limit: Int = maxCharacters) -> [RenderedMessage] {
        render(text, limit: limit, budget: limit)
    }

    /// Splits by UTF-8 bytes (never fewer than characters), then checks the neutralised part: a word
    /// joiner added per mention can push a part past `limit`, which is then split again, finer.
    private static func render(_ text: String, limit: Int, budget: Int) -> [RenderedMessage] {
        var messages: [RenderedMessage] = []
        for part in MessageSplitter.split(text, limit: budget) {
            let safe = neutralise(checkboxes(part))
            let size = safe.unicodeScalars.count
            if size <= limit || budget <= 16 {
                messages.append(RenderedMessage(body: safe))
            } else {
                let smaller = max(16, min(budget - 1, part.unicodeScalars.count * limit / size))
                messages += render(part, limit: limit, budget: smaller)
            }
        }
        return messages
    }

    /// `text` with a word joiner after every `@` that is followed by `_` or `*`, after every `#`
    /// followed by `**`, and before a leading `/`.
    static func neutralise(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 8)
        if scalars.first == "/" { out.append(wordJoiner) }
        for (index, scalar) in scalars.enumerated() {
            out.append(scalar)
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let afterNext = index + 2 < scalars.count ? scalars[index + 2] : nil
            if scalar == "@", next == "*" || next == "_" {
                out.append(wordJoiner)
            } else if scalar == "#", next == "*", afterNext == "*" {
                out.append(wordJoiner)
            }
        }
        return String(out)
    }

    /// List items starting `[ ]` / `[x]` shown as ☐ / ☑, as the HTML platforms show them (Zulip
    /// has no task lists, and `[x](…)` would read as a link).
    static func checkboxes(_ text: String) -> String {
        guard text.contains("[ ] ") || text.contains("[x] ") || text.contains("[X] ") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            guard let marker = rest.first, "•-*".contains(marker), rest.dropFirst().first == " " else { return String(line) }
            let item = rest.dropFirst(2)
            for (mark, box) in [("[ ] ", "☐ "), ("[x] ", "☑ "), ("[X] ", "☑ ")] where item.hasPrefix(mark) {
                return String(indent) + String(marker) + " " + box + item.dropFirst(mark.count)
            }
            return String(line)
        }.joined(separator: "\n")
    }
}
