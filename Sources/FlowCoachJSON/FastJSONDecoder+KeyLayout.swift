import Foundation

// Entities of one collection are written alike: the same keys in the same order, and their
// `init(from:)` asks for the same keys in the same order. The first object of a type teaches
// its `KeyLayout` where each request found its value (or that it found none); a later object
// whose keys are the same, byte for byte, answers its requests from there instead of searching
// its members for each (a profile asks for 20 keys and holds about 11).

extension FastJSONDecoder {
    /// What one `CodingKey` type's objects hold and where each request of theirs was found.
    final class KeyLayout {
        /// The learning object's keys: where their bytes are.
        var keys: [(start: Int32, length: Int32)] = []
        /// Each request in the order it came: the key's name and its member's position, or −1.
        var requests: [(name: String, position: Int)] = []
        /// Bumped when another object starts teaching, so an earlier one stops writing.
        var generation = 0
    }

    /// A keyed container's part in its type's layout: replaying it, teaching it, or neither.
    struct LayoutUse {
        enum Mode { case replay([(name: String, position: Int)]), teach(KeyLayout, generation: Int), none }
        var mode: Mode
        var request = 0
    }

    /// The layout of objects keyed by `Key`, and how the object at `object` (with `members`) uses it.
    func layoutUse<Key: CodingKey>(for type: Key.Type, members: [(key: Int, value: Int)]) -> LayoutUse {
        let id = ObjectIdentifier(type)
        let layout: KeyLayout
        if let last = lastLayout, last.type == id {
            layout = last.layout
        } else if let known = layouts[id] {
            layout = known
            lastLayout = (id, known)
        } else {
            layout = KeyLayout()
            layouts[id] = layout
            lastLayout = (id, layout)
        }
        if !layout.keys.isEmpty, sameKeys(members, layout.keys) { return LayoutUse(mode: .replay(layout.requests)) }
        guard members.allSatisfy({ !nodes[$0.key].escaped }) else { return LayoutUse(mode: .none) }
        layout.generation += 1
        layout.keys = members.map { (nodes[$0.key].start, nodes[$0.key].length) }
        layout.requests = []
        return LayoutUse(mode: .teach(layout, generation: layout.generation))
    }

    private func sameKeys(_ members: [(key: Int, value: Int)], _ keys: [(start: Int32, length: Int32)]) -> Bool {
        guard members.count == keys.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            for (member, key) in zip(members, keys) {
                let node = nodes[member.key]
                guard node.length == key.length, !node.escaped else { return false }
                if node.start != key.start,
                    memcmp(buffer.baseAddress! + Int(node.start), buffer.baseAddress! + Int(key.start), Int(key.length)) != 0
                {
                    return false
                }
            }
            return true
        }
    }
}

extension FastJSONDecoder.LayoutUse {
    /// The member position the layout gives for the next request, `.some(nil)` for a key the
    /// layout knows is absent, or nil when it cannot tell (then the caller searches).
    mutating func replay(_ name: String) -> Int?? {
        guard case .replay(let requests) = mode else { return nil }
        guard request < requests.count, requests[request].name == name else {
            mode = .none  // Asked for something else: search from here on.
            return nil
        }
        request += 1
        let position = requests[request - 1].position
        return .some(position < 0 ? nil : position)
    }

    /// Records where the teaching object found `name`.
    func teach(_ name: String, _ position: Int?) {
        guard case .teach(let layout, let generation) = mode, layout.generation == generation else { return }
        layout.requests.append((name, position ?? -1))
    }
}
