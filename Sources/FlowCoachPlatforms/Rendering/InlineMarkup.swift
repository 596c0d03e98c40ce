import Foundation

/// The core's inline markup in one line — `` `code` `` spans first (nothing inside them is
/// markup), then `**bold**` in the rest — written in a platform's own way. A marker without its
/// pair stays as it is, escaped like the text around it.
struct InlineMarkup: Sendable {
    /// Plain text as the platform must receive it.
    var escape: @Sendable (Substring) -> String
    /// A code span, given its raw content.
    var code: @Sendable (Substring) -> String
    /// Bold text, given its content already escaped.
    var bold: @Sendable (String) -> String

    func render(_ line: Substring) -> String {
        if line.utf8.allSatisfy({ $0 < 0x80 }) { return renderASCII(line) }
        var out = ""
        var rest = line
        while let open = rest.firstIndex(of: "`") {
            let start = rest.index(after: open)
            guard let close = rest[start...].firstIndex(of: "`"), close > start else { break }
            out += emphasis(rest[..<open]) + code(rest[start..<close])
            rest = rest[rest.index(after: close)...]
        }
        return out + emphasis(rest)
    }

    private func emphasis(_ text: Substring) -> String {
        var out = ""
        var rest = text
        while let open = rest.range(of: "**"), let close = rest[open.upperBound...].range(of: "**"), close.lowerBound > open.upperBound {
            out += escape(rest[..<open.lowerBound]) + bold(escape(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out + escape(rest)
    }

    /// `render` for a line of ASCII, where every character is one byte: the same spans, found
    /// by searching bytes instead of characters.
    private func renderASCII(_ line: Substring) -> String {
        var out = ""
        var rest = line
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "`")) {
            let start = rest.utf8.index(after: open)
            guard let close = rest.utf8[start...].firstIndex(of: UInt8(ascii: "`")), close > start else { break }
            out += emphasisASCII(rest[..<open]) + code(rest[start..<close])
            rest = rest[rest.utf8.index(after: close)...]
        }
        return out + emphasisASCII(rest)
    }

    private func emphasisASCII(_ text: Substring) -> String {
        var out = ""
        var rest = text
        while let open = Self.doubleStar(in: rest), let close = Self.doubleStar(in: rest[rest.utf8.index(open, offsetBy: 2)...]),
            close > rest.utf8.index(open, offsetBy: 2)
        {
            let inner = rest.utf8.index(open, offsetBy: 2)
            out += escape(rest[..<open]) + bold(escape(rest[inner..<close]))
            rest = rest[rest.utf8.index(close, offsetBy: 2)...]
        }
        return out + escape(rest)
    }

    /// Where the first `**` of an ASCII text starts.
    private static func doubleStar(in text: Substring) -> Substring.Index? {
        var previous: Substring.Index?
        for index in text.utf8.indices {
            if text.utf8[index] == UInt8(ascii: "*") {
                if let previous { return previous }
                previous = index
            } else {
                previous = nil
            }
        }
        return nil
    }

    /// `&`, `<` and `>` as entities, and nothing else: what HTML text and Slack's mrkdwn both need.
    static func entities(_ text: some StringProtocol) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
