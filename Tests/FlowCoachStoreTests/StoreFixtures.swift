@testable import FlowCoachStore
import FlowCoachCore
import Foundation

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
