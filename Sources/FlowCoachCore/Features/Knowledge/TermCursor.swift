/// A document that has a term, and how often it has it (weighted by field).
struct Posting: Sendable {
    var document: UInt32
    var frequency: Float
}

/// What bounds the scores in one block of `PostingBlock.size` postings: the block's last
/// document, and a frequency and a length such that no posting in the block scores more than a
/// posting with that frequency in a document of that length would.
struct PostingBlock: Sendable {
    static let size = 64

    var last: UInt32
    var frequency: Float
    var length: Float
}

/// One query term's postings during a search, in increasing document order, with their blocks:
/// `postings[first..<end]` and `blocks[firstBlock...]` (shared arrays, not copied).
struct TermCursor {
    private let postings: [Posting]
    private let first: Int
    private let end: Int
    private let blocks: [PostingBlock]
    private let firstBlock: Int
    let idf: Double
    let averageLength: Double
    /// The term's place among the query's terms: a document's contributions add up in this order,
    /// so equal documents get bit-for-bit equal scores however the search reached them.
    let order: Int
    /// Where the cursor is in `postings`.
    private var position: Int

    init(postings: [Posting], _ range: Range<Int>, blocks: [PostingBlock], firstBlock: Int, idf: Double, averageLength: Double, order: Int) {
        self.postings = postings
        first = range.lowerBound
        end = range.upperBound
        self.blocks = blocks
        self.firstBlock = firstBlock
        self.idf = idf
        self.averageLength = averageLength
        self.order = order
        position = range.lowerBound
    }

    /// The current document, or `Int.max` when the postings are used up.
    @inline(__always)
    var current: Int { position < end ? Int(postings[position].document) : .max }

    @inline(__always)
    var frequency: Double { Double(postings[position].frequency) }

    @inline(__always)
    mutating func next() { position += 1 }

    @inline(__always)
    private var block: PostingBlock { blocks[firstBlock + (position - first) / PostingBlock.size] }

    /// The last document of the current block (`Int.max` when used up).
    @inline(__always)
    var blockEnd: Int { position < end ? Int(block.last) : .max }

    /// The most the term adds to a document of the current block.
    @inline(__always)
    var blockBound: Double {
        let block = block
        return BM25.score(idf: idf, frequency: Double(block.frequency), norm: BM25.norm(length: Double(block.length), averageLength: averageLength))
    }

    /// Moves to the first document at or after `target` (galloping, then binary search).
    @inline(__always)
    mutating func advance(to target: Int) {
        guard position < end, Int(postings[position].document) < target else { return }
        var low = position
        var step = 1
        var high = low + 1
        while high < end, Int(postings[high].document) < target {
            low = high
            step <<= 1
            high = low + step
        }
        high = min(high, end)
        low += 1
        while low < high {
            let middle = (low + high) >> 1
            if Int(postings[middle].document) < target { low = middle + 1 } else { high = middle }
        }
        position = low
    }
}
