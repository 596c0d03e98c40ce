@testable import FlowCoachStore
import FlowCoachCore
@testable import FlowCoachJSON
import Foundation
import Testing

/// The fast encoder writes what `JSONEncoder` writes (as JSON: same values, keys sorted), and
/// what it writes reads back as the same state.
@Suite struct FastJSONEncoderTests {
    static func richState() -> State {
        var state = State()
        for n in 1...20 { state.apply(StoreFixture.changes(n)) }
        var profile = Profile(id: "@u1:x", role: "manager", shown: ["k1", "k/2"], lastShown: "k/2")
        profile.routedAt = [StoreFixture.now, StoreFixture.now + 0.75]
        profile.timeZone = "Europe/Berlin"
        profile.snoozedUntil = Date(timeIntervalSince1970: -86_400 * 400 + 59)
        state.apply(.put(profile))
        var question = PeerQuestion(id: "q10", asker: "@u1:x", askerName: "Ü \u{1} \t", room: "!r", text: "How? \"quoted\" / slash", tags: ["a"], askedAt: StoreFixture.now, routedTo: [])
        question.accepted = "a1"
        state.apply(.put(question))
        state.apply(.put(PeerQuestion(id: "q9", asker: "@u2:x", askerName: "B", room: "!r", text: "emoji 🎉", tags: [], askedAt: StoreFixture.now, routedTo: ["@u1:x"])))
        state.apply(.put(PeerAnswer(id: "a1", question: "q10", author: "@u2:x", authorName: "B", text: "Like this.", at: StoreFixture.now)))
        state.apply(.put(ScheduledNudge(id: "n|x|@u1:x", due: StoreFixture.now + 3600, nominal: StoreFixture.now + 3600, priority: 2)))
        return state
    }

    @Test func writesTheSameJSONAsJSONEncoder() throws {
        let snapshot = Snapshot(seq: 7, at: StoreFixture.now, state: Self.richState())
        let fast = try FastJSONEncoder.encode(snapshot)
        let foundation = try StateFormat.encoder(sorted: true).encode(snapshot)
        let a = try JSONSerialization.jsonObject(with: Data(fast)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: foundation) as? NSDictionary
        #expect(a != nil && a == b)
        #expect(!String(decoding: fast, as: UTF8.self).contains("\\/"), "slashes are not escaped")
        // Dates are written in whole seconds by both (the clock is truncated to seconds anyway).
        let decoded = try StateFormat.decoder().decode(Snapshot.self, from: Data(fast))
        let viaFoundation = try StateFormat.decoder().decode(Snapshot.self, from: foundation)
        #expect(decoded.state == viaFoundation.state && decoded.seq == 7 && decoded.at == StoreFixture.now)
        #expect(decoded.state.questions == snapshot.state.questions && decoded.state.scheduled == snapshot.state.scheduled)
    }

    @Test func journalLinesKeepTheirShape() throws {
        let line = try JournalRecord(seq: 3, at: StoreFixture.now, changes: StoreFixture.changes(3)).line()
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix(#"{"seq":3,"at":"2026-11-18T"#))
        #expect(text.contains(#""changes":[{"c":"users","id":"@u0:x","v":{"displayName":"User 0","firstSeen":"#))
        let record = try JournalRecord.parse(line.dropLast()[...], decoder: StateFormat.decoder())
        #expect(record == JournalRecord(seq: 3, at: StoreFixture.now, changes: StoreFixture.changes(3)))
    }
}

/// Group commit: records written without waiting share fsyncs, and a writer waiting for its
/// record returns only once it is on disk; a background snapshot leaves files that recover to
/// the same state at every step.
@Suite struct GroupCommitTests {
    actor Writer {
        let store: StateStore
        init(store: sending StateStore) { self.store = store }
        func turn(_ n: Int) async throws -> UInt64 {
            try store.commit(StoreFixture.changes(n), at: StoreFixture.now + Double(n), durable: false)
            let seq = store.seq
            try await store.waitUntilDurable()
            return seq
        }
        func close() -> State {
            defer { store.close() }
            return store.state
        }
    }

