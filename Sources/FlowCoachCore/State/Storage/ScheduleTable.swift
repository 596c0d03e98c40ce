import Foundation

/// The scheduled nudges by id, laid out for millions of entries: each field in its own flat
/// array indexed by slot, and an open-addressing index (linear probing, 32-bit slot numbers)
/// from id to slot. A `[String: ScheduledNudge]` spends ~120 bytes per entry on buckets alone
/// at a million entries; this spends ~45 plus the id's own storage, and loads without rehashing
/// into a growing dictionary. Times are kept in whole seconds since 1970, rounded up (a nudge
/// never goes out early), so the stored form is exact and reads back bit for bit.
public struct ScheduleTable: Sendable {
    private var ids: [String] = []
    private var dues: [Int64] = []
    private var nominals: [Int64] = []
    private var priorities: [Int32] = []
    /// Slots whose entry was removed ("" in `ids`), reused first.
    private var freeSlots: [Int32] = []
    /// Slot per bucket, -1 when empty; the count is a power of two, at most half full.
    private var buckets: [Int32] = []
    public private(set) var count = 0

    public init() {}

    /// Room for `capacity` entries without growing.
    public mutating func reserveCapacity(_ capacity: Int) {
        ids.reserveCapacity(capacity)
        dues.reserveCapacity(capacity)
        nominals.reserveCapacity(capacity)
        priorities.reserveCapacity(capacity)
        if buckets.count < 2 * capacity { rehash(bucketCount: Self.bucketCount(for: capacity)) }
    }

    public var isEmpty: Bool { count == 0 }

    public subscript(id: String) -> ScheduledNudge? {
        get {
            guard let slot = slot(of: id) else { return nil }
            return entry(at: slot)
        }
        set {
            if let value = newValue { put(value, id: id) } else { remove(id) }
        }
    }

    /// The due time of `id` in seconds since 1970, as stored, without building the entry.
    func dueSeconds(of id: String) -> Int64? {
        slot(of: id).map { dues[$0] }
    }

    /// Every entry, in slot order (no particular order).
    public var values: [ScheduledNudge] {
        var result: [ScheduledNudge] = []
        result.reserveCapacity(count)
        forEach { result.append($0) }
        return result
    }

    /// Visits every entry without collecting them.
    public func forEach(_ body: (ScheduledNudge) throws -> Void) rethrows {
        for slot in ids.indices where !ids[slot].isEmpty { try body(entry(at: slot)) }
    }

    /// Visits every id with its due time in stored seconds.
    func forEachDue(_ body: (String, Int64) -> Void) {
        for slot in ids.indices where !ids[slot].isEmpty { body(ids[slot], dues[slot]) }
    }

    // MARK: - Slots

    private func entry(at slot: Int) -> ScheduledNudge {
        ScheduledNudge(id: ids[slot], due: Date(timeIntervalSince1970: Double(dues[slot])),
                       nominal: Date(timeIntervalSince1970: Double(nominals[slot])), priority: Int(priorities[slot]))
    }

    private mutating func put(_ value: ScheduledNudge, id: String) {
        precondition(!id.isEmpty, "a scheduled nudge needs an id")
        let priority = Int32(clamping: value.priority)
        let due = Self.seconds(value.due), nominal = Self.seconds(value.nominal)
        if let slot = slot(of: id) {
            dues[slot] = due
            nominals[slot] = nominal
            priorities[slot] = priority
            return
        }
        guard let free = freeSlots.popLast() else { return appendNew(id: id, due: due, nominal: nominal, priority: priority) }
        if buckets.count < 2 * (count + 1) { rehash(bucketCount: Self.bucketCount(for: max(count + 1, 2 * count))) }
        let slot = Int(free)
        ids[slot] = id
        dues[slot] = due
        nominals[slot] = nominal
        priorities[slot] = priority
        buckets[emptyBucket(for: id)] = Int32(slot)
        count += 1
    }

