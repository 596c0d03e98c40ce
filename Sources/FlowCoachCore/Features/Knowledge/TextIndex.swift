/// A BM25 index that grows and shrinks one document at a time, for text that lives in the
/// state (answered questions). Scored with `BM25` like `KnowledgeIndex`; documents are keyed by id.
///
/// Documents get slot numbers in the order they are put, so every term's postings (slots with
/// weighted frequencies) stay sorted by appending. A removed document's slot is
/// marked and skipped; a term's list is compacted once most of it is removed, and the slots are
/// renumbered once most of them are. Searches use `MaxScore`; a block of postings is bounded by
/// its largest frequency and its shortest document.
public struct TextIndex: Sendable {
    struct Postings: Sendable {
        var list: [Posting] = []
        /// Bounds per full block of `list` (not tightened by removals until compacted); the last,
        /// open block's are `open`, kept here so an append touches only this and `list`.
        var blocks: [PostingBlock] = []
        var open = PostingBlock(last: 0, frequency: 0, length: .infinity)
        /// How many of `list` are still in the index.
        var live = 0

        mutating func append(_ slot: UInt32, _ frequency: Float, length: Float) {
            open.last = slot
            open.frequency = max(open.frequency, frequency)
            open.length = min(open.length, length)
            list.append(Posting(document: slot, frequency: frequency))
            live += 1
            if list.count % PostingBlock.size == 0 {
                blocks.append(open)
                open = PostingBlock(last: 0, frequency: 0, length: .infinity)
            }
        }

        /// Every block's bounds, the open one included.
        var allBlocks: [PostingBlock] { list.count % PostingBlock.size == 0 ? blocks : blocks + [open] }
    }

    /// One document's terms and their weighted frequencies, summed in the order they occur.
    struct FrequencyTable {
        /// Open addressing, linear probing; `.max` marks an empty entry. At most half full.
        private(set) var entries: [(term: UInt32, frequency: Float)]
        /// The distinct terms, in order of first occurrence.
        private(set) var terms: [UInt32] = []

        init(expected: Int) {
            var size = 16
            while size < 2 * expected { size <<= 1 }
            entries = Array(repeating: (.max, 0), count: size)
        }

