import FlowCoachContent
import FlowCoachCore
import FlowCoachStore
import Foundation

/// The Runtime's commit path without the platform: one actor owns the store and, per event,
/// writes one journal record, then either fsyncs it there (`fsyncEach`, the path before group
/// commit) or waits for the group-commit thread's next fsync (suspended: the actor takes other
/// events meanwhile). Optionally the coach handles each message first, as in the daemon.
actor CommitWriter {
    let store: StateStore
    let coach: Coach?
    let fsyncEach: Bool
    /// The longest single `commit` (write and apply, no fsync wait), and the one that started or
    /// finished a background snapshot.
    private(set) var longestCommit: Double = 0
    private(set) var snapshotCommits: [String] = []
    private var commitsSinceStart = 3

    init(store: sending StateStore, coach: Coach?, fsyncEach: Bool) {
        self.store = store
        self.coach = coach
        self.fsyncEach = fsyncEach
    }

    /// Handles one event; returns once its record is on disk (when a reply could be sent).
    func handle(_ inbound: Inbound, at now: Date) async throws -> Int {
        var changes: [Change]
        var replies = 0
        if let coach {
            let turn = coach.handle(.message(inbound), state: store.state, now: now)
            changes = turn.changes
            replies = turn.replies.count
        } else {
            // What an ordinary turn writes: the event seen, the person, their dialog, the reply.
            let person = inbound.sender.id
            changes = [
                .put(SeenEvent(id: inbound.eventID, at: now)),
                .put(UserRecord(id: person, displayName: inbound.sender.displayName, firstSeen: now, lastSeen: now)),
                .put(Conversation(id: person, dialogID: "feedback", stepID: "impact", slots: ["who": "Priya", "when": "Monday review"],
                                  room: inbound.room, startedAt: now, updatedAt: now)),
                .put(Outbound(id: "r" + inbound.eventID, room: inbound.room, text: "Thanks. What did you see them do, in a sentence or two? (Say skip if you would rather not.)")),
            ]
            replies = 1
        }
        if changes.isEmpty { return replies }
        if fsyncEach {
            try store.commit(changes, at: now)
        } else {
            let clock = ContinuousClock()
            let wasInProgress = store.snapshotInProgress, lastSnapshot = store.lastBackgroundSnapshot
            let took = try clock.measure { try store.commit(changes, at: now, durable: false) }
            longestCommit = max(longestCommit, seconds(took) * 1000)
            if !wasInProgress && store.snapshotInProgress {
                snapshotCommits.append(String(format: "starting %.1f ms", seconds(took) * 1000))
                commitsSinceStart = 0
            } else if lastSnapshot != store.lastBackgroundSnapshot {
                snapshotCommits.append(String(format: "finishing %.1f ms", seconds(took) * 1000))
            } else if commitsSinceStart < 3 {
                snapshotCommits.append(String(format: "next %.1f ms", seconds(took) * 1000))
            }
            commitsSinceStart = min(commitsSinceStart + 1, 3)
            try await store.waitUntilDurable()
        }
        return replies
    }

    /// A platform's batch (a Matrix /sync, a Slack retry storm): one record per message, then one
    /// wait for the fsync that covers them all, as `Runtime.handle(batch:cursor:)` does.
    func handle(batch: [Inbound], at now: Date) async throws -> Int {
        for inbound in batch {
            let person = inbound.sender.id
            try store.commit([
                .put(SeenEvent(id: inbound.eventID, at: now)),
                .put(UserRecord(id: person, displayName: inbound.sender.displayName, firstSeen: now, lastSeen: now)),
                .put(Outbound(id: "r" + inbound.eventID, room: inbound.room, text: "Thanks. What did you see them do, in a sentence or two?")),
            ], at: now, durable: false)
        }
        try await store.waitUntilDurable()
        return batch.count
    }

    func close() { store.close() }
    var sequence: UInt64 { store.seq }
}

