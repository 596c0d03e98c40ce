@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Testing

/// Recovery refuses what it cannot repair without losing an acknowledged event, and says why.
@Suite struct RecoveryTests {
    func expectRefusal(_ directory: String, _ check: (StoreError) -> Bool) {
        do {
            let store = try StateStore(directory: directory)
            store.close()
            Issue.record("start-up must be refused")
        } catch {
            #expect(check(error), "\(error)")
        }
    }

    @Test func aDamagedCompleteLastLineIsRefusedNotCut() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 3)
        store.close()
        var lines = try StoreFixture.journalLines(dir)
        lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: "reply 3", with: "reply X")
        let damaged = lines.joined(separator: "\n") + "\n"
        try damaged.write(toFile: dir + "/journal.jsonl", atomically: true, encoding: .utf8)
        expectRefusal(dir) { error in
            guard case .damagedLastLine(_, let line, _) = error else { return false }
            return line == 4 && error.description.contains("will not cut it")
        }
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8) == damaged, "nothing was cut")
        // A report beside it says the same instead of skipping the line.
        #expect(throws: StoreError.self) { try StateStore.read(directory: dir) }
    }

    @Test func eachRecoveryKeepsItsOwnBrokenCopy() throws {
        let dir = StoreFixture.directory()
        var copies: [String] = []
        for round in 1...3 {
            let store = try StateStore(directory: dir)
            try StoreFixture.fill(store, count: 1, from: round)
            store.close()
            let torn = "{\"seq\":\(round + 1),\"round\":\(round)"
            let handle = try #require(FileHandle(forWritingAtPath: dir + "/journal.jsonl"))
            handle.seekToEndOfFile()
            handle.write(Data(torn.utf8))
            try handle.close()
            copies.append(torn)
            let reopened = try StateStore(directory: dir)
            #expect(reopened.recoveryNotes.count == 1)
            reopened.close()
        }
        let kept = ["journal.jsonl.broken", "journal.jsonl.broken.2", "journal.jsonl.broken.3"]
        for (file, torn) in zip(kept, copies) {
            #expect(try String(contentsOfFile: dir + "/" + file, encoding: .utf8).hasSuffix(torn), "\(file)")
        }
    }

    @Test func aSnapshotAheadOfItsJournalIsRefused() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 2)
        let oldJournal = try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.jsonl"))
        try StoreFixture.fill(store, count: 3, from: 3)
        try store.snapshot(at: StoreFixture.now)
        store.close()
        try oldJournal.write(to: URL(fileURLWithPath: dir + "/journal.jsonl"))
        expectRefusal(dir) { error in
            guard case .mismatchedFiles(let problem) = error else { return false }
            return problem.contains("up to record 5") && problem.contains("ends at record 2") && problem.contains("different times")
        }
    }

    @Test func aJournalWithoutItsSnapshotIsRefused() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 2)
        try store.snapshot(at: StoreFixture.now)
        try StoreFixture.fill(store, count: 2, from: 3)
        store.close()
        try FileManager.default.removeItem(atPath: dir + "/snapshot.json")
        expectRefusal(dir) { error in
            guard case .mismatchedFiles(let problem) = error else { return false }
            return problem.contains("starts at record 3") && problem.contains("snapshot is missing")
        }
    }

    @Test func aNewerSnapshotWithAnOlderJournalGapIsRefused() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 2)
        try store.snapshot(at: StoreFixture.now)
        let early = try Data(contentsOf: URL(fileURLWithPath: dir + "/snapshot.json"))
        try StoreFixture.fill(store, count: 3, from: 3)
        try store.snapshot(at: StoreFixture.now)
        try StoreFixture.fill(store, count: 1, from: 6)
        store.close()
        // The snapshot at record 2 beside a journal that starts at record 6.
        try early.write(to: URL(fileURLWithPath: dir + "/snapshot.json"))
        expectRefusal(dir) { error in
            guard case .mismatchedFiles(let problem) = error else { return false }
            return problem.contains("starts at record 6") && problem.contains("only up to record 2")
        }
    }

    @Test func aReportBesideABusyWriterNeverSeesDamage() throws {
        let dir = StoreFixture.directory()
        // A state big enough that reading a snapshot takes as long as several commits.
        let writer = BusyWriter.start(directory: dir, snapshotsInBackground: false, limit: 200_000)
        var falseAlarms: [String] = []
        var lastSeen = 0
        for _ in 0..<100 {
            do {
                let state = try StateStore.read(directory: dir)
                lastSeen = max(lastSeen, state.seen.count)
            } catch {
                falseAlarms.append("\(error)")
            }
        }
        let finishedEarly = writer.isDone
        writer.stop()
        #expect(falseAlarms.isEmpty, "\(falseAlarms.prefix(3))")
        #expect(!finishedEarly, "the writer was busy for all 100 reports")
        #expect(lastSeen > 0)
    }

    @Test func deletingTheLockFileDoesNotLetASecondWriterIn() throws {
        let dir = StoreFixture.directory()
        let first = try StateStore(directory: dir)
        defer { first.close() }
        try FileManager.default.removeItem(atPath: dir + "/LOCK")
        #expect(throws: StoreError.self) { try StateStore(directory: dir) }
        // Nor does replacing it with a new file.
        try "12345\n".write(toFile: dir + "/LOCK", atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try StateStore(directory: dir) }
        try StoreFixture.fill(first, count: 1)
    }
}
