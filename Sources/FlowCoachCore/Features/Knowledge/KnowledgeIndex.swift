/// A BM25 full-text index over knowledge items. Fields are weighted (title 3, tags and skills
/// 2, summary 1.5, body 1) and folded into one weighted term frequency and length per item
/// (a BM25F simplification). Built once per content load; immutable, so it is shared freely.
///
/// Laid out flat: terms are interned to ids, each term's postings (item numbers in increasing
/// order with weighted frequencies) are one slice of one contiguous array, and the idf, the
/// most a term adds to a score in each block of its postings and each item's length norm are
/// worked out at build time, so a search (`MaxScore`) touches only arrays of numbers.
public struct KnowledgeIndex: Sendable {
    public struct Weights: Sendable {
        public var title = 3.0
        public var tags = 2.0
        public var skills = 2.0
        public var summary = 1.5
        public var body = 1.0
        public init() {}
    }

    private let dictionary: TermDictionary
    /// Term `t`'s postings are `postings[starts[t]..<starts[t + 1]]`.
    private let starts: [Int]
    private let postings: [Posting]
    /// Term `t`'s blocks are `blocks[blockStarts[t]..<blockStarts[t + 1]]`, each bounded by its best posting.
    private let blockStarts: [Int]
    private let blocks: [PostingBlock]
    private let idfs: [Double]
    /// Each item's `BM25.norm`.
    private let norms: [Double]
    private let averageLength: Double
    public let count: Int

    /// How many items use `term` (a `SearchTokenizer` term): how common a word is in the content.
    func documents(containing term: String) -> Int {
        guard let id = dictionary.id(of: term) else { return 0 }
        return starts[Int(id) + 1] - starts[Int(id)]
    }

    public init(_ items: [KnowledgeItem], weights: Weights = Weights()) {
        // First pass: each item's distinct terms with their weighted frequencies, item after item.
        var reader = ItemReader()
        var itemStarts: [Int] = [0]
        var lengths: [Float] = []
        itemStarts.reserveCapacity(items.count + 1)
        lengths.reserveCapacity(items.count)
        for (number, item) in items.enumerated() {
            reader.start(item: Int32(number))
            reader.add(item.title, weights.title)
            reader.add(item.tags.joined(separator: " "), weights.tags)
            reader.add(item.skills.joined(separator: " "), weights.skills)
            reader.add(item.summary, weights.summary)
            reader.add(item.body, weights.body)
            reader.finishItem()
            itemStarts.append(reader.forwardTerms.count)
            lengths.append(Float(reader.length))
        }
        let dictionary = reader.dictionary
        let forwardTerms = reader.forwardTerms
        let forwardFrequencies = reader.forwardFrequencies
        let postingCounts = reader.terms.map { Int($0.postings) }
        // Second pass: scatter into per-term slices; items arrive in order, so each slice is sorted.
        let termCount = dictionary.count
        var starts = [Int](repeating: 0, count: termCount + 1)
        for term in 0..<termCount { starts[term + 1] = starts[term] + postingCounts[term] }
        var next = Array(starts.dropLast())
        var postings = [Posting](repeating: Posting(document: 0, frequency: 0), count: forwardTerms.count)
        for item in 0..<items.count {
            for position in itemStarts[item]..<itemStarts[item + 1] {
                let term = Int(forwardTerms[position])
                postings[next[term]] = Posting(document: UInt32(item), frequency: forwardFrequencies[position])
                next[term] += 1
            }
        }
        let averageLength = lengths.isEmpty ? 1 : max(1, lengths.reduce(0) { $0 + Double($1) } / Double(lengths.count))
        let norms = lengths.map { BM25.norm(length: Double($0), averageLength: averageLength) }
        var idfs = [Double](repeating: 0, count: termCount)
        var blockStarts = [0]
        var blocks: [PostingBlock] = []
        blockStarts.reserveCapacity(termCount + 1)
        blocks.reserveCapacity(postings.count / PostingBlock.size + termCount)
        for term in 0..<termCount {
            let idf = BM25.idf(documents: items.count, containing: starts[term + 1] - starts[term])
            idfs[term] = idf
            for blockStart in stride(from: starts[term], to: starts[term + 1], by: PostingBlock.size) {
                let block = postings[blockStart..<min(blockStart + PostingBlock.size, starts[term + 1])]
                var best = block[blockStart]
                var bestScore = -Double.infinity
                for posting in block {
                    let score = BM25.score(idf: idf, frequency: Double(posting.frequency), norm: norms[Int(posting.document)])
                    if score > bestScore {
                        best = posting
                        bestScore = score
                    }
                }
                blocks.append(PostingBlock(last: block[block.endIndex - 1].document, frequency: best.frequency, length: lengths[Int(best.document)]))
            }
            blockStarts.append(blocks.count)
        }
        self.dictionary = dictionary
        self.starts = starts
        self.postings = postings
        self.blockStarts = blockStarts
        self.blocks = blocks
        self.idfs = idfs
        self.norms = norms
        self.averageLength = averageLength
        self.count = items.count
    }