/// `producers` concurrent senders (webhook requests in flight, people typing at once), each
/// sending `perProducer` messages one after another (the next once the previous is answered).
/// Prints events/s and the latency from arrival to the reply's release, p50 and p99.
func benchCommits(producers: Int, perProducer: Int, fsyncEach: Bool, withCoach: Bool, batch: Int = 1, directory parent: String) async throws -> Double {
    let directory = parent + "/flowcoach-commits-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try StateStore(directory: directory, snapshotEvery: Int.max)
    let coach = withCoach ? Coach(content: try ContentLoader.load(root: root)) : nil
    let writer = CommitWriter(store: store, coach: coach, fsyncEach: fsyncEach)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let texts = ["help", "coach feedback", "3", "In the Monday review", "Priya, two weeks", "cancel", "search feedback", "coach 1:1"]
    let clock = ContinuousClock()
    let began = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for producer in 0..<producers {
            group.addTask {
                var latencies: [Double] = []
                latencies.reserveCapacity(perProducer)
                let person = Person(id: "@p\(producer):bench", displayName: "P\(producer)")
                for index in stride(from: 0, to: perProducer, by: batch) {
                    let inbound = (index..<min(perProducer, index + batch)).map {
                        Inbound(eventID: "$e\(producer)-\($0)", sender: person, room: "!r\(producer)", text: texts[$0 % texts.count])
                    }
                    let sent = clock.now
                    if batch == 1 {
                        _ = try await writer.handle(inbound[0], at: start + Double(index))
                    } else {
                        _ = try await writer.handle(batch: inbound, at: start + Double(index))
                    }
                    latencies.append(seconds(clock.now - sent) * 1000)
                }
                return latencies
            }
        }
        var all: [Double] = []
        for try await part in group { all += part }
        return all
    }
    let elapsed = seconds(clock.now - began)
    let events = producers * perProducer
    let records = await writer.sequence
    await writer.close()
    let rate = Double(events) / elapsed
    print(String(format: "commits: %@%@%@, %d producers × %d = %d events (%llu records) in %.2f s = %.0f events/s; latency p50 %.2f ms, p99 %.2f ms",
                 fsyncEach ? "fsync each" : "group commit", withCoach ? " with the coach" : "", batch > 1 ? " in batches of \(batch)" : "",
                 producers, perProducer, events, records,
                 elapsed, rate, percentile(latencies, 50), percentile(latencies, 99)))
    return rate
}

/// Each configuration `runs` times, then the median.
func benchCommitSuite(runs: Int, directory: String) async throws {
    print("commits: journal in \(directory)")
    var configurations: [(producers: Int, perProducer: Int, fsyncEach: Bool, coach: Bool, batch: Int)] = [
        (1, 300, true, false, 1),
        (64, 10, true, false, 1),
        (1, 300, false, false, 1),
        (64, 2_000, false, false, 1),
        (256, 500, false, false, 1),
        (1024, 125, false, false, 1),
        (8, 16_000, false, false, 100),
        (64, 500, false, true, 1),
        (1024, 40, false, true, 1),
    ]
    if let mode = CommandLine.arguments.firstIndex(of: "--mode").map({ CommandLine.arguments[$0 + 1] }) {
        configurations = [(argument("--producers", 64), argument("--per-producer", 2_000), mode == "each", mode == "coach", argument("--batch", 1))]
    }
    for configuration in configurations {
        var rates: [Double] = []
        for _ in 0..<runs {
            rates.append(try await benchCommits(producers: configuration.producers, perProducer: configuration.perProducer,
                                                fsyncEach: configuration.fsyncEach, withCoach: configuration.coach, batch: configuration.batch,
                                                directory: directory))
        }
        print(String(format: "commits: median %.0f events/s (%@%@%@, %d producers)", percentile(rates, 50),
                     configuration.fsyncEach ? "fsync each" : "group commit", configuration.coach ? " with the coach" : "",
                     configuration.batch > 1 ? ", batches of \(configuration.batch)" : "", configuration.producers))
    }
}

/// Runs an async benchmark from the synchronous top level, waiting on this thread.
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable { var error: (any Error)? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}