    /// Adds an entry for an `id` known not to be here (the snapshot's records come sorted by
    /// id, so one greater than the last is new): one hash instead of a lookup and an insert.
    mutating func appendNew(id: String, due: Int64, nominal: Int64, priority: Int32) {
        precondition(!id.isEmpty, "a scheduled nudge needs an id")
        if buckets.count < 2 * (count + 1) { rehash(bucketCount: Self.bucketCount(for: max(count + 1, 2 * count))) }
        let slot = ids.count
        ids.append(id)
        dues.append(due)
        nominals.append(nominal)
        priorities.append(priority)
        buckets[emptyBucket(for: id)] = Int32(slot)
        count += 1
    }

    private mutating func remove(_ id: String) {
        guard let found = bucket(of: id) else { return }
        let slot = Int(buckets[found])
        ids[slot] = ""
        freeSlots.append(Int32(slot))
        count -= 1
        // Backward-shift deletion: pull later entries of the probe run into the hole so every
        // entry stays reachable from its home bucket without tombstones.
        let mask = buckets.count - 1
        var hole = found
        var next = (found + 1) & mask
        while buckets[next] >= 0 {
            let home = Self.home(ids[Int(buckets[next])], mask: mask)
            let movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next)
            if movable {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = -1
        if count == 0 {
            ids.removeAll(keepingCapacity: true)
            dues.removeAll(keepingCapacity: true)
            nominals.removeAll(keepingCapacity: true)
            priorities.removeAll(keepingCapacity: true)
            freeSlots.removeAll(keepingCapacity: true)
        }
    }

    /// Whole seconds since 1970, rounded up; far-off dates are clamped.
    static func seconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.up)
        guard value.isFinite else { return value > 0 ? Int64(1) << 52 : -(Int64(1) << 52) }
        return Int64(min(max(value, -4e15), 4e15))
    }

    // MARK: - Index

    private static func bucketCount(for capacity: Int) -> Int {
        var buckets = 16
        while buckets < 2 * capacity { buckets <<= 1 }
        return buckets
    }

    private static func home(_ id: String, mask: Int) -> Int { id.hashValue & mask }

    private func slot(of id: String) -> Int? {
        bucket(of: id).map { Int(buckets[$0]) }
    }

    private func bucket(of id: String) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var index = Self.home(id, mask: mask)
        while true {
            let slot = buckets[index]
            if slot < 0 { return nil }
            if ids[Int(slot)] == id { return index }
            index = (index + 1) & mask
        }
    }

    private func emptyBucket(for id: String) -> Int {
        let mask = buckets.count - 1
        var index = Self.home(id, mask: mask)
        while buckets[index] >= 0 { index = (index + 1) & mask }
        return index
    }

    private mutating func rehash(bucketCount: Int) {
        buckets = Array(repeating: -1, count: bucketCount)
        for slot in ids.indices where !ids[slot].isEmpty { buckets[emptyBucket(for: ids[slot])] = Int32(slot) }
    }
}

extension ScheduleTable: Equatable {
    /// The same entries, whatever their slots.
    public static func == (a: ScheduleTable, b: ScheduleTable) -> Bool {
        guard a.count == b.count else { return false }
        for slot in a.ids.indices where !a.ids[slot].isEmpty {
            guard let other = b.slot(of: a.ids[slot]), a.dues[slot] == b.dues[other],
                  a.nominals[slot] == b.nominals[other], a.priorities[slot] == b.priorities[other] else { return false }
        }
        return true
    }
}

extension ScheduleTable: EntityTable {
    public typealias Entity = ScheduledNudge

    public var entities: [ScheduledNudge] { values }

    /// One compact string in the snapshot (see `ScheduledText`).
    public func encode(to container: inout KeyedEncodingContainer<CollectionKey>, as key: CollectionKey) throws {
        try container.encode(ScheduledText.encode(self), forKey: key)
    }

    public init(from container: KeyedDecodingContainer<CollectionKey>, as key: CollectionKey) throws {
        self = try ScheduledText.decode(container.decodeIfPresent(String.self, forKey: key) ?? "")
    }
}
