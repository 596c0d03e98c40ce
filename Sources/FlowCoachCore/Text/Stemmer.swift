/// A light English stemmer: enough to match "presentations" and "presenting" with "present",
/// and "negotiate", "negotiating" and "negotiation" with each other.
public enum Stemmer {
    private static let suffixes = ["ations", "ation", "ating", "ates", "ated", "ate", "ings", "ing", "ies", "es", "ed", "s"]

    public static func stem(_ word: String) -> String {
        for suffix in suffixes where word.hasSuffix(suffix) && word.count - suffix.count >= 4 {
            let root = String(word.dropLast(suffix.count))
            return suffix == "ies" ? root + "y" : root
        }
        return word
    }
}
