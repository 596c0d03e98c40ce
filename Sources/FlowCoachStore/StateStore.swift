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
///
/// Group commit: `commit(_:at:durable: false)` writes a record without waiting for the disk, and
/// `waitUntilDurable()` returns once one fsync (on a thread of its own) covers it, so the events
/// that arrive during one fsync share the next. With `snapshotsInBackground`, the snapshot due
/// every `snapshotEvery` records is written on a thread of its own from a copy of the state.
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
    public var syncObserver: (@Sendable (Duration) -> Void)? {
        didSet { group.observe(syncObserver) }
    }
    /// Write the periodic snapshot on a background thread instead of inside `commit` (the daemon
    /// does; a command-line tool that commits and exits need not).
    public var snapshotsInBackground = false
    /// How long the last snapshot written in the background took to encode and write.
    public private(set) var lastBackgroundSnapshot: Duration?
    /// The CPU time the threads writing it used.
    public private(set) var lastBackgroundSnapshotCPU: Duration?

    private let lock: DirectoryLock
    private let attempts: AttemptLog
    private var journalFD: Int32
    /// The journal's length in bytes.
    private var journalSize: Int
    private let group: GroupCommit
    private var job: SnapshotJob?
    private var failure: StoreError?

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
        Self.releaseFreedMemory()
        journalRecords = recovery.records
        let seen = recovery.state.seen
        attempts = try AttemptLog(path: directory + "/attempts.log") { seen[$0] != nil }
        journalFD = try PosixFile.open(directory + "/journal.jsonl", O_WRONLY | O_APPEND)
        journalSize = Int(lseek(journalFD, 0, SEEK_END))
        group = GroupCommit(fd: journalFD, path: directory + "/journal.jsonl", seq: recovery.seq)
        group.written(through: recovery.seq, length: journalSize)
        // A journal being prepared by a background snapshot when the process stopped: never used.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("journal.jsonl.next-") {
            unlink(directory + "/" + name)
        }
        // Written by an older flowcoach: fold it into a current snapshot before appending anything.
        if recovery.journalVersion != StateFormat.currentVersion { try self.snapshot(at: Date()) }
    }

    /// Hands the memory freed after loading (the file's bytes and its parse, as large as the
    /// state again) back to the system, where the allocator would otherwise keep it.
    private static func releaseFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
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
    /// `durable: false` skips the fsync: for records whose loss is harmless (a delivery
    /// acknowledgement: losing it only causes an idempotent resend), or for a group commit, where
    /// the caller then waits with `waitUntilDurable()` before it lets any reply go.
    public func commit(_ changes: [Change], at date: Date, durable: Bool = true) throws(StoreError) {
        try checkUsable()
        try finishBackgroundSnapshot()
        let record = JournalRecord(seq: seq + 1, at: date, changes: changes)
        do throws(StoreError) {
            let line: [UInt8]
            do {
                line = try record.line()
            } catch {
                throw .unusable(reason: "cannot encode a journal record: \(error)")
            }
            try PosixFile.write(journalFD, line, path: journalPath)
            journalSize += line.count
            group.written(through: record.seq, length: journalSize)
            if durable { try group.syncNow() }
        } catch {
            fail(error)
            throw error
        }
        state.apply(changes)
        seq = record.seq
        journalRecords += 1
        if journalRecords >= snapshotEvery {
            if !snapshotsInBackground {
                try snapshot(at: date)
            } else if job == nil {
                startBackgroundSnapshot(at: date)
            }
        }
    }

    /// Returns once every record committed so far (or up to `seq`) is on disk. The fsync runs on
    /// the group-commit thread, so the caller's actor goes on handling events meanwhile, and one
    /// fsync covers them all. Throws if the disk refused: nothing committed since may be shown.
    public func waitUntilDurable(through seq: UInt64? = nil, isolation: isolated (any Actor)? = #isolation) async throws(StoreError) {
        try checkUsable()
        try await group.waitDurable(through: seq ?? self.seq)
    }

    /// Writes the whole state to `snapshot.json` atomically and starts an empty journal. A
    /// snapshot being written in the background is called off first (this one is newer).
    public func snapshot(at date: Date) throws(StoreError) {
        try checkUsable()
        job?.cancel()
        job = nil
        do throws(StoreError) {
            try group.syncNow()  // the journal never ends before the snapshot, even after a power cut
            try Snapshot(seq: seq, at: date, state: state).write(snapshotPath)
            try startJournal(durableThrough: seq)
        } catch {
            fail(error)
            throw error
        }
    }

    /// Whether a snapshot is being written in the background.
    public var snapshotInProgress: Bool { job != nil }

    /// Waits for a snapshot being written in the background, then starts its new journal (for
    /// tests and benchmarks; `commit` does this by itself once the snapshot is written).
    public func finishSnapshotInProgress() throws(StoreError) {
        job?.wait()
        try finishBackgroundSnapshot()
    }

    /// Captures the state (a copy-on-write copy: O(collections)) and writes it on a thread.
    private func startBackgroundSnapshot(at date: Date) {
        let job = SnapshotJob(seq: seq, journalOffset: journalSize)
        let group = group
        job.start(Snapshot(seq: seq, at: date, state: state), path: snapshotPath, journal: journalPath, journalLength: { group.journalLength }) {
            () throws(StoreError) in try group.syncNow()
        }
        self.job = job
    }

    /// Once the background snapshot is on disk: the new journal it prepared, holding the records
    /// committed while it was written, gets those written since, is fsynced and renamed over the
    /// old one, so every record survives a crash and the writer copies only a few.
    private func finishBackgroundSnapshot() throws(StoreError) {
        guard let job, let outcome = job.outcome else { return }
        self.job = nil
        lastBackgroundSnapshot = job.took
        lastBackgroundSnapshotCPU = job.tookCPU
        do throws(StoreError) {
            switch outcome {
            case .cancelled:
                return
            case .failed(let error):
                throw error
            case .written(let next, let copiedTo):
                let recent = try PosixFile.read(journalPath, from: copiedTo)
                let fd = try PosixFile.open(next, O_WRONLY | O_APPEND)
                do throws(StoreError) {
                    try PosixFile.write(fd, recent, path: next)
                    try PosixFile.sync(fd, path: next)
                    guard rename(next, journalPath) == 0 else { throw .io(operation: "rename", path: next, errno: errno) }
                    try PosixFile.syncDirectory(directory)
                } catch {
                    PosixFile.close(fd)
                    unlink(next)
                    throw error
                }
                let length = Int(lseek(fd, 0, SEEK_END))
                PosixFile.close(group.replace(fd: fd, path: journalPath, length: length, durableThrough: seq))
                journalFD = fd
                journalSize = length
                journalRecords = Int(seq - job.seq)
                try attempts.compact()
            }
        } catch {
            fail(error)
            throw error
        }
    }

    /// Replaces the journal with an empty one, durably, and writes on there.
    private func startJournal(durableThrough seq: UInt64) throws(StoreError) {
        let bytes = JournalRecovery.header
        try PosixFile.replace(journalPath, with: bytes)
        let fd = try PosixFile.open(journalPath, O_WRONLY | O_APPEND)
        PosixFile.close(group.replace(fd: fd, path: journalPath, length: bytes.count, durableThrough: seq))
        journalFD = fd
        journalSize = bytes.count
        journalRecords = 0
        try attempts.compact()
    }

    private func checkUsable() throws(StoreError) {
        if failure == nil, let error = group.failure { failure = error }
        if let failure { throw .unusable(reason: failure.description) }
    }

    private func fail(_ error: StoreError) {
        failure = failure ?? error
        group.fail(error)
    }

    /// Releases the journal and the lock. The store cannot be used afterwards.
    public func close() {
        job?.cancel()
        job = nil
        group.stop()
        if journalFD >= 0 { PosixFile.close(journalFD) }
        journalFD = -1
        attempts.close()
        failure = failure ?? .unusable(reason: "the store was closed")
        lock.release()
    }

    deinit {
        job?.cancel()
        group.stop()
        if journalFD >= 0 { PosixFile.close(journalFD) }
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module leaves out).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
