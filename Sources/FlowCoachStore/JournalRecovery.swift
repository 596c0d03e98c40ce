import FlowCoachCore
import Foundation

/// Reads `journal.jsonl` on start-up: replays the records after the snapshot, cuts a torn last
/// line (keeping a `.broken` copy) and refuses a damaged line in the middle.
struct JournalRecovery {
    let path: String
    var state: State
    var seq: UInt64
    var notes: [String] = []
    /// How many records the journal holds after the snapshot.
    var records = 0
    /// Reading beside a running daemon: never write; a torn (still being written) last line is skipped.
    var readOnly = false

    static let header = Array(#"{"format":"flowcoach-journal","version":1}"#.utf8) + [UInt8(ascii: "\n")]

    mutating func run() throws(StoreError) {
        guard let bytes = try PosixFile.read(path), !bytes.isEmpty else {
            if !readOnly { try PosixFile.replace(path, with: Self.header) }
            return
        }
        let decoder = StateFormat.decoder()
        var lineStart = 0
        var lineNumber = 0
        var version = StateFormat.currentVersion
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            let isLast = newline == nil || newline! + 1 == bytes.count
            do throws(JournalRecord.LineError) {
                guard newline != nil else { throw JournalRecord.LineError("no newline: the write was cut short") }
                if lineNumber == 1 {
                    version = try Self.readHeader(line)
                } else {
                    try replay(line, version: version, decoder: decoder)
                }
            } catch {
                guard isLast else { throw .damagedJournal(path: path, line: lineNumber, reason: error.reason) }
                if readOnly { return }
                try cut(bytes, at: lineStart, line: lineNumber, reason: error.reason)
                return
            }
            lineStart = lineEnd + 1
        }
    }

    static func readHeader(_ line: ArraySlice<UInt8>) throws(JournalRecord.LineError) -> Int {
        guard let header = try? JSONDecoder().decode(FileHeader.self, from: Data(line)),
            header.format == StateFormat.journalFormat
        else { throw JournalRecord.LineError("not a flowcoach journal header") }
        return header.version
    }

    private mutating func replay(_ line: ArraySlice<UInt8>, version: Int, decoder: JSONDecoder) throws(JournalRecord.LineError) {
        var data = line
        if version != StateFormat.currentVersion {
            guard let upgraded = try? Migrations.upgrade(Data(line), from: version, steps: Migrations.recordSteps, path: path)
            else { throw JournalRecord.LineError("cannot migrate from version \(version)") }
            data = ArraySlice(upgraded)
        }
        let record = try JournalRecord.parse(data, decoder: decoder)
        guard record.seq > seq else { return }  // already in the snapshot
        guard record.seq == seq + 1 else {
            throw JournalRecord.LineError("sequence jumps from \(seq) to \(record.seq)")
        }
        state.apply(record.changes)
        seq = record.seq
        records += 1
    }

    /// Keeps the whole file as `<journal>.broken`, then truncates the journal before the torn line.
    private mutating func cut(_ bytes: [UInt8], at offset: Int, line: Int, reason: String) throws(StoreError) {
        try PosixFile.replace(path + ".broken", with: bytes)
        let kept = offset == 0 ? Self.header : Array(bytes[0..<offset])
        try PosixFile.replace(path, with: kept)
        notes.append(
            "\(path):\(line): the last journal line was torn (\(reason)), probably by a crash mid-write; it was cut off and the whole file kept as \(path).broken. The event it held was never acknowledged.")
    }
}
