import FlowCoachCore
import Foundation

/// Reads `journal.jsonl` on start-up: replays the records after the snapshot, cuts a torn last
/// line (one without its newline: the write never finished, so the event was never acknowledged),
/// keeping a numbered `.broken` copy, and refuses anything else that is damaged: a complete line
/// may hold an acknowledged event, so it is never cut.
struct JournalRecovery {
    let path: String
    var state: State
    var seq: UInt64
    /// The sequence number of the snapshot the replay starts from; nil when there is none.
    let snapshotSeq: UInt64?
    /// The last record the journal holds, replayed or already in the snapshot.
    private var lastInJournal: UInt64?
    var notes: [String] = []
    /// How many records the journal holds after the snapshot.
    var records = 0
    /// Reading beside a running daemon: never write; a torn (still being written) last line is skipped.
    var readOnly = false

    init(path: String, snapshot: Snapshot?) {
        self.path = path
        state = snapshot?.state ?? State()
        seq = snapshot?.seq ?? 0
        snapshotSeq = snapshot?.seq
    }

    static let header = Array(#"{"format":"flowcoach-journal","version":\#(StateFormat.currentVersion)}"#.utf8) + [UInt8(ascii: "\n")]
    /// The version the journal was written in; an older one is folded into a snapshot on open,
    /// so new records never go into a file whose header says otherwise.
    private(set) var journalVersion = StateFormat.currentVersion

    /// Replays the journal at `path`, or `contents` when the caller read it already.
    mutating func run(contents: [UInt8]?? = nil) throws(StoreError) {
        let read: [UInt8]?
        if let contents { read = contents } else { read = try PosixFile.read(path) }
        guard let bytes = read, !bytes.isEmpty else {
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
                    journalVersion = version
                } else {
                    try replay(line, version: version, decoder: decoder)
                }
            } catch {
                if let mismatch = error.mismatch { throw mismatch }
                guard newline == nil else {
                    throw isLast ? .damagedLastLine(path: path, line: lineNumber, reason: error.reason)
                        : .damagedJournal(path: path, line: lineNumber, reason: error.reason)
                }
                if readOnly { return }
                try cut(bytes, at: lineStart, line: lineNumber, reason: error.reason)
                return
            }
            lineStart = lineEnd + 1
        }
        // Beside a running daemon, a journal read just before the daemon's next snapshot ends
        // before that snapshot: the snapshot already holds all of it.
        if !readOnly, let snapshotSeq, let lastInJournal, lastInJournal < snapshotSeq {
            throw .mismatchedFiles(
                "snapshot.json holds the state up to record \(snapshotSeq), but \(path) ends at record \(lastInJournal): the two files are from different times (was one of them restored from a backup?). Restore both from the same backup")
        }
    }

    static func readHeader(_ line: ArraySlice<UInt8>) throws(JournalRecord.LineError) -> Int {
        guard let header = try? JSONDecoder().decode(FileHeader.self, from: Data(line)),
            header.format == StateFormat.journalFormat
        else { throw JournalRecord.LineError("not a flowcoach journal header") }
        return header.version
    }

    private mutating func replay(_ line: ArraySlice<UInt8>, version: Int, decoder: JSONDecoder) throws(JournalRecord.LineError) {
        let record: JournalRecord
        if version != StateFormat.currentVersion {
            // The checksum covers the line as written; the migration works on the checked body.
            let body = try JournalRecord.verified(line)
            guard let upgraded = try? Migrations.upgrade(Data(body), from: version, steps: Migrations.recordSteps, path: path)
            else { throw JournalRecord.LineError("cannot migrate from version \(version)") }
            record = try JournalRecord.decode([UInt8](upgraded), decoder: decoder)
        } else {
            record = try JournalRecord.parse(line, decoder: decoder)
        }
        defer { lastInJournal = record.seq }
        guard record.seq > seq else { return }  // already in the snapshot
        guard record.seq == seq + 1 else {
            if lastInJournal == nil, snapshotSeq == nil {
                throw JournalRecord.LineError(mismatch: .mismatchedFiles(
                    "\(path) starts at record \(record.seq), but there is no snapshot.json holding records 1 to \(record.seq - 1): the snapshot is missing. Restore it from the backup taken with this journal"))
            }
            if lastInJournal == nil, let snapshotSeq {
                throw JournalRecord.LineError(mismatch: .mismatchedFiles(
                    "\(path) starts at record \(record.seq), but snapshot.json holds the state only up to record \(snapshotSeq): the two files are from different times (was one of them restored from a backup?). Restore both from the same backup"))
            }
            throw JournalRecord.LineError("sequence jumps from \(seq) to \(record.seq)")
        }
        state.apply(record.changes)
        seq = record.seq
        records += 1
    }

    /// Keeps the whole file as a new `.broken` copy (never over an earlier one), then truncates
    /// the journal before the torn line.
    private mutating func cut(_ bytes: [UInt8], at offset: Int, line: Int, reason: String) throws(StoreError) {
        let copy = Self.keptCopies(of: path).count == 0 ? path + ".broken" : nextCopyPath()
        try PosixFile.replace(copy, with: bytes)
        let kept = offset == 0 ? Self.header : Array(bytes[0..<offset])
        try PosixFile.replace(path, with: kept)
        notes.append(
            "\(path):\(line): the last journal line was torn (\(reason)), probably by a crash mid-write; it was cut off and the whole file kept as \(copy). The event it held was never acknowledged.")
    }

    private func nextCopyPath() -> String {
        var number = 2
        while FileManager.default.fileExists(atPath: "\(path).broken.\(number)") { number += 1 }
        return "\(path).broken.\(number)"
    }

    /// Every kept copy of a damaged journal: `journal.jsonl.broken`, `journal.jsonl.broken.2`, ...
    static func keptCopies(of path: String) -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent + ".broken"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0 == name || ($0.hasPrefix(name + ".") && !$0.hasSuffix(".tmp")) }.sorted().map { directory + "/" + $0 }
    }
}
