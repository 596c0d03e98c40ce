import Foundation

/// Turns what people type into a comparable form: invisible characters removed, Unicode
/// compatibility-normalised, case and accents folded, whitespace collapsed.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        // Fast path for printable ASCII: lower-case and collapse spaces, no Unicode folding needed.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var out = [UInt8]()
            out.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if byte == UInt8(ascii: " ") {
                    if let last = out.last, last != UInt8(ascii: " ") { out.append(byte) }
                } else {
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                }
            }
            if out.last == UInt8(ascii: " ") { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !SafeText.invisible.contains(scalar) {
            cleaned.append(scalar)
        }
        let folded = String(cleaned).precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The normalised words of `text`: letters and digits, split on everything else.
    public static func words(_ text: String) -> [String] {
        normalize(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
