import Foundation

/// The Okapi BM25 formula both indexes score with (k1 = 1.2, b = 0.75).
public enum BM25 {
    public static let k1 = 1.2
    public static let b = 0.75

    /// Inverse document frequency: ln(1 + (N − n + 0.5) / (n + 0.5)).
    static func idf(documents: Int, containing: Int) -> Double {
        let n = Double(containing)
        return log(1 + (Double(documents) - n + 0.5) / (n + 0.5))
    }

    /// One term's contribution to a document's score.
    static func score(idf: Double, frequency tf: Double, length: Double, averageLength: Double) -> Double {
        idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength))
    }
}