        mutating func add(_ term: UInt32, _ weight: Float) {
            if 2 * (terms.count + 1) > entries.count { grow() }
            let mask = entries.count - 1
            entries.withUnsafeMutableBufferPointer { entries in
                var slot = Int(truncatingIfNeeded: (UInt64(term) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                while entries[slot].term != term, entries[slot].term != .max { slot = (slot + 1) & mask }
                if entries[slot].term == .max {
                    entries[slot].term = term
                    terms.append(term)
                }
                entries[slot].frequency += weight
            }
        }

        private mutating func grow() {
            let old = entries
            entries = Array(repeating: (.max, 0), count: old.count * 2)
            let mask = entries.count - 1
            for entry in old where entry.term != .max {
                var slot = Int(truncatingIfNeeded: (UInt64(entry.term) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                while entries[slot].term != .max { slot = (slot + 1) & mask }
                entries[slot] = entry
            }
        }
    }

    var dictionary = TermDictionary()
    var postings: [Postings] = []
    var slotOfID: [String: UInt32] = [:]
    /// By slot: the document's id, its weighted length (−1 once removed) and its distinct terms.
    var ids: [String] = []
    var lengths: [Float] = []
    var termsOfSlot: [[UInt32]] = []
    var totalLength: Double = 0
    private var removedSlots = 0

    public init() {}

    public var count: Int { slotOfID.count }

    /// Adds (or replaces) a document: weighted texts, e.g. [(question, 2), (answer, 1)].
    public mutating func put(_ id: String, _ fields: [(text: String, weight: Double)]) {
        remove(id)
        let (table, length) = frequencies(of: fields)
        while postings.count < dictionary.count { postings.append(Postings()) }
        let slot = UInt32(ids.count)
        for entry in table.entries where entry.term != .max {
            postings[Int(entry.term)].append(slot, entry.frequency, length: length)
        }
        record(id, slot: slot, length: length, terms: table.terms)
    }

    /// A document's weighted frequencies by term, its terms interned, and its weighted length.
    /// The table is sized for the terms the texts likely hold: a term and a separator take two
    /// bytes at least.
    mutating func frequencies(of fields: [(text: String, weight: Double)]) -> (table: FrequencyTable, length: Float) {
        var table = FrequencyTable(expected: fields.reduce(0) { $0 + $1.text.utf8.count / 2 + 1 })
        var length: Float = 0
        for field in fields {
            let weight = Float(field.weight)
            SearchTokenizer.forEachTerm(in: field.text) { text in
                table.add(dictionary.intern(text), weight)
                length += weight
            }
        }
        return (table, length)
    }

    /// Keeps a new document's id, length and terms at `slot` (its postings are the caller's).
    mutating func record(_ id: String, slot: UInt32, length: Float, terms: [UInt32]) {
        ids.append(id)
        lengths.append(length)
        termsOfSlot.append(terms)
        slotOfID[id] = slot
        totalLength += Double(length)
    }

    /// Adds every document of `other`, none of whose ids is here yet: the index putting them one
    /// by one after this one's would give, so two halves can be built on two threads.
    public mutating func merge(_ other: TextIndex) {
        let offset = UInt32(ids.count)
        let terms = (0..<other.dictionary.count).map { term in other.dictionary.withBytes(of: UInt32(term)) { dictionary.intern($0) } }
        while postings.count < dictionary.count { postings.append(Postings()) }
        for (term, list) in other.postings.enumerated() {
            let target = Int(terms[term])
            for posting in list.list where other.lengths[Int(posting.document)] >= 0 {
                postings[target].append(posting.document + offset, posting.frequency, length: other.lengths[Int(posting.document)])
            }
        }
        for (slot, id) in other.ids.enumerated() where other.lengths[slot] >= 0 {
            precondition(slotOfID[id] == nil, "merged indexes share the document \(id)")
            slotOfID[id] = UInt32(slot) + offset
        }
        ids += other.ids
        lengths += other.lengths
        termsOfSlot += other.termsOfSlot.map { $0.map { terms[Int($0)] } }
        totalLength += other.totalLength
        removedSlots += other.removedSlots
    }

    /// Removes a document (nothing happens if there is none with `id`).
    public mutating func remove(_ id: String) {
        guard let slot = slotOfID.removeValue(forKey: id).map(Int.init) else { return }
        totalLength -= Double(lengths[slot])
        lengths[slot] = -1
        for term in termsOfSlot[slot] {
            postings[Int(term)].live -= 1
            let removed = postings[Int(term)].list.count - postings[Int(term)].live
            if removed >= 16, removed > postings[Int(term)].live { compact(Int(term)) }
        }
        termsOfSlot[slot] = []
        ids[slot] = ""
        removedSlots += 1
        if removedSlots >= 1024, removedSlots > slotOfID.count { renumber() }
    }

    /// Drops removed documents from one term's list and tightens its bounds.
    private mutating func compact(_ term: Int) {
        var kept = Postings()
        for posting in postings[term].list where lengths[Int(posting.document)] >= 0 {
            kept.append(posting.document, posting.frequency, length: lengths[Int(posting.document)])
        }
        postings[term] = kept
    }

    /// Gives the documents still in the index consecutive slots (in the same order) and forgets
    /// terms no document uses any more.
    private mutating func renumber() {
        var newSlot = [UInt32](repeating: .max, count: ids.count)
        var newIDs: [String] = []
        var newLengths: [Float] = []
        newIDs.reserveCapacity(slotOfID.count)
        newLengths.reserveCapacity(slotOfID.count)
        for slot in ids.indices where lengths[slot] >= 0 {
            newSlot[slot] = UInt32(newIDs.count)
            newIDs.append(ids[slot])
            newLengths.append(lengths[slot])
        }
        var newDictionary = TermDictionary()
        var newTerm = [UInt32](repeating: .max, count: postings.count)
        var newPostings: [Postings] = []
        for term in postings.indices where postings[term].live > 0 {
            newTerm[term] = dictionary.withBytes(of: UInt32(term)) { newDictionary.intern($0) }
            var kept = Postings()
            for posting in postings[term].list where newSlot[Int(posting.document)] != .max {
                kept.append(newSlot[Int(posting.document)], posting.frequency, length: lengths[Int(posting.document)])
            }
            newPostings.append(kept)
        }
        var newTerms: [[UInt32]] = []
        newTerms.reserveCapacity(newIDs.count)
        for slot in ids.indices where lengths[slot] >= 0 { newTerms.append(termsOfSlot[slot].map { newTerm[Int($0)] }) }
        for (slot, id) in newIDs.enumerated() { slotOfID[id] = UInt32(slot) }
        dictionary = newDictionary
        postings = newPostings
        ids = newIDs
        lengths = newLengths
        termsOfSlot = newTerms
        removedSlots = 0
    }

    /// The best `limit` documents for `query`, best first (ties by id).
    public func search(_ query: String, limit: Int = 3) -> [(id: String, score: Double)] {
        search(query, limit: limit, above: -.infinity)
    }

    /// The best `limit` documents for `query` that score more than `minimum`, best first (ties
    /// by id): the same as filtering `search(query, limit:)`, with less work.
    public func search(_ query: String, limit: Int = 3, above minimum: Double) -> [(id: String, score: Double)] {
        guard count > 0, limit > 0 else { return [] }
        var terms: [Int] = []
        SearchTokenizer.forEachTerm(in: query) { term in
            if let id = dictionary.id(of: term).map(Int.init), postings[id].live > 0, !terms.contains(id) { terms.append(id) }
        }
        guard !terms.isEmpty else { return [] }
        let averageLength = max(1, totalLength / Double(count))
        var best = TopK(limit: limit, floor: minimum)
        var cursors = terms.enumerated().map { order, term in
            TermCursor(
                postings: postings[term].list, 0..<postings[term].list.count, blocks: postings[term].allBlocks, firstBlock: 0,
                idf: BM25.idf(documents: count, containing: postings[term].live), averageLength: averageLength, order: order)
        }
        let ids = self.ids
        let before: (UInt32, UInt32) -> Bool = { ids[Int($0)] < ids[Int($1)] }
        lengths.withUnsafeBufferPointer { lengths in
            MaxScore.search(&cursors, bar: best.bar, norm: { slot in
                let length = lengths[Int(slot)]
                return length < 0 ? -1 : BM25.norm(length: Double(length), averageLength: averageLength)
            }) { slot, score in
                if best.admits(slot, score, before: before) { best.insert(slot, score, before: before) }
                return best.bar
            }
        }
        return best.items.map { (id: ids[Int($0.document)], score: $0.score) }
    }
}

extension TextIndex: Equatable {
    /// Equal when they hold the same documents with the same terms, frequencies and lengths.
    public static func == (a: TextIndex, b: TextIndex) -> Bool {
        a.count == b.count && a.totalLength == b.totalLength && a.contents == b.contents
    }

    /// Each document's length and terms with their frequencies, by id.
    private var contents: [String: [String: Float]] {
        var contents: [String: [String: Float]] = [:]
        for (id, slot) in slotOfID { contents[id] = ["": lengths[Int(slot)]] }
        for (term, list) in postings.enumerated() {
            let text = dictionary.term(UInt32(term))
            for posting in list.list where lengths[Int(posting.document)] >= 0 {
                contents[ids[Int(posting.document)], default: [:]][text] = posting.frequency
            }
        }
        return contents
    }
}
