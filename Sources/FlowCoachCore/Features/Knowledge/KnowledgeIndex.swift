import Foundation

/// A BM25 full-text index over knowledge items. Fields are weighted (title 3, tags and skills
/// 2, summary 1.5, body 1) and folded into one weighted term frequency and length per item
/// (a BM25F simplification). Built once per content load; immutable, so it is shared freely.
public struct KnowledgeIndex: Sendable {
    public struct Weights: Sendable {
        public var title = 3.0
        public var tags = 2.0
        public var skills = 2.0
        public var summary = 1.5
        public var body = 1.0
        public init() {}
    }

    private struct Posting: Sendable {
        var document: Int32
        var frequency: Float
    }

    private let postings: [String: [Posting]]
    private let lengths: [Float]
    private let averageLength: Double
    public var count: Int { lengths.count }

    /// How many items use `term` (a `SearchTokenizer` term): how common a word is in the content.
    func documents(containing term: String) -> Int { postings[term]?.count ?? 0 }

    public init(_ items: [KnowledgeItem], weights: Weights = Weights()) {
        var postings: [String: [Posting]] = [:]
        var lengths: [Float] = []
        lengths.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            var frequencies: [String: Double] = [:]
            var length = 0.0
            func add(_ text: String, _ weight: Double) {
                for term in SearchTokenizer.terms(text) {
                    frequencies[term, default: 0] += weight
                    length += weight
                }
            }
            add(item.title, weights.title)
            add(item.tags.joined(separator: " "), weights.tags)
            add(item.skills.joined(separator: " "), weights.skills)
            add(item.summary, weights.summary)
            add(item.body, weights.body)
            for (term, frequency) in frequencies {
                postings[term, default: []].append(Posting(document: Int32(index), frequency: Float(frequency)))
            }
            lengths.append(Float(length))
        }
        self.postings = postings
        self.lengths = lengths
        self.averageLength = lengths.isEmpty ? 1 : max(1, lengths.reduce(0) { $0 + Double($1) } / Double(lengths.count))
    }

    /// BM25 scores of the items matching `query`, best first (ties by position), at most `limit`,
    /// keeping only the items `include` accepts.
    public func search(_ query: String, limit: Int = 10, include: (Int) -> Bool = { _ in true }) -> [(index: Int, score: Double)] {
        let terms = Set(SearchTokenizer.terms(query))
        guard !terms.isEmpty, count > 0, limit > 0 else { return [] }
        var scores = [Double](repeating: 0, count: count)
        var touched: [Int32] = []
        for term in terms {
            guard let list = postings[term] else { continue }
            let idf = BM25.idf(documents: count, containing: list.count)
            for posting in list {
                let document = Int(posting.document)
                if scores[document] == 0 { touched.append(posting.document) }
                scores[document] += BM25.score(
                    idf: idf, frequency: Double(posting.frequency), length: Double(lengths[document]), averageLength: averageLength)
            }
        }
        var best = TopK<(index: Int, score: Double)>(limit: limit, better: Self.better)
        for document in touched {
            let candidate = (index: Int(document), score: scores[Int(document)])
            if best.admits(candidate), include(candidate.index) { best.insert(candidate) }
        }
        return best.items
    }

    private static func better(_ a: (index: Int, score: Double), _ b: (index: Int, score: Double)) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }
}
