import Foundation

/// Turns what people type into a comparable form: invisible characters removed, Unicode
/// compatibility-normalised, case and accents folded, whitespace collapsed.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
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
