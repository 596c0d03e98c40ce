import FlowCoachCore
import FlowCoachStore
import Foundation
import Logging

/// The one writer of DESIGN.md: hands each event to the pure `Coach` at `now`, commits the
/// resulting changes and replies to the journal as one record, and only then returns the
/// replies for delivery. A reply leaves the outbox only when `delivered` is committed.
///
/// Group commit: a record is written at once and the handler then waits (suspended, so the
/// actor takes the next event) until one fsync covers it; the events that arrive during one
/// fsync share the next. Nothing is returned for sending before its record is on disk.
public actor Runtime {
    private var coach: Coach
    private let store: StateStore
    private let clock: @Sendable () -> Date
    private let logger: Logger
    /// Signalled when a turn schedules something (a follow-up), so the timer re-plans its sleep.
    public nonisolated let scheduleChanged = Wakeup()
    /// `admin reload` raises SIGHUP for the daemon's reload service; only set where one listens.
    private var reloadsOnRequest = false

    /// Where no reload service listens (the terminal chat): how to load the content again.
    private var loadContent: (@Sendable () -> Content?)?

    /// Lets `admin reload` signal this process (the daemon traps SIGHUP to reload).
    public func enableReloadRequests() { reloadsOnRequest = true }

    /// Lets `admin reload` load the content itself with `load` (nil: the files have problems, kept as they were).
    public func reloadRequests(by load: @escaping @Sendable () -> Content?) { loadContent = load }

    /// The default clock, truncated to whole seconds so journal and snapshot round-trip exactly.
    public static let systemClock: @Sendable () -> Date = {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    /// Operational figures for `/metrics`.
    public nonisolated let metrics: DaemonMetrics

    public init(content: Content, store: sending StateStore, clock: @escaping @Sendable () -> Date = Runtime.systemClock,
                logger: Logger, metrics: DaemonMetrics = DaemonMetrics()) {
        self.coach = Coach(content: content)
        self.metrics = metrics
        store.syncObserver = { metrics.fsync(took: $0) }
        store.snapshotsInBackground = true
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Handles one event: returns the replies to send, already committed.
    public func handle(_ event: Event) async throws(StoreError) -> [Outbound] {
        let now = clock()
        let turn: Turn
        if case .message(let inbound) = event {
            turn = try guardedTurn(inbound, now: now)
        } else {
            turn = coach.handle(event, state: store.state, now: now)
        }
        if !turn.changes.isEmpty {
            try commit(turn.changes, at: now)
            try follow(turn, at: now)
        }
        try await durable()
        return turn.changes.isEmpty ? [] : turn.replies
    }

    /// Handles one batch from a platform: one journal record per message, the new cursor (and
    /// housekeeping) committed with the last one, so a crash mid-batch re-reads it from the old
    /// cursor and the seen ids drop what was already handled. A pushed batch (a webhook) has no
    /// cursor: the platform retries until it is acknowledged, after this returns.
    public func handle(batch: [Inbound], cursor: Cursor?) async throws(StoreError) -> [Outbound] {
        var replies: [Outbound] = []
        var answered: [ContinuousClock.Instant] = []
        for (index, inbound) in batch.enumerated() {
            let now = clock()
            let started = ContinuousClock.now
            metrics.messageIn()
            var turn = try guardedTurn(inbound, now: now)
            if index == batch.count - 1, let cursor { turn.changes += cursorChanges(cursor, now: now) }
            if !turn.changes.isEmpty { try commit(turn.changes, at: now) }
            try follow(turn, at: now)
            if !turn.replies.isEmpty { answered.append(started) }
            replies += turn.replies
        }
        if batch.isEmpty, let cursor, store.state.cursors[cursor.id] != cursor {
            // Nothing was answered: losing this record only means re-reading an empty batch.
            let now = clock()
            try commit(cursorChanges(cursor, now: now), at: now)
            return replies
        }
        try await durable()
        let released = ContinuousClock.now
        for started in answered { metrics.reply(took: released - started) }
        return replies
    }

    /// Waits until every record written so far is on disk (one fsync shared with the events
    /// handled meanwhile). Also when this event changed nothing: what it read (e.g. that its id was
    /// already seen) may come from a record still on its way to the disk.
    private func durable() async throws(StoreError) {
        do throws(StoreError) {
            try await store.waitUntilDurable()
        } catch {
            metrics.error("store")
            throw error
        }
    }

    /// The poison-event guard: each message is marked as attempted before the coach sees it. A
    /// message that was being handled when an earlier process died is handled once more; one that
    /// died twice is skipped for good (committed as seen, its sender told once, counted), so no
    /// message can keep the service down. Logged by event id, never by text.
    private func guardedTurn(_ inbound: Inbound, now: Date) throws(StoreError) -> Turn {
        guard store.state.seen[inbound.eventID] == nil else { return Turn() }
        let key = StateStore.attemptKey(sender: inbound.sender.id, room: inbound.room, text: inbound.text)
        let earlier = store.unfinishedAttempts(key)
        if earlier >= 2 {
            logger.error("skipped a message that stopped the process twice", metadata: ["event": "\(inbound.eventID)", "room": "\(inbound.room)"])
            metrics.error("poison_event")
            store.settleAttempts(key)
            return coach.handle(.skipped(inbound), state: store.state, now: now)
        }
        if earlier == 1 {
            logger.warning("handling once more a message that was in hand when the process stopped", metadata: ["event": "\(inbound.eventID)"])
        }
        try recordingStoreErrors { () throws(StoreError) in try store.markAttempt(event: inbound.eventID, key: key) }
        Self.testFault(inbound)
        let turn = coach.handle(.message(inbound), state: store.state, now: now)
        store.settleAttempts(key)
        return turn
    }

    /// Debug builds only: a message containing `$FLOWCOACH_TEST_CRASH_ON` stops the process, so
    /// tests can check the poison-event guard against a real crash. Compiled out of release builds.
    private static func testFault(_ inbound: Inbound) {
        #if DEBUG
        if let trigger = ProcessInfo.processInfo.environment["FLOWCOACH_TEST_CRASH_ON"], !trigger.isEmpty, inbound.text.contains(trigger) {
            fatalError("test fault: FLOWCOACH_TEST_CRASH_ON matched")
        }
        #endif
    }

    /// Every write goes through here: a store failure is counted for `/metrics`, and the timer
    /// re-plans its sleep when something was scheduled. The record is written, not yet fsynced:
    /// whoever returns replies first waits with `durable()`.
    private func commit(_ changes: [Change], at now: Date) throws(StoreError) {
        try recordingStoreErrors { () throws(StoreError) in try store.commit(changes, at: now, durable: false) }
        if changes.contains(where: { [FollowUp.collection, PeerQuestion.collection, PeerAnswer.collection, ScheduledNudge.collection].contains($0.collection) }) { scheduleChanged.signal() }
    }

    private func recordingStoreErrors(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        do throws(StoreError) {
            try body()
        } catch {
            metrics.error("store")
            throw error
        }
    }

    /// The state's gauges and nudge counters brought up to date, then the Prometheus text.
    public func metricsExposition() -> String {
        metrics.refresh(from: store.state)
        return metrics.exposition()
    }

    /// What a committed turn asks of the runtime: a compaction, a reload.
    private func follow(_ turn: Turn, at now: Date) throws(StoreError) {
        if !turn.erased.isEmpty {
            try recordingStoreErrors { () throws(StoreError) in
                try store.snapshot(at: now)
                try store.scrubKeptCopies(of: turn.erased)
            }
            logger.info("state compacted after an erasure")
        }
        if turn.reload {
            if reloadsOnRequest {
                logger.info("an admin asked for a reload")
                kill(getpid(), SIGHUP)
            } else if let loadContent {
                if let content = loadContent() { reload(content) } else { logger.error("reload refused: Prompts/ or Config/ has problems (`flowcoach validate` lists them); the previous content keeps running") }
            } else {
                logger.warning("an admin asked for a reload, but this process does not reload (restart it, or use the daemon)")
            }
        }
    }

    private func cursorChanges(_ cursor: Cursor, now: Date) -> [Change] {
        [.put(cursor)] + Housekeeping.expiredSeen(in: store.state, now: now)
    }

    /// The platform's committed read position.
    public func cursor(_ platform: String) -> String? {
        store.state.cursors[platform]?.value
    }

    /// The sequence number of the last committed record.
    public var sequence: UInt64 { store.seq }

    /// Sends what is due (follow-ups); returns the replies, already committed.
    public func tick() async throws(StoreError) -> [Outbound] {
        try await handle(.tick)
    }

    /// Takes what `flowcoach import` left in `<state dir>/inbox` while this process held the state:
    /// each file is committed as one journal record, then deleted (a crash in between imports it
    /// again, which changes nothing). A file that cannot be used is moved to `inbox/failed/` with
    /// the reason, logged and counted; it never stops the daemon. Returns the messages to send
    /// (people enrolled in a program by gap are told why), already committed.
    public func takeInbox() async throws(StoreError) -> [Outbound] {
        var replies: [Outbound] = []
        for item in StateInbox.pending(in: store.directory) {
            let batch: AssessmentBatch
            do {
                guard item.kind == "assessments" else { throw InboxProblem("`\(item.kind)` files are not something this flowcoach takes") }
                batch = try JSONDecoder().decode(AssessmentBatch.self, from: Data(try StateInbox.read(item)))
                if let problem = batch.problem(knownSkills: coach.content.skillIDs) { throw InboxProblem(problem) }
            } catch {
                let reason = (error as? InboxProblem)?.reason ?? (error as? StoreError)?.description ?? "not a readable import (\(error))"
                metrics.error("inbox")
                do {
                    let moved = try StateInbox.setAside(item, reason: reason)
                    logger.error("an inbox file was set aside", metadata: ["file": "\(item.name)", "reason": "\(reason)", "moved_to": "\(moved)"])
                } catch {
                    logger.error("an inbox file cannot be used or moved aside", metadata: ["file": "\(item.name)", "reason": "\(reason)", "error": "\(error)"])
                }
                continue
            }
            let now = clock()
            let turn = coach.importAssessments(batch, state: store.state, now: now)
            if !turn.changes.isEmpty { try commit(turn.changes, at: now) }
            try await durable()  // on disk before the file it came from is deleted
            do {
                try StateInbox.remove(item)
            } catch {
                logger.error("an imported inbox file could not be deleted; it will be imported again, which changes nothing", metadata: ["file": "\(item.name)", "error": "\(error)"])
            }
            logger.info("assessments imported from the inbox", metadata: [
                "file": "\(item.name)", "rows": "\(batch.rows.count)", "people": "\(batch.people.count)", "source": "\(batch.source)",
            ])
            replies += turn.replies
        }
        return replies
    }

    /// Why an inbox file cannot be imported.
    private struct InboxProblem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// When something is next due, so the timer can sleep until then.
    public var nextWake: Date? {
        coach.nextWake(store.state)
    }

    /// Records that replies reached the platform, so they are not sent again after a restart.
    /// Not fsynced: if the record is lost in a crash, the reply is resent with the same
    /// idempotency key, which the platform shows once.
    public func delivered(_ ids: [String]) throws(StoreError) {
        let changes = ids.filter { store.state.outbox[$0] != nil }.map { Change.delete(Outbound.self, id: $0) }
        guard !changes.isEmpty else { return }
        metrics.messagesDelivered(changes.count)
        try commit(changes, at: clock())
    }

    /// Replies committed but not yet confirmed delivered (after a crash): to be sent again with the same ids.
    public var undelivered: [Outbound] {
        store.state.outbox.values.sorted { $0.id < $1.id }
    }

    /// Swaps in newly loaded content; conversations carry on with it.
    public func reload(_ content: Content) {
        coach = Coach(content: content)
        scheduleChanged.signal()  // new nudges or cohorts may be due sooner
        logger.info("content reloaded", metadata: ["dialogs": "\(content.dialogs.count)", "knowledge": "\(content.knowledge.count)"])
    }

    /// Takes a final snapshot and releases the state directory.
    public func shutdown() throws(StoreError) {
        defer { store.close() }
        try store.snapshot(at: clock())
    }
}
