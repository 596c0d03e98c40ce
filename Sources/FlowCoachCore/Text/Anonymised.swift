/// Free text with what could name someone taken out, for quoting it without its author:
/// e-mail addresses, @handles, phone and id numbers, and capitalised words inside a sentence
/// (names of people, and of places or products, which can point at people just as well).
public enum Anonymised {
    /// Capitalised words that name no one.
    static let common: Set<String> = [
        "I", "I'm", "I've", "I'd", "I'll", "OK", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    public static func text(_ text: String) -> String {
        var out: [String] = []
        var sentenceStart = true
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let bare = word.strippingEdges(of: "()[]{}\"'.,;:!?")
            let replacement: String?
            if bare.contains("@") {
                replacement = bare.contains(".") && !bare.hasPrefix("@") ? "[email]" : "[name]"
            } else if bare.filter(\.isNumber).count >= 5 {
                replacement = "[number]"
            } else if !sentenceStart, let first = bare.first, first.isUppercase, !common.contains(bare) {
                replacement = "[name]"
            } else {
                replacement = nil
            }
            if let replacement, out.last != replacement {
                out.append(replacement)
            } else if replacement == nil {
                out.append(String(word))
            }
            sentenceStart = word.last.map { ".!?".contains($0) } ?? false
        }
        return out.joined(separator: " ")
    }
}

extension Substring {
    /// Without the characters of `set` at either end (the core leaves Foundation's `CharacterSet` out).
    fileprivate func strippingEdges(of set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
