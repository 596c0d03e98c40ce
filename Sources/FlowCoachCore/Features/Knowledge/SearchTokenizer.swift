/// Splits text into search terms: normalised words, stop words dropped, lightly stemmed.
public enum SearchTokenizer {
    /// Common English words that carry no meaning for search.
    static let stopWords: Set<String> = [
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by",
        "can", "could", "did", "do", "does", "for", "from", "get", "had", "has", "have", "he", "her", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "out", "she", "so",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "too", "up", "us", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    ]

    public static func terms(_ text: String) -> [String] {
        TextNormalizer.words(text).compactMap { word in
            stopWords.contains(word) ? nil : Stemmer.stem(word)
        }
    }
}
