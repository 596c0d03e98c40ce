import Foundation

/// How the snapshot stores `State.scheduled`, the one collection that reaches millions: a single
/// string of records `due nominal priority id;` (times in whole seconds since 1970; `;` needs no JSON
/// escaping, unlike a newline), sorted by id so snapshots are stable. Reading it is one byte scan
/// straight into the table, a small fraction of what decoding a million JSON objects costs at
/// start-up. (The journal keeps one JSON change per entry as for all collections.)
enum ScheduledText {
    static func encode(_ scheduled: ScheduleTable) -> String {
        var text = ""
        text.reserveCapacity(scheduled.count * 64)
        for entry in scheduled.values.sorted(by: { $0.id < $1.id }) {
            text += "\(ScheduleTable.seconds(entry.due)) \(ScheduleTable.seconds(entry.nominal)) \(entry.priority) \(entry.id);"
        }
        return text
    }

    static func decode(_ text: String) throws -> ScheduleTable {
        var table = ScheduleTable()
        var text = text
        try text.withUTF8 { bytes in
            let separator = UInt8(ascii: ";"), space = UInt8(ascii: " ")
            table.reserveCapacity(bytes.reduce(0) { $0 + ($1 == separator ? 1 : 0) })
            var start = 0
            var number = 0
            var greatest: UnsafeBufferPointer<UInt8>?
            var allASCII = true
            while start < bytes.count {
                number += 1
                var end = start
                while end < bytes.count && bytes[end] != separator { end += 1 }
                // Three numbers separated by spaces, then the id (which may itself hold spaces).
                var numbers: (Double?, Double?, Double?) = (nil, nil, nil)
                var fieldStart = start
                var index = start
                var field = 0
                while index < end, field < 3 {
                    if bytes[index] == space {
                        let value = parseNumber(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
                        switch field {
                        case 0: numbers.0 = value
                        case 1: numbers.1 = value
                        default: numbers.2 = value
                        }
                        field += 1
                        fieldStart = index + 1
                    }
                    index += 1
                }
                guard field == 3, fieldStart < end, let due = numbers.0, let nominal = numbers.1,
                      let priority = numbers.2, priority == priority.rounded(), abs(priority) < 1e9 else {
                    throw ScheduledTextError(line: number)
                }
                let idBytes = UnsafeBufferPointer(rebasing: bytes[fieldStart..<end])
                let id = String(decoding: idBytes, as: UTF8.self)
                // Only ASCII ids compare as Strings compare bytes (`é` has two spellings).
                allASCII = allASCII && idBytes.allSatisfy { $0 < 0x80 }
                if allASCII, let greatest, greatest.lexicographicallyPrecedes(idBytes), due == due.rounded(), nominal == nominal.rounded(),
                    abs(due) < 4e15, abs(nominal) < 4e15
                {
                    // Records come sorted by id (as `encode` writes them): an id greater than any
                    // before it is a new one.
                    table.appendNew(id: id, due: Int64(due), nominal: Int64(nominal), priority: Int32(priority))
                } else {
                    table[id] = ScheduledNudge(id: id, due: Date(timeIntervalSince1970: due),
                                               nominal: Date(timeIntervalSince1970: nominal), priority: Int(priority))
                }
                if greatest.map({ $0.lexicographicallyPrecedes(idBytes) }) ?? true { greatest = idBytes }
                start = end + 1
            }
        }
        return table
    }

    /// A number as `encode` writes it: an integer is read directly; anything else (a decimal
    /// from an older snapshot) goes through the standard parser.
    private static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = bytes.dropFirst(negative ? 1 : 0)
        guard !digits.isEmpty, digits.count <= 15 else { return Double(String(decoding: bytes, as: UTF8.self)) }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return Double(String(decoding: bytes, as: UTF8.self)) }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return Double(negative ? -value : value)
    }
}

/// A record of the stored schedule that cannot be read.
struct ScheduledTextError: Error, CustomStringConvertible {
    var line: Int
    var description: String { "scheduled nudges, record \(line): expected `due nominal priority id`" }
}