    @Test func concurrentWritersAreAllDurableAndShareFsyncs() async throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        let syncs = SyncCounter()
        store.syncObserver = { _ in syncs.add() }
        let writer = Writer(store: store)
        let seqs = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for n in 1...200 { group.addTask { try await writer.turn(n) } }
            var seqs: [UInt64] = []
            for try await seq in group { seqs.append(seq) }
            return seqs
        }
        let live = await writer.close()
        #expect(Set(seqs).count == 200)
        #expect(syncs.count >= 1 && syncs.count <= 200)
        let reopened = try StateStore(directory: dir)
        defer { reopened.close() }
        #expect(reopened.seq == 200)
        #expect(reopened.state == live)
    }

    @Test func aBackgroundSnapshotKeepsEveryRecordCommittedWhileItWasWritten() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir, snapshotEvery: 5)
        store.snapshotsInBackground = true
        try StoreFixture.fill(store, count: 5)  // the fifth starts a snapshot at record 5
        try StoreFixture.fill(store, count: 3, from: 6)  // committed while it is written
        try store.finishSnapshotInProgress()
        #expect(!store.snapshotInProgress)
        #expect(store.journalRecords == 3)
        let lines = try StoreFixture.journalLines(dir)
        #expect(lines.count == 4 && lines[1].hasPrefix(#"{"seq":6,"#), "header plus records 6 to 8")
        let snapshot = try String(contentsOfFile: dir + "/snapshot.json", encoding: .utf8)
        #expect(snapshot.contains(#""seq":5"#))
        try StoreFixture.fill(store, count: 1, from: 9)
        let live = store.state
        store.close()
        let reopened = try StateStore(directory: dir)
        defer { reopened.close() }
        #expect(reopened.seq == 9 && reopened.state == live)
    }

    @Test func aSnapshotTakenNowCallsOffTheOneInTheBackground() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir, snapshotEvery: 5)
        store.snapshotsInBackground = true
        try StoreFixture.fill(store, count: 6)
        try store.snapshot(at: StoreFixture.now)
        #expect(!store.snapshotInProgress)
        try StoreFixture.fill(store, count: 2, from: 7)
        usleep(200_000)  // time for an uncancelled background write to land, if it wrongly could
        let snapshot = try String(contentsOfFile: dir + "/snapshot.json", encoding: .utf8)
        #expect(snapshot.contains(#""seq":6"#))
        let live = store.state
        store.close()
        let reopened = try StateStore(directory: dir)
        defer { reopened.close() }
        #expect(reopened.seq == 8 && reopened.state == live)
    }

    @Test func aReportBesideAWriterSnapshottingInTheBackgroundNeverSeesDamage() throws {
        let dir = StoreFixture.directory()
        let writer = BusyWriter.start(directory: dir, snapshotsInBackground: true, limit: 5_000)
        var falseAlarms: [String] = []
        for _ in 0..<40 where !writer.isDone {
            do {
                _ = try StateStore.read(directory: dir)
            } catch {
                falseAlarms.append("\(error)")
            }
        }
        writer.stop()
        #expect(falseAlarms.isEmpty, "\(falseAlarms.prefix(3))")
        // And what the writer left recovers.
        let reopened = try StateStore(directory: dir)
        defer { reopened.close() }
        #expect(reopened.state.users.count >= 3000)
    }

    @Test func aJournalLeftHalfPreparedByACrashIsRemovedOnOpen() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 2)
        store.close()
        try Data("{\"format\":\"flowcoach-journal\"".utf8).write(to: URL(fileURLWithPath: dir + "/journal.jsonl.next-1"))
        let reopened = try StateStore(directory: dir)
        defer { reopened.close() }
        #expect(reopened.seq == 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/journal.jsonl.next-1"))
    }

    @Test func aWriterWaitingOnAClosedStoreIsTold() async throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try store.commit(StoreFixture.changes(1), at: StoreFixture.now)
        let writer = Writer(store: store)
        _ = try await writer.turn(2)
        _ = await writer.close()
        await #expect(throws: StoreError.self) { _ = try await writer.turn(3) }
    }
}

final class SyncCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
