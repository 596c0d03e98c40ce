/// The best `limit` documents offered so far, best first; equal scores are ordered by `before`
/// (documents arrive in increasing order).
struct TopK {
    let limit: Int
    /// What a document must score more than while there is room.
    let floor: Double
    private(set) var items: [(document: UInt32, score: Double)] = []

    init(limit: Int, floor: Double) {
        self.limit = limit
        self.floor = floor
        items.reserveCapacity(min(limit, 1_024) + 1)
    }

    /// Documents scoring below this cannot make the cut.
    var bar: Double { items.count < limit ? floor : items[items.count - 1].score }

    /// Whether `document` with `score` would make the cut.
    @inline(__always)
    func admits(_ document: UInt32, _ score: Double, before: (UInt32, UInt32) -> Bool) -> Bool {
        guard items.count == limit else { return score > floor }
        let last = items[items.count - 1]
        return score > last.score || (score == last.score && before(document, last.document))
    }

    mutating func insert(_ document: UInt32, _ score: Double, before: (UInt32, UInt32) -> Bool) {
        var position = items.count
        while position > 0, score > items[position - 1].score || (score == items[position - 1].score && before(document, items[position - 1].document)) {
            position -= 1
        }
        items.insert((document, score), at: position)
        if items.count > limit { items.removeLast() }
    }
}
