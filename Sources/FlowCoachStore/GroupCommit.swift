import Dispatch
import Foundation
import Synchronization

/// Group commit for the journal: records are written at once, and one fsync on a thread of its
/// own makes every record written before it durable. A writer that must not go on before its
/// record is on disk (a reply about to be sent) waits for it with `waitDurable(through:)`; while
/// one fsync runs, the records of the events that arrive meanwhile are written, and the next
/// fsync covers all of them. The descriptor is swapped only under `syncing`, so an fsync never
/// runs on a descriptor that was closed.
final class GroupCommit: Sendable {
    private struct Waiter {
        var seq: UInt64
        var continuation: CheckedContinuation<Result<Void, StoreError>, Never>
    }

    private struct Shared {
        var fd: Int32
        var path: String
        /// The last record written to `fd`.
        var written: UInt64
        /// The journal's length in bytes after it (whole lines).
        var length = 0
        /// Every record up to here is on disk.
        var synced: UInt64
        var failure: StoreError?
        var waiters: [Waiter] = []
        var threadStarted = false
        var stopping = false
    }

    private let shared: Mutex<Shared>
    /// Held for the whole of an fsync and while the descriptor is swapped.
    private let syncing = Mutex<Void>(())
    private let wake = DispatchSemaphore(value: 0)
    /// Told how long each fsync took.
    private let observer: Mutex<(@Sendable (Duration) -> Void)?> = Mutex(nil)

    init(fd: Int32, path: String, seq: UInt64) {
        shared = Mutex(Shared(fd: fd, path: path, written: seq, synced: seq))
    }

    func observe(_ observer: (@Sendable (Duration) -> Void)?) {
        self.observer.withLock { $0 = observer }
    }

    var failure: StoreError? { shared.withLock { $0.failure } }
    var syncedSeq: UInt64 { shared.withLock { $0.synced } }

    /// Notes that records up to `seq` were written to the current descriptor, which is now `length` bytes long.
    func written(through seq: UInt64, length: Int) {
        shared.withLock {
            $0.written = max($0.written, seq)
            $0.length = length
        }
    }

    /// The journal's length in whole lines, for a reader on another thread.
    var journalLength: Int { shared.withLock { $0.length } }

    /// Makes every record written so far durable on the calling thread (one fsync, or none when a
    /// concurrent one already covered them).
    func syncNow() throws(StoreError) {
        try syncing.withLock { _ throws(StoreError) in try syncLocked() }
    }

    /// Returns once the record `seq` is durable; the fsync runs on the group-commit thread, so the
    /// caller's actor handles other events meanwhile. Throws if the fsync failed.
    func waitDurable(through seq: UInt64) async throws(StoreError) {
        let result: Result<Void, StoreError> = await withCheckedContinuation { continuation in
            let (immediate, start) = shared.withLock { shared -> (Result<Void, StoreError>?, Bool) in
                if let failure = shared.failure { return (.failure(failure), false) }
                if shared.synced >= seq { return (.success(()), false) }
                if shared.stopping { return (.failure(.unusable(reason: "the store was closed")), false) }
                shared.waiters.append(Waiter(seq: seq, continuation: continuation))
                let start = !shared.threadStarted
                shared.threadStarted = true
                return (nil, start)
            }
            if let immediate { return continuation.resume(returning: immediate) }
            if start { startThread() }
            wake.signal()
        }
        try result.get()
    }

    /// Swaps in a new journal whose records up to `seq` are already durable (it was written with
    /// an fsync); returns the old descriptor for the caller to close.
    func replace(fd: Int32, path: String, length: Int, durableThrough seq: UInt64) -> Int32 {
        syncing.withLock { _ in
            let (old, ready) = shared.withLock { shared -> (Int32, [Waiter]) in
                let old = shared.fd
                shared.fd = fd
                shared.length = length
                shared.path = path
                shared.written = max(shared.written, seq)
                shared.synced = max(shared.synced, seq)
                return (old, Self.takeReady(&shared))
            }
            for waiter in ready { waiter.continuation.resume(returning: .success(())) }
            return old
        }
    }

    /// Marks the store unusable: waiting writers are told, later ones refused.
    func fail(_ error: StoreError) {
        let waiting = shared.withLock { shared -> [Waiter] in
            shared.failure = shared.failure ?? error
            defer { shared.waiters = [] }
            return shared.waiters
        }
        for waiter in waiting { waiter.continuation.resume(returning: .failure(error)) }
    }

    /// Ends the thread once it has synced what was written; waiters left are told.
    func stop() {
        let waiting = shared.withLock { shared -> [Waiter] in
            shared.stopping = true
            defer { shared.waiters = [] }
            return shared.waiters
        }
        for waiter in waiting { waiter.continuation.resume(returning: .failure(.unusable(reason: "the store was closed"))) }
        wake.signal()
    }

    private func startThread() {
        let thread = Thread { [self] in run() }
        thread.name = "flowcoach-journal-sync"
        thread.start()
    }

    private func run() {
        while true {
            wake.wait()
            while true {
                let (pending, stopping) = shared.withLock { ($0.failure == nil && $0.written > $0.synced && !$0.waiters.isEmpty, $0.stopping) }
                if stopping { return }
                guard pending else { break }
                do {
                    try syncing.withLock { _ throws(StoreError) in try syncLocked() }
                } catch {
                    fail(error)
                }
            }
        }
    }

    /// One fsync covering every record written before it; call with `syncing` held.
    private func syncLocked() throws(StoreError) {
        let (fd, path, target, synced, failure) = shared.withLock { ($0.fd, $0.path, $0.written, $0.synced, $0.failure) }
        if let failure { throw .unusable(reason: failure.description) }
        guard target > synced else { return }
        let started = ContinuousClock.now
        try PosixFile.sync(fd, path: path)
        let took = ContinuousClock.now - started
        observer.withLock { $0 }?(took)
        let ready = shared.withLock { shared -> [Waiter] in
            shared.synced = max(shared.synced, target)
            return Self.takeReady(&shared)
        }
        for waiter in ready { waiter.continuation.resume(returning: .success(())) }
    }

    private static func takeReady(_ shared: inout Shared) -> [Waiter] {
        guard shared.waiters.contains(where: { $0.seq <= shared.synced }) else { return [] }
        let synced = shared.synced
        let ready = shared.waiters.filter { $0.seq <= synced }
        shared.waiters.removeAll { $0.seq <= synced }
        return ready
    }
}
