import FlowCoachCore
import Foundation

/// One journal line: every change one event caused, with a CRC-32 over the line's own bytes.
/// On disk: `{"seq":N,"at":"…","changes":[…],"crc":C}` where C covers the line without `,"crc":C`.
struct JournalRecord: Codable, Equatable {
    var seq: UInt64
    var at: Date
    var changes: [Change]

    private static let crcMarker = Array(#","crc":"#.utf8)

    /// The line to append, newline included. Fields in a fixed order, keys sorted inside.
    func line() throws -> [UInt8] {
        var body = Array(#"{"seq":\#(seq),"at":"#.utf8)
        body += try StateFormat.encode(at)
        body += Array(#","changes":"#.utf8)
        body += try StateFormat.encode(changes, reserving: 1024)
        body.append(UInt8(ascii: "}"))
        let crc = CRC32.checksum(body)
        body.removeLast()  // the closing brace
        body += Self.crcMarker + Array("\(crc)}\n".utf8)
        return body
    }

    /// Parses one line (without its newline); throws a short reason when it is damaged.
    static func parse(_ line: ArraySlice<UInt8>, decoder: JSONDecoder) throws(LineError) -> JournalRecord {
        try decode(verified(line), decoder: decoder)
    }

    /// Decodes a record's checked body (see `verified`).
    static func decode(_ body: [UInt8], decoder: JSONDecoder) throws(LineError) -> JournalRecord {
        do {
            return try StateFormat.decode(JournalRecord.self, from: body, decoder: decoder)
        } catch {
            throw LineError("checksum matches but the record does not decode: \(error)")
        }
    }

    /// The line without its checksum, once the checksum is found to match: what an older
    /// version's migration reads.
    static func verified(_ line: ArraySlice<UInt8>) throws(LineError) -> [UInt8] {
        guard let marker = lastRange(of: crcMarker, in: line) else { throw LineError("no checksum") }
        let digits = line[marker.upperBound...].dropLast()
        guard line.last == UInt8(ascii: "}"), let stored = UInt32(String(decoding: digits, as: UTF8.self)) else {
            throw LineError("unreadable checksum")
        }
        let body = Array(line[line.startIndex..<marker.lowerBound]) + [UInt8(ascii: "}")]
        guard CRC32.checksum(body) == stored else { throw LineError("checksum mismatch") }
        return body
    }

    private static func lastRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.endIndex - needle.count
        while start >= haystack.startIndex {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
            start -= 1
        }
        return nil
    }

    struct LineError: Error {
        var reason: String
        /// Set when the line is readable but does not follow from the snapshot: the files disagree.
        var mismatch: StoreError?
        init(_ reason: String) { self.reason = reason }
        init(mismatch: StoreError) {
            reason = mismatch.description
            self.mismatch = mismatch
        }
    }
}
