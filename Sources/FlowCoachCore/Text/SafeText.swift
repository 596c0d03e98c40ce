/// Makes text that came from a person safe to echo into any chat platform.
public enum SafeText {
    /// Characters that reorder or hide text (bidi controls, zero-width characters).
    static let invisible: Set<Unicode.Scalar> = [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}",
        "\u{202D}", "\u{202E}", "\u{2060}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}",
    ]

    /// Removes invisible characters and control characters (terminal escapes; tab and newline
    /// stay) and replaces the characters every platform uses for mentions and markup (`@`, `<`,
    /// `>`) with look-alikes that do nothing: `@room` and `<!here>` are shown, never acted on.
    public static func neutralise(_ text: String) -> String {
        // Fast path: printable ASCII without @, < or > needs no change (most values).
        if text.utf8.allSatisfy({
            ($0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">"))
                || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t")
        }) {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !invisible.contains(scalar) && !isControl(scalar) {
            switch scalar {
            case "@": out.append("\u{FF20}")
            case "<": out.append("\u{2039}")
            case ">": out.append("\u{203A}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON whose strings may hold anything a person typed, made inert the JSON way: `@`, `<`,
    /// `>` and invisible characters become `\u` escapes, so the data reads back exactly the same
    /// while no platform sees a mention or markup in it. (JSON encoders already escape controls.)
    public static func inertJSON(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            if scalar == "@" || scalar == "<" || scalar == ">" || invisible.contains(scalar) || isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 controls but tab and newline, DEL and the C1 controls (ESC starts a terminal escape).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
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
