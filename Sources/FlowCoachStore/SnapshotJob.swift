import FlowCoachCore
import FlowCoachJSON
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot written off the hot path: the state as of record `seq` (a copy: `State` is a value,
/// and its collections are copied on write), encoded and written on a thread of its own while
/// the writer goes on committing. The order that keeps a crash safe at every step: the new
/// snapshot is written under a temporary name and fsynced; the journal is fsynced up to `seq`
/// (so the journal never ends before the snapshot); the snapshot is renamed over the old one and
/// the directory fsynced. Until the writer then starts the new journal (`StateStore.finish`),
/// the journal still holds records the snapshot already has, which recovery skips.
///
/// The new journal is prepared here too, so the writer is not held up copying: the records
/// committed while the snapshot was written (complete lines only, up to `journalLength()`) go
/// into `journal.jsonl.next-<seq>` after a header, fsynced; the writer adds the few written since
/// and renames it over the journal.
final class SnapshotJob: Sendable {
    enum Outcome: Sendable {
        /// The snapshot is in place; `next` holds the journal's records from `seq + 1` up to byte `copiedTo`.
        case written(next: String, copiedTo: Int)
        case cancelled
        case failed(StoreError)
    }

    let seq: UInt64
    /// The journal's length in bytes once record `seq` was written: what follows goes into the new journal.
    let journalOffset: Int
    /// How long encoding and writing took, in wall-clock and in CPU time.
    private let timing = Mutex<(wall: Duration, cpu: Duration)?>(nil)
    private let state = Mutex<(cancelled: Bool, outcome: Outcome?)>((false, nil))

    init(seq: UInt64, journalOffset: Int) {
        self.seq = seq
        self.journalOffset = journalOffset
    }

    var outcome: Outcome? { state.withLock { $0.outcome } }
    var took: Duration? { timing.withLock { $0?.wall } }
    /// The CPU time of the threads that encoded and wrote it.
    var tookCPU: Duration? { timing.withLock { $0?.cpu } }

    /// Starts writing `snapshot` to `path`; `syncJournal` makes the journal durable through `seq`.
    func start(_ snapshot: Snapshot, path: String, journal: String, journalLength: @escaping @Sendable () -> Int,
               syncJournal: @escaping @Sendable () throws(StoreError) -> Void) {
        let thread = Thread { [self] in
            ThreadCPUClock.yieldToOthers()
            let started = ContinuousClock.now
            let cpu = ThreadCPUClock()
            var helperCPU = Duration.zero
            let outcome = write(snapshot, path: path, journal: journal, journalLength: journalLength, syncJournal: syncJournal, helperCPU: &helperCPU)
            timing.withLock { $0 = (ContinuousClock.now - started, cpu.elapsed + helperCPU) }
            state.withLock { $0.outcome = outcome }
        }
        thread.name = "flowcoach-snapshot"
        thread.start()
    }

    /// Makes sure this job never replaces the snapshot from now on (a newer one is being written);
    /// returns once a rename in progress, if any, is done.
    func cancel() {
        state.withLock { $0.cancelled = true }
    }

    /// Waits until the thread is done (for tests and shutdown).
    func wait() {
        while outcome == nil { usleep(1000) }
    }

    /// Where the journal that follows this snapshot is prepared.
    static func nextJournal(_ journal: String, seq: UInt64) -> String { "\(journal).next-\(seq)" }

    private func write(_ snapshot: Snapshot, path: String, journal: String, journalLength: @Sendable () -> Int,
                       syncJournal: @Sendable () throws(StoreError) -> Void, helperCPU: inout Duration) -> Outcome {
        let temp = path + ".background.tmp"
        let next = Self.nextJournal(journal, seq: seq)
        do throws(StoreError) {
            let encoded = try snapshot.encodedPieces(yielding: true)
            helperCPU = encoded.helperCPU
            try PosixFile.write(temp, encoded.pieces)
            try syncJournal()
            // The rename under the lock: `cancel` either comes before it (no rename) or waits for it.
            let renamed = try state.withLock { state throws(StoreError) -> Bool in
                if state.cancelled {
                    unlink(temp)
                    return false
                }
                guard rename(temp, path) == 0 else { throw .io(operation: "rename", path: temp, errno: errno) }
                try PosixFile.syncDirectory((path as NSString).deletingLastPathComponent)
                return true
            }
            guard renamed else { return .cancelled }
            let copiedTo = journalLength()
            let tail = try PosixFile.read(journal, from: journalOffset, upTo: copiedTo)
            // Called off after the rename (a newer snapshot is being written): no journal to prepare.
            if state.withLock({ $0.cancelled }) { return .cancelled }
            try PosixFile.write(next, JournalRecovery.header + tail)
            if state.withLock({ $0.cancelled }) {
                unlink(next)
                return .cancelled
            }
            return .written(next: next, copiedTo: copiedTo)
        } catch {
            unlink(temp)
            unlink(next)
            return .failed(error)
        }
    }
}
