/// Keeps the best `limit` of a stream of candidates without sorting them all: O(n × limit)
/// for the small limits search uses.
struct TopK<Element> {
    let limit: Int
    /// A strict order: true when the first element ranks above the second.
    let better: (Element, Element) -> Bool
    private(set) var items: [Element] = []

    init(limit: Int, better: @escaping (Element, Element) -> Bool) {
        self.limit = limit
        self.better = better
        items.reserveCapacity(limit + 1)
    }

    /// True when `candidate` would make the cut (so callers can skip costly checks otherwise).
    func admits(_ candidate: Element) -> Bool {
        guard items.count == limit, let last = items.last else { return limit > 0 }
        return better(candidate, last)
    }

    mutating func insert(_ candidate: Element) {
        guard admits(candidate) else { return }
        items.insert(candidate, at: items.firstIndex { better(candidate, $0) } ?? items.count)
        if items.count > limit { items.removeLast() }
    }
}
