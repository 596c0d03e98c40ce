/// How an object's members are written in key order: their positions as given, and each one's
/// `"key":` already escaped (with the comma before all but the first). The last of equal keys
/// wins, as in `JSONEncoder`; the others are left out.
final class KeyOrder {
    private(set) var keys: [String] = []
    private(set) var positions: [Int] = []
    private(set) var rendered: [UInt8] = []
    private(set) var renderedEnds: [Int] = []

    /// Sorts `members` by key, stably: an insertion sort for the few fields of an entity, the
    /// library sort for more.
    func build(_ members: KeyOrders.Members) {
        let first = members.startIndex
        keys.removeAll(keepingCapacity: true)
        keys.append(contentsOf: members.lazy.map(\.key))
        var order = Array(0..<keys.count)
        if keys.count > 16 {
            order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        } else if keys.count > 1 {
            for i in 1..<keys.count {
                let moving = order[i]
                var j = i
                while j > 0, keys[moving] < keys[order[j - 1]] {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = moving
            }
        }
        positions.removeAll(keepingCapacity: true)
        rendered.removeAll(keepingCapacity: true)
        renderedEnds.removeAll(keepingCapacity: true)
        for (index, position) in order.enumerated() {
            if index + 1 < order.count, keys[order[index + 1]] == keys[position] { continue }
            if !positions.isEmpty { rendered.append(UInt8(ascii: ",")) }
            FastJSONEncoder.appendString(members[first + position].key, to: &rendered)
            rendered.append(UInt8(ascii: ":"))
            positions.append(position)
            renderedEnds.append(rendered.count)
        }
    }
}

/// The key order of the last object closed with each coding-key type and member count. Objects
/// of one type mostly give the same keys in the same order, so their members are put in order
/// from here after a comparison of the keys (literals: a word or two each), without sorting or
/// escaping them again.
struct KeyOrders {
    typealias Members = ArraySlice<(key: String, start: Int, end: Int)>

    private struct Shape: Hashable {
        let type: ObjectIdentifier
        let count: Int
    }

    private var orders: [Shape: KeyOrder] = [:]
    /// For objects not remembered (no key type).
    private let scratch = KeyOrder()

    /// The order of `members`, remembered or built (and then remembered for `type`).
    mutating func order(_ type: ObjectIdentifier?, _ members: Members) -> KeyOrder {
        guard let type else {
            scratch.build(members)
            return scratch
        }
        let shape = Shape(type: type, count: members.count)
        if let known = orders[shape], known.keys.elementsEqual(members.lazy.map(\.key)) { return known }
        let order = orders[shape] ?? KeyOrder()
        orders[shape] = order
        order.build(members)
        return order
    }
}
