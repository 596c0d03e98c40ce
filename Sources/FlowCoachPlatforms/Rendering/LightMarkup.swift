import Foundation

/// The core's light markup as HTML (Matrix's `org.matrix.custom.html`). It knows what the core
/// and the admins' knowledge items write, and nothing more: paragraphs and line breaks, `•`, `-`
/// and `*` lists (a `[ ]` / `[x]` item as a checkbox), numbered lists, `> ` quotes, ``` blocks,
/// `**bold**` and `` `code` ``. Every character of the text is escaped before any tag is added,
/// so what a person typed shows as typed and never becomes a tag, an attribute or a link.
enum LightMarkup {
    static func html(_ text: String) -> String {
        var html = ""
        var block: Block?
        var code: (language: String, lines: [Substring])?
        func flush() {
            if let block { html += block.html }
            block = nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if var open = code {
                if MessageSplitter.isFence(line) {
                    html += Self.code(open.lines, language: open.language)
                    code = nil
                } else {
                    open.lines.append(line)
                    code = open
                }
                continue
            }
            if MessageSplitter.isFence(line) {
                flush()
                code = (language(line.drop { $0 == " " }.dropFirst(3)), [])
                continue
            }
            let kind = Line(line)
            if let current = block, let joined = current.adding(kind) {
                block = joined
            } else {
                flush()
                block = Block(kind)
            }
        }
        flush()
        if let open = code { html += Self.code(open.lines, language: open.language) }
        return html
    }

    /// A ``` block: its text escaped and nothing else, line breaks kept.
    static func code(_ lines: [Substring], language: String) -> String {
        let attribute = language.isEmpty ? "" : " class=\"language-\(language)\""
        return "<pre><code\(attribute)>" + escape(lines.joined(separator: "\n")) + "</code></pre>"
    }

    /// The language after ``` when it is a plain name (`json`, `c++`), else none: it goes into an attribute.
    static func language(_ info: Substring) -> String {
        let name = info.trimmingSpaces
        let allowed = name.count <= 32 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-_".unicodeScalars.contains($0)
        }
        return allowed ? String(name) : ""
    }

    /// `&`, `<` and `>` as entities: enough for text between tags, which is the only place text
    /// goes (the attributes above are made of digits and plain names).
    static func escape(_ text: some StringProtocol) -> String { InlineMarkup.entities(text) }

    static let markup = InlineMarkup(escape: { escape($0) }, code: { "<code>" + escape($0) + "</code>" }, bold: { "<strong>" + $0 + "</strong>" })

    /// One line's text: `` `code` `` and `**bold**` as tags, everything else escaped.
    static func inline(_ line: Substring) -> String { markup.render(line) }

    /// What one line of text is.
    enum Line {
        case blank
        case text(Substring)
        case bullet(Substring)
        case numbered(Int, Substring)
        case quote(Substring)

        init(_ line: Substring) {
            let trimmed = line.drop { $0 == " " }
            let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
            if trimmed.allSatisfy(\.isWhitespace) {
                self = .blank
            } else if let first = trimmed.first, "•-*".contains(first), trimmed.dropFirst().first == " " {
                self = .bullet(trimmed.dropFirst(2))
            } else if (1...9).contains(digits.count), let number = Int(digits), let mark = trimmed.dropFirst(digits.count).first,
                mark == "." || mark == ")", trimmed.dropFirst(digits.count + 1).first == " "
            {
                self = .numbered(number, trimmed.dropFirst(digits.count + 2))
            } else if line.first == ">" {
                self = .quote(line.dropFirst().first == " " ? line.dropFirst(2) : line.dropFirst())
            } else {
                self = .text(line)
            }
        }
    }

    /// Consecutive lines shown together.
    enum Block {
        case paragraph([Substring])
        case bullets([Substring])
        case numbered(start: Int, [Substring])
        case quote([Substring])

        init?(_ line: Line) {
            switch line {
            case .blank: return nil
            case .text(let text): self = .paragraph([text])
            case .bullet(let text): self = .bullets([text])
            case .numbered(let number, let text): self = .numbered(start: number, [text])
            case .quote(let text): self = .quote([text])
            }
        }

        /// This block with `line` added, or nil when the line starts another block.
        func adding(_ line: Line) -> Block? {
            switch (self, line) {
            case (.paragraph(let lines), .text(let text)): .paragraph(lines + [text])
            case (.bullets(let items), .bullet(let text)): .bullets(items + [text])
            case (.numbered(let start, let items), .numbered(_, let text)): .numbered(start: start, items + [text])
            case (.quote(let lines), .quote(let text)): .quote(lines + [text])
            default: nil
            }
        }

        var html: String {
            switch self {
            case .paragraph(let lines): "<p>" + lines.map(LightMarkup.inline).joined(separator: "<br>") + "</p>"
            case .bullets(let items): "<ul>" + items.map { "<li>" + LightMarkup.item($0) + "</li>" }.joined() + "</ul>"
            case .numbered(let start, let items):
                (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") + items.map { "<li>" + LightMarkup.inline($0) + "</li>" }.joined() + "</ol>"
            case .quote(let lines): "<blockquote>" + lines.map(LightMarkup.inline).joined(separator: "<br>") + "</blockquote>"
            }
        }
    }

    /// A list item; `[ ]` and `[x]` at its start are a checkbox.
    static func item(_ text: Substring) -> String {
        for (mark, box) in [("[ ] ", "☐ "), ("[x] ", "☑ "), ("[X] ", "☑ ")] where text.hasPrefix(mark) {
            return box + inline(text.dropFirst(mark.count))
        }
        return inline(text)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
