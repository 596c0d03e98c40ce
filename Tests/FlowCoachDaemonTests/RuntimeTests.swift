import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation
import Logging
import Testing

@Suite struct RuntimeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000) }

    func runtime(_ directory: String) throws -> Runtime {
        let content = try ContentLoader.load(root: Self.root)
        return Runtime(content: content, store: try StateStore(directory: directory), clock: Self.clock, logger: Logger(label: "test"))
    }

    func message(_ id: String, _ text: String) -> Inbound {
        Inbound(eventID: id, sender: Person(id: "@ana:x", displayName: "Ana"), room: "!dm:x", text: text)
    }

    @Test func aReplyCommittedButNotDeliveredIsResentWithTheSameKeyAfterACrash() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-runtime-" + UUID().uuidString
        var runtime: Runtime? = try self.runtime(directory)
        let replies = try await runtime!.handle(batch: [message("$1", "coach feedback")], cursor: Cursor(id: "matrix", value: "s1"))
        #expect(replies.map(\.id) == ["$1.reply"])
        runtime = nil  // the process dies before the send: the store's lock goes with it

        let restarted = try self.runtime(directory)
        let pending = await restarted.undelivered
        #expect(pending == replies, "the same reply, same idempotency key")
        #expect(await restarted.cursor("matrix") == "s1")
        try await restarted.delivered(pending.map(\.id))
        #expect(await restarted.undelivered.isEmpty)
    }

    @Test func aReFedBatchIsNotAnsweredTwice() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-runtime-" + UUID().uuidString
        let runtime = try self.runtime(directory)
        let batch = [message("$1", "coach feedback"), message("$2", "2")]
        let first = try await runtime.handle(batch: batch, cursor: Cursor(id: "matrix", value: "s2"))
        #expect(first.count == 2)
        // Synapse may hand the same events again after a restart (its /sync cache).
        let again = try await runtime.handle(batch: batch, cursor: Cursor(id: "matrix", value: "s2"))
        #expect(again.isEmpty)
    }

    @Test func anEmptyBatchMovesTheCursorOnlyWhenItChanged() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-runtime-" + UUID().uuidString
        let runtime = try self.runtime(directory)
        _ = try await runtime.handle(batch: [], cursor: Cursor(id: "matrix", value: "s1"))
        let sequence = await runtime.sequence
        _ = try await runtime.handle(batch: [], cursor: Cursor(id: "matrix", value: "s1"))
        #expect(await runtime.sequence == sequence)
        _ = try await runtime.handle(batch: [], cursor: Cursor(id: "matrix", value: "s2"))
        #expect(await runtime.sequence == sequence + 1)
        #expect(await runtime.cursor("matrix") == "s2")
    }
}

@Suite struct ForgetMeTests {
    @Test func afterForgetMeNothingIdentifyingRemainsInTheSnapshotOrTheJournal() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-forget-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        let ana = Person(id: "@ana.secret:x", displayName: "Anastasia Secretname")
        let bo = Person(id: "@bo:x", displayName: "Bo")
        var number = 0
        func say(_ person: Person, _ text: String) async throws -> [Outbound] {
            number += 1
            let replies = try await runtime.handle(batch: [Inbound(eventID: "$\(number)", sender: person, room: "!dm-\(person.displayName.prefix(2)):x", text: text)],
                                                   cursor: Cursor(id: "matrix", value: "s\(number)"))
            try await runtime.delivered(replies.map(\.id))
            return replies
        }
        _ = try await say(ana, "hello")
        _ = try await say(ana, "applied delegation: handed the Zanzibar account to Bo")
        _ = try await say(ana, "4 time 2")
        _ = try await say(ana, "ask how do I delegate the quarterly Zanzibar forecast?")
        _ = try await say(bo, "hello")
        _ = try await say(ana, "timezone Europe/Berlin")
        let export = try await say(ana, "my data").map(\.text).joined()
        #expect(export.contains("Zanzibar account") && export.contains("Europe/Berlin") && !export.contains("\"@bo:x\""))
        // Two kept copies of journals damaged by earlier crashes hold Ana's events too.
        let journal = try String(contentsOfFile: directory + "/journal.jsonl", encoding: .utf8)
        try journal.write(toFile: directory + "/journal.jsonl.broken", atomically: true, encoding: .utf8)
        try (journal + #"{"seq":99,"changes":[{"c":"users","id":"@ana.secret:x""#).write(toFile: directory + "/journal.jsonl.broken.2", atomically: true, encoding: .utf8)
        #expect(try await say(ana, "forget me").map(\.text).joined().contains("Say \"yes\" to erase"))
        #expect(try await say(ana, "yes").map(\.text).joined().contains("erased everything"))
        let files = ["snapshot.json", "journal.jsonl"].map { (try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) ?? "" }
        for needle in ["ana.secret", "Anastasia", "Secretname", "Zanzibar", "Europe/Berlin"] {
            #expect(!files.joined().contains(needle), "\(needle) is gone from snapshot and journal")
        }
        #expect(files[0].contains("@bo:x"), "other people are kept")
        #expect(files[0].contains(#""forgotten-1":{"applications":{"delegation":{"#), "the aggregate count stays, anonymised")
        for copy in ["journal.jsonl.broken", "journal.jsonl.broken.2"] {
            let text = try String(contentsOfFile: directory + "/" + copy, encoding: .utf8)
            for needle in ["ana.secret", "Anastasia", "Secretname", "Zanzibar", "Europe/Berlin"] {
                #expect(!text.contains(needle), "\(needle) is gone from \(copy)")
            }
            #expect(text.contains("@bo:x"), "other people's events stay in \(copy)")
        }
    }
}

@Suite struct MetricsTests {
    @Test func theExpositionCountsMessagesLatencyFsyncQueuesAndNudges() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-metrics-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        let replies = try await runtime.handle(batch: [RuntimeTests().message("$1", "hello"), RuntimeTests().message("$2", "coach feedback")],
                                               cursor: Cursor(id: "matrix", value: "s1"))
        try await runtime.delivered([replies[0].id])
        runtime.metrics.error("sync")
        let text = await runtime.metricsExposition()
        #expect(text.contains("flowcoach_messages_in_total 2"))
        #expect(text.contains("flowcoach_messages_out_total 1"))
        #expect(text.contains("flowcoach_outbox_depth 1"), "one reply still waits for delivery")
        #expect(text.contains("flowcoach_reply_latency_seconds_count 2"))
        #expect(text.contains("flowcoach_journal_fsync_seconds_count"))
        #expect(text.contains("flowcoach_errors_total{kind=\"sync\"} 1"))
        #expect(text.contains("flowcoach_nudge_queue_depth "))
        #expect(text.contains("# TYPE flowcoach_reply_latency_seconds histogram"))
    }
}

extension MetricsTests {
    @Test func nudgeOutcomesFollowTheStatesCounters() {
        let metrics = DaemonMetrics()
        var state = State()
        state.apply([.put(Counter(id: "nudges.sent", value: 3)), .put(Counter(id: "nudges.dropped.late", value: 1))])
        metrics.refresh(from: state)
        state.apply([.put(Counter(id: "nudges.sent", value: 5))])
        metrics.refresh(from: state)
        let text = metrics.exposition()
        #expect(text.contains("flowcoach_nudges_total{outcome=\"sent\"} 5"))
        #expect(text.contains("flowcoach_nudges_total{outcome=\"dropped\",reason=\"late\"} 1"))
    }
}
