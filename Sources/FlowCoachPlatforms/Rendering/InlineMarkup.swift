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

    /// `&`, `<` and `>` as entities, and nothing else: what HTML text and Slack's mrkdwn both need.
    static func entities(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
