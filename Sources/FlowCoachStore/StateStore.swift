import FlowCoachCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON state on disk: `snapshot.json` plus `journal.jsonl`, in a directory locked by one
/// process. `commit` returns only after the record is fsynced; any write failure is fatal for
/// this store (it refuses further writes), never ignored.
public final class StateStore {
    public let directory: String
    /// The state as of the last committed record.
    public private(set) var state: State
    /// The sequence number of the last committed record.
    public private(set) var seq: UInt64
    /// What recovery had to repair (a torn last line), for the caller to log.
    public let recoveryNotes: [String]
    /// Records since the last snapshot; past `snapshotEvery`, `commit` takes a snapshot.
    public private(set) var journalRecords: Int
    public let snapshotEvery: Int

    /// Told how long each journal fsync took (for the operators' metrics).
    public var syncObserver: (@Sendable (Duration) -> Void)?

    private let lock: DirectoryLock
    private let attempts: AttemptLog
    private var journalFD: Int32
    private var failure: StoreError?
    private let encoder = StateFormat.encoder(sorted: true)

    var snapshotPath: String { directory + "/snapshot.json" }
    var journalPath: String { directory + "/journal.jsonl" }

    /// Opens (creating if needed) and recovers the state directory.
    public init(directory: String, snapshotEvery: Int = 1000) throws(StoreError) {
        self.directory = directory
        self.snapshotEvery = max(1, snapshotEvery)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: directory, errno: errno)
        }
        lock = try DirectoryLock(directory: directory)
        let snapshot = try Snapshot.load(directory + "/snapshot.json")
        var recovery = JournalRecovery(path: directory + "/journal.jsonl", snapshot: snapshot)
        try recovery.run()
        state = recovery.state
        seq = recovery.seq
        recoveryNotes = recovery.notes
        journalRecords = recovery.records
        let seen = recovery.state.seen
        attempts = try AttemptLog(path: directory + "/attempts.log") { seen[$0] != nil }
        journalFD = try PosixFile.open(directory + "/journal.jsonl", O_WRONLY | O_APPEND)
        // Written by an older flowcoach: fold it into a current snapshot before appending anything.
        if recovery.journalVersion != StateFormat.currentVersion { try self.snapshot(at: Date()) }
    }

    /// How many times a message with `key` was being handled when an earlier process died.
    public func unfinishedAttempts(_ key: String) -> Int {
        attempts.unfinished[key] ?? 0
    }

    /// Records, before handling it, that the message `event` (with `key`) is being handled.
    public func markAttempt(event: String, key: String) throws(StoreError) {
        if let failure { throw .unusable(reason: failure.description) }
        try attempts.mark(event: event, key: key)
    }

    /// Forgets a message's earlier attempts: it is about to be committed.
    public func settleAttempts(_ key: String) {
        attempts.settle(key)
    }

    /// The key that identifies a message across redeliveries and retypings (no text in it).
    public static func attemptKey(sender: String, room: String, text: String) -> String {
        AttemptLog.key(sender: sender, room: room, text: text)
    }

    /// The state as committed so far, read without taking the lock or writing anything, so
    /// reports can run beside the daemon. A last line being written at that moment is skipped.
    /// The journal is read before the snapshot: the daemon writes a snapshot before it starts a
    /// new journal, so the snapshot we then read is the journal's own or a later one, never one
    /// the journal does not continue. A busy writer is never mistaken for damage.
    public static func read(directory: String) throws(StoreError) -> State {
        let journalPath = directory + "/journal.jsonl"
        let journal = try PosixFile.read(journalPath)
        var recovery = JournalRecovery(path: journalPath, snapshot: try Snapshot.load(directory + "/snapshot.json"))
        recovery.readOnly = true
        try recovery.run(contents: .some(journal))
        return recovery.state
    }

    /// Removes every line that names one of `people` from the kept copies of damaged journals
    /// (`journal.jsonl.broken*`), after `forget me`: a line is one event, so an event of theirs
    /// goes whole.
    public func scrubKeptCopies(of people: [String]) throws(StoreError) {
        let needles = people.flatMap { [Array($0.utf8), Array($0.replacingOccurrences(of: "/", with: "\\/").utf8)] }
        for copy in JournalRecovery.keptCopies(of: journalPath) {
            guard let bytes = try PosixFile.read(copy) else { continue }
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let kept = lines.filter { line in !needles.contains { line.contains($0) } }
            guard kept.count != lines.count else { continue }
            try PosixFile.replace(copy, with: Array(kept.joined(separator: [UInt8(ascii: "\n")])))
        }
    }

    /// Appends one record holding `changes`, fsyncs it, then applies it to `state`.
    /// `durable: false` skips the fsync, for records whose loss is harmless (a delivery
    /// acknowledgement: losing it only causes an idempotent resend); a later fsync covers it.
    public func commit(_ changes: [Change], at date: Date, durable: Bool = true) throws(StoreError) {
        if let failure { throw .unusable(reason: failure.description) }
        let record = JournalRecord(seq: seq + 1, at: date, changes: changes)
        do throws(StoreError) {
            let line: [UInt8]
            do {
                line = try record.line(encoder: encoder)
            } catch {
                throw .unusable(reason: "cannot encode a journal record: \(error)")
            }
            try PosixFile.write(journalFD, line, path: journalPath)
            if durable {
                let started = ContinuousClock.now
                try PosixFile.sync(journalFD, path: journalPath)
                syncObserver?(ContinuousClock.now - started)
            }
        } catch {
            failure = error
            throw error
        }
        state.apply(changes)
        seq = record.seq
        journalRecords += 1
        if journalRecords >= snapshotEvery { try snapshot(at: date) }
    }

    /// Writes the whole state to `snapshot.json` atomically and starts an empty journal.
    public func snapshot(at date: Date) throws(StoreError) {
        if let failure { throw .unusable(reason: failure.description) }
        do throws(StoreError) {
            try Snapshot(seq: seq, at: date, state: state).write(snapshotPath)
            try PosixFile.replace(journalPath, with: JournalRecovery.header)
            PosixFile.close(journalFD)
            journalFD = try PosixFile.open(journalPath, O_WRONLY | O_APPEND)
            journalRecords = 0
            try attempts.compact()
        } catch {
            failure = error
            throw error
        }
    }

    /// Releases the journal and the lock. The store cannot be used afterwards.
    public func close() {
        if journalFD >= 0 { PosixFile.close(journalFD) }
        journalFD = -1
        attempts.close()
        failure = failure ?? .unusable(reason: "the store was closed")
        lock.release()
    }

    deinit {
        if journalFD >= 0 { PosixFile.close(journalFD) }
    }
}