    /// Reads items into a forward index: each item's distinct term ids and weighted frequencies.
    private struct ItemReader {
        /// Per term id: its weighted frequency in the current item, the last item that used it
        /// and how many items use it, together so a token touches one place.
        struct TermState {
            var frequency = 0.0
            var item: Int32 = -1
            var postings: Int32 = 0
        }

        var dictionary = TermDictionary()
        var terms: [TermState] = []
        var forwardTerms: [UInt32] = []
        var forwardFrequencies: [Float] = []
        var seen: [UInt32] = []
        var item: Int32 = 0
        var length = 0.0

        mutating func start(item: Int32) {
            self.item = item
            length = 0
        }

        mutating func add(_ text: String, _ weight: Double) {
            SearchTokenizer.forEachTerm(in: text) { term in
                let id = Int(dictionary.intern(term))
                if id == terms.count { terms.append(TermState()) }
                terms.withUnsafeMutableBufferPointer { terms in
                    if terms[id].item != item {
                        terms[id].item = item
                        seen.append(UInt32(id))
                    }
                    terms[id].frequency += weight
                }
                length += weight
            }
        }

        mutating func finishItem() {
            terms.withUnsafeMutableBufferPointer { terms in
                for id in seen {
                    forwardTerms.append(id)
                    forwardFrequencies.append(Float(terms[Int(id)].frequency))
                    terms[Int(id)].postings += 1
                    terms[Int(id)].frequency = 0
                }
            }
            seen.removeAll(keepingCapacity: true)
        }
    }

    /// BM25 scores of the items matching `query`, best first (ties by position), at most `limit`,
    /// keeping only the items `include` accepts.
    public func search(_ query: String, limit: Int = 10, include: (Int) -> Bool = { _ in true }) -> [(index: Int, score: Double)] {
        guard count > 0, limit > 0 else { return [] }
        var terms: [UInt32] = []
        SearchTokenizer.forEachTerm(in: query) { term in
            if let id = dictionary.id(of: term), !terms.contains(id) { terms.append(id) }
        }
        guard !terms.isEmpty else { return [] }
        var cursors = terms.enumerated().map { order, term in
            TermCursor(
                postings: postings, starts[Int(term)]..<starts[Int(term) + 1], blocks: blocks, firstBlock: blockStarts[Int(term)],
                idf: idfs[Int(term)], averageLength: averageLength, order: order)
        }
        var best = TopK(limit: limit, floor: -.infinity)
        let earlier: (UInt32, UInt32) -> Bool = { $0 < $1 }
        norms.withUnsafeBufferPointer { norms in
            MaxScore.search(&cursors, bar: best.bar, norm: { norms[Int($0)] }) { document, score in
                if best.admits(document, score, before: earlier), include(Int(document)) {
                    best.insert(document, score, before: earlier)
                }
                return best.bar
            }
        }
        return best.items.map { (index: Int($0.document), score: $0.score) }
    }
}
