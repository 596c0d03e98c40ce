/// Makes text that came from a person safe to echo into any chat platform.
public enum SafeText {
    /// Characters that reorder or hide text (bidi controls, zero-width characters).
    static let invisible: Set<Unicode.Scalar> = [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}",
        "\u{202D}", "\u{202E}", "\u{2060}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}",
    ]

    /// Removes invisible characters and replaces the characters every platform uses for
    /// mentions and markup (`@`, `<`, `>`) with look-alikes that do nothing: `@room` and
    /// `<!here>` are shown, never acted on.
    public static func neutralise(_ text: String) -> String {
        // Fast path: plain ASCII without @, < or > needs no change (most values).
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }) {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !invisible.contains(scalar) {
            switch scalar {
            case "@": out.append("\u{FF20}")
            case "<": out.append("\u{2039}")
            case ">": out.append("\u{203A}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension String {
    /// The text without leading and trailing punctuation ("help!" → "help").
    var trimmedPunctuation: String {
        guard let first = firstIndex(where: { !$0.isPunctuation }), let last = lastIndex(where: { !$0.isPunctuation }) else { return "" }
        return String(self[first...last])
    }

    /// The text without leading and trailing whitespace and newlines (no Foundation bridging).
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
