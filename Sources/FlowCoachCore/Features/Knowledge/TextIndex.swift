import Foundation

/// A BM25 index that grows and shrinks one document at a time, for text that lives in the
/// state (answered questions). Scored with `BM25` like `KnowledgeIndex`; documents are keyed by id.
public struct TextIndex: Sendable, Equatable {
    private var postings: [String: [String: Float]] = [:]
    private var lengths: [String: Float] = [:]
    /// Each document's terms, so removing one touches only its own postings.
    private var terms: [String: Set<String>] = [:]
    private var totalLength: Double = 0

    public init() {}

    public var count: Int { lengths.count }

    /// Adds (or replaces) a document: weighted texts, e.g. [(question, 2), (answer, 1)].
    public mutating func put(_ id: String, _ fields: [(text: String, weight: Double)]) {
        remove(id)
        var frequencies: [String: Float] = [:]
        var length: Float = 0
        for field in fields {
            for term in SearchTokenizer.terms(field.text) {
                frequencies[term, default: 0] += Float(field.weight)
                length += Float(field.weight)
            }
        }
        for (term, frequency) in frequencies { postings[term, default: [:]][id] = frequency }
        terms[id] = Set(frequencies.keys)
        lengths[id] = length
        totalLength += Double(length)
    }

    public mutating func remove(_ id: String) {
        guard let length = lengths.removeValue(forKey: id) else { return }
        totalLength -= Double(length)
        for term in terms.removeValue(forKey: id) ?? [] {
            postings[term]?[id] = nil
            if postings[term]?.isEmpty == true { postings[term] = nil }
        }
    }

    /// The best `limit` documents for `query`, best first (ties by id).
    public func search(_ query: String, limit: Int = 3) -> [(id: String, score: Double)] {
        let queryTerms = Set(SearchTokenizer.terms(query))
        guard !queryTerms.isEmpty, count > 0, limit > 0 else { return [] }
        let average = max(1, totalLength / Double(count))
        var scores: [String: Double] = [:]
        for term in queryTerms {
            guard let list = postings[term] else { continue }
            let idf = BM25.idf(documents: count, containing: list.count)
            for (id, frequency) in list {
                scores[id, default: 0] += BM25.score(idf: idf, frequency: Double(frequency), length: Double(lengths[id] ?? 0), averageLength: average)
            }
        }
        var best = TopK<(id: String, score: Double)>(limit: limit) { a, b in a.score != b.score ? a.score > b.score : a.id < b.id }
        for (id, score) in scores { best.insert((id: id, score: score)) }
        return best.items
    }
}
