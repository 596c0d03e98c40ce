extension TextIndex {
    /// Adds documents none of whose ids is here yet, in order: the index `put` would build one
    /// at a time, built faster for a whole collection on load. Every document's postings are
    /// gathered first, then sorted by term, so each term's list is written once, at its final
    /// size, in one go (one document at a time, each posting lands in another term's list: a
    /// cache miss each).
    public mutating func putNew<Documents: Sequence>(_ documents: Documents)
    where Documents.Element == (id: String, fields: [(text: String, weight: Double)]) {
        var gathered: [(term: UInt32, slot: UInt32, frequency: Float)] = []
        for document in documents {
            precondition(slotOfID[document.id] == nil, "putNew was given \(document.id), which is already indexed")
            let (table, length) = frequencies(of: document.fields)
            let slot = UInt32(ids.count)
            for entry in table.entries where entry.term != .max { gathered.append((entry.term, slot, entry.frequency)) }
            record(document.id, slot: slot, length: length, terms: table.terms)
        }
        while postings.count < dictionary.count { postings.append(Postings()) }
        // A counting sort by term keeps each term's postings in slot order.
        var starts = [Int](repeating: 0, count: postings.count + 1)
        for posting in gathered { starts[Int(posting.term) + 1] += 1 }
        for term in postings.indices { starts[term + 1] += starts[term] }
        var sorted = [(slot: UInt32, frequency: Float)](repeating: (0, 0), count: gathered.count)
        var next = starts
        for posting in gathered {
            sorted[next[Int(posting.term)]] = (posting.slot, posting.frequency)
            next[Int(posting.term)] += 1
        }
        gathered = []
        for term in postings.indices where starts[term + 1] > starts[term] {
            postings[term].list.reserveCapacity(postings[term].list.count + starts[term + 1] - starts[term])
            for posting in sorted[starts[term]..<starts[term + 1]] {
                postings[term].append(posting.slot, posting.frequency, length: lengths[Int(posting.slot)])
            }
        }
    }
}
