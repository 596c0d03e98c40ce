import Foundation

/// Slack's message text read back as what the person typed: `<@U123>` is `@U123` (or its label),
/// `<#C123|general>` is `#general`, `<!here>` is `@here`, a link is its label or its address, and
/// `&lt;` `&gt;` `&amp;` are the characters. The coach's own mention is removed, so
/// "<@UBOT> coach feedback" is "coach feedback". The result is plain text: the renderer escapes
/// it again, so nothing a person wrote comes back as a control sequence.
enum SlackText {
    static func plain(_ text: String, botUserID: String?) -> String {
        var out = ""
        var rest = Substring(text).drop { $0.isWhitespace }
        // "<@UBOT> help", "<@UBOT>: help": the address, not part of what was said.
        if let botUserID, rest.hasPrefix("<@\(botUserID)>") || rest.hasPrefix("<@\(botUserID)|"), let close = rest.firstIndex(of: ">") {
            rest = rest[rest.index(after: close)...].drop { $0 == " " || $0 == ":" || $0 == "," || $0 == "\u{00A0}" }
        }
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            out += rest[..<open]
            out += token(rest[rest.index(after: open)..<close], botUserID: botUserID)
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return unescape(out.trimmingTrailingSpaces)
    }

    /// One `<…>` sequence as text.
    static func token(_ inner: Substring, botUserID: String?) -> String {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = parts.first.map(String.init) ?? ""
        let label = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        switch target.first {
        case "@":
            if let botUserID, target.dropFirst() == botUserID { return "" }
            return label.map { $0.hasPrefix("@") ? $0 : "@" + $0 } ?? target
        case "#":
            return "#" + (label ?? String(target.dropFirst()))
        case "!":
            let command = target.dropFirst().prefix { $0 != "^" }
            if let label { return label }
            return ["here", "channel", "everyone"].contains(String(command)) ? "@" + command : String(command)
        default:
            return label ?? target
        }
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while let last = text.last, last == " " || last == "\n" { text.removeLast() }
        return text
    }
}
