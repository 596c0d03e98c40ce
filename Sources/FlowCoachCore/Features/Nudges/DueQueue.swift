import Foundation

/// The scheduled nudges ordered by due time: a 4-ary min-heap of (due, id) kept beside
/// `State.scheduled`. Rescheduling pushes a new entry and leaves the old one to be dropped when
/// it surfaces (it no longer matches `scheduled`), so updates cost O(log n) and the top is
/// always live.
public struct DueQueue: Sendable {
    private var dues: [Int64] = []
    private var ids: [String] = []

    public init() {}

    init(_ entries: ScheduleTable) {
        dues.reserveCapacity(entries.count)
        ids.reserveCapacity(entries.count)
        entries.forEachDue { id, due in
            dues.append(due)
            ids.append(id)
        }
        for index in stride(from: (dues.count - 2) / 4, through: 0, by: -1) { siftDown(index) }
    }

    public var count: Int { dues.count }

    /// The earliest due time, or nil when nothing is scheduled.
    public var nextDue: Date? { dues.first.map { Date(timeIntervalSince1970: Double($0)) } }

    /// Adds an entry due at `due` (whole seconds since 1970, as `ScheduleTable` keeps them).
    mutating func push(_ id: String, due: Int64) {
        dues.append(due)
        ids.append(id)
        siftUp(dues.count - 1)
    }

    /// Removes and returns the earliest entry.
    @discardableResult
    public mutating func pop() -> (id: String, due: Date)? {
        guard !dues.isEmpty else { return nil }
        let top = (ids[0], Date(timeIntervalSince1970: Double(dues[0])))
        dues.swapAt(0, dues.count - 1)
        ids.swapAt(0, ids.count - 1)
        dues.removeLast()
        ids.removeLast()
        if !dues.isEmpty { siftDown(0) }
        return top
    }

    /// Pops entries that no longer match `scheduled` (moved or deleted) until the top is live;
    /// rebuilds when stale entries outnumber live ones.
    mutating func dropStale(_ scheduled: ScheduleTable) {
        while let id = ids.first, scheduled.dueSeconds(of: id) != dues[0] { pop() }
        if dues.count > 1024, dues.count > 2 * scheduled.count { self = DueQueue(scheduled) }
    }

    /// Ids of entries due at or before `now`, earliest first (at most `limit`), without
    /// changing the queue: a walk of the heap that stops below any later entry.
    public func due(at now: Date, limit: Int) -> [String] {
        let bound = now.timeIntervalSince1970
        var found: [(Int64, String)] = []
        var stack = dues.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            guard Double(dues[index]) <= bound else { continue }
            found.append((dues[index], ids[index]))
            var child = 4 * index + 1
            while child < min(4 * index + 5, dues.count) {
                stack.append(child)
                child += 1
            }
        }
        found.sort { $0 < $1 }
        var seen: Set<String> = []
        var ids: [String] = []
        for (_, id) in found where ids.count < limit && seen.insert(id).inserted { ids.append(id) }
        return ids
    }

    // Four children per node: half the depth of a binary heap, and siblings share a cache line.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 4
            guard dues[child] < dues[parent] else { return }
            dues.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = dues.count
        while true {
            let first = 4 * parent + 1
            guard first < count else { return }
            var child = first
            for sibling in (first + 1)..<min(first + 4, count) where dues[sibling] < dues[child] { child = sibling }
            guard dues[child] < dues[parent] else { return }
            dues.swapAt(child, parent)
            ids.swapAt(child, parent)
            parent = child
        }
    }
}

extension DueQueue: Equatable {
    /// The queue is derived from `State.scheduled`, which State's equality already compares;
    /// its heap order and not-yet-dropped stale entries depend on history, not on the state.
    public static func == (a: DueQueue, b: DueQueue) -> Bool { true }
}
