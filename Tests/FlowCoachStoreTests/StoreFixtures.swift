@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Synchronization

/// A fresh state directory and a source of realistic changes.
enum StoreFixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func directory() -> String {
        NSTemporaryDirectory() + "flowcoach-store-" + UUID().uuidString
    }

    /// The changes of turn `n`: a user update, a conversation, an outbox entry, a seen id.
    static func changes(_ n: Int) -> [Change] {
        let at = now + Double(n)
        let user = UserRecord(id: "@u\(n % 3):x", displayName: "User \(n % 3)", firstSeen: now, lastSeen: at)
        let conversation = Conversation(
            id: user.id, dialogID: "d", stepID: "s\(n)", slots: ["n": "\(n)", "quote": "\"é\" \\ \n"], room: "!r", startedAt: now,
            updatedAt: at)
        var changes: [Change] = [
            .put(user), .put(conversation),
            .put(Outbound(id: "e\(n).reply", room: "!r", text: "reply \(n)")),
            .put(SeenEvent(id: "e\(n)", at: at)),
        ]
        if n > 1 { changes.append(.delete(Outbound.self, id: "e\(n - 1).reply")) }
        return changes
    }

    /// Commits turns 1...count and returns the in-memory state they produce.
    @discardableResult
    static func fill(_ store: StateStore, count: Int, from start: Int = 1) throws -> State {
        for n in start..<(start + count) { try store.commit(changes(n), at: now + Double(n)) }
        return store.state
    }

    static func journalLines(_ directory: String) throws -> [String] {
        try String(contentsOfFile: directory + "/journal.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// A writer on a thread of its own, committing as fast as it can into a state directory with a
/// snapshot every 3 records: 3,000 people first (so reading a snapshot takes as long as several
/// commits), then one turn after another until `stop()` or `limit` turns. For the tests that
/// read beside a busy daemon.
final class BusyWriter: Sendable {
    /// Set when it has stopped, or has been asked to.
    private let done = Atomic<Bool>(false)
    private let ready = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Starts a writer and returns once it has committed its first turns.
    static func start(directory: String, snapshotsInBackground: Bool, limit: Int) -> BusyWriter {
        let writer = BusyWriter()
        Thread { writer.run(directory, snapshotsInBackground: snapshotsInBackground, limit: limit) }.start()
        while !writer.ready.load(ordering: .sequentiallyConsistent) { Thread.sleep(forTimeInterval: 0.01) }
        return writer
    }

    /// Whether it has stopped (or been asked to).
    var isDone: Bool { done.load(ordering: .sequentiallyConsistent) }

    /// Asks it to stop and waits until it has closed the store.
    func stop() {
        done.store(true, ordering: .sequentiallyConsistent)
        while !finished.load(ordering: .sequentiallyConsistent) { Thread.sleep(forTimeInterval: 0.01) }
    }

    private func run(_ directory: String, snapshotsInBackground: Bool, limit: Int) {
        defer { finished.store(true, ordering: .sequentiallyConsistent) }
        defer { done.store(true, ordering: .sequentiallyConsistent) }
        guard let store = try? StateStore(directory: directory, snapshotEvery: 3) else { return }
        store.snapshotsInBackground = snapshotsInBackground
        defer { store.close() }
        let people = (0..<3000).map { Change.put(UserRecord(id: "@p\($0):x", displayName: "Person \($0)", firstSeen: StoreFixture.now, lastSeen: StoreFixture.now)) }
        try? store.commit(people, at: StoreFixture.now, durable: false)
        var n = 0
        while !done.load(ordering: .sequentiallyConsistent) && n < limit {
            n += 1
            try? store.commit(StoreFixture.changes(n), at: StoreFixture.now + Double(n), durable: false)
            if n == 10 { ready.store(true, ordering: .sequentiallyConsistent) }
        }
    }
}
