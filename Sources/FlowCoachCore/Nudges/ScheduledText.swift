import Foundation

/// How the snapshot stores `State.scheduled`, the one collection that reaches millions: a single
/// string of records `due nominal priority id;` (times in seconds since 1970; `;` needs no JSON escaping, unlike a newline), sorted by id so
/// snapshots are stable. Reading it is a byte scan, a small fraction of what decoding a million
/// JSON objects costs at start-up. (The journal keeps one JSON change per entry as for all
/// collections.)
enum ScheduledText {
    static func encode(_ scheduled: [String: ScheduledNudge]) -> String {
        var text = ""
        text.reserveCapacity(scheduled.count * 64)
        for entry in scheduled.values.sorted(by: { $0.id < $1.id }) {
            text += "\(entry.due.timeIntervalSince1970) \(entry.nominal.timeIntervalSince1970) \(entry.priority) \(entry.id);"
        }
        return text
    }

    static func decode(_ text: String) throws -> [String: ScheduledNudge] {
        var result: [String: ScheduledNudge] = [:]
        var text = text
        try text.withUTF8 { bytes in
            result.reserveCapacity(bytes.reduce(0) { $0 + ($1 == UInt8(ascii: ";") ? 1 : 0) })
            var lineStart = 0
            var number = 0
            while lineStart < bytes.count {
                number += 1
                var end = lineStart
                while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
                var fields: [Substring] = []
                var fieldStart = lineStart
                var index = lineStart
                while index < end, fields.count < 3 {
                    if bytes[index] == UInt8(ascii: " ") {
                        fields.append(Substring(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
                        fieldStart = index + 1
                    }
                    index += 1
                }
                let id = String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]), as: UTF8.self)
                guard fields.count == 3, let due = Double(fields[0]), let nominal = Double(fields[1]), let priority = Int(fields[2]), !id.isEmpty else {
                    throw ScheduledTextError(line: number)
                }
                result[id] = ScheduledNudge(id: id, due: Date(timeIntervalSince1970: due), nominal: Date(timeIntervalSince1970: nominal), priority: priority)
                lineStart = end + 1
            }
        }
        return result
    }
}

/// A line of the stored schedule that cannot be read.
struct ScheduledTextError: Error, CustomStringConvertible {
    var line: Int
    var description: String { "scheduled nudges, line \(line): expected `due nominal priority id`" }
}
