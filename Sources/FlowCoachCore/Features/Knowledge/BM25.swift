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
        score(idf: idf, frequency: tf, norm: norm(length: length, averageLength: averageLength))
    }

    /// The length part of a document's denominator, k1 · (1 − b + b · len / avglen): the same for
    /// every term of the document, so indexes work it out once per document.
    @inline(__always)
    static func norm(length: Double, averageLength: Double) -> Double {
        k1 * (1 - b + b * length / averageLength)
    }

    /// One term's contribution given the document's `norm` (bit for bit the same as `score(idf:frequency:length:averageLength:)`).
    @inline(__always)
    static func score(idf: Double, frequency tf: Double, norm: Double) -> Double {
        idf * tf * (k1 + 1) / (tf + norm)
    }
}
