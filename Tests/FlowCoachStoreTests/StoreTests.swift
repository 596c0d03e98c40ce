@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Testing

@Suite struct StoreTests {
    @Test func committedTurnsSurviveAReopen() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        let expected = try StoreFixture.fill(store, count: 5)
        store.close()
        let reopened = try StateStore(directory: dir)
        #expect(reopened.state == expected)
        #expect(reopened.seq == 5)
        #expect(reopened.recoveryNotes.isEmpty)
    }

    @Test func theJournalHasOneCheckedLinePerTurn() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 2)
        let lines = try StoreFixture.journalLines(dir)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"format":"flowcoach-journal","version":2}"#)
        #expect(lines[1].hasPrefix(#"{"seq":1,"at":"2026-11-18T"#))
        #expect(lines[1].contains(#""changes":[{"c":"users","id":"@u1:x","v":{"#))
        #expect(lines[2].range(of: #","crc":\d+\}$"#, options: .regularExpression) != nil)
    }

    @Test func snapshotPlusJournalReplayEqualsTheLiveState() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir, snapshotEvery: 4)
        let live = try StoreFixture.fill(store, count: 10)
        #expect(store.journalRecords == 2, "snapshots at 4 and 8, then 2 records")
        store.close()
        let snapshot = try String(contentsOfFile: dir + "/snapshot.json", encoding: .utf8)
        #expect(snapshot.contains(#""format":"flowcoach-snapshot""#) && snapshot.contains(#""seq":8"#))
        let reopened = try StateStore(directory: dir, snapshotEvery: 4)
        #expect(reopened.state == live)
        #expect(reopened.seq == 10)
    }

    @Test func journalLinesAlreadyInTheSnapshotAreSkipped() throws {
        // A crash after the snapshot's rename but before the journal was reset leaves both.
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        let live = try StoreFixture.fill(store, count: 3)
        let journal = try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.jsonl"))
        try store.snapshot(at: StoreFixture.now)
        store.close()
        try journal.write(to: URL(fileURLWithPath: dir + "/journal.jsonl"))
        let reopened = try StateStore(directory: dir)
        #expect(reopened.state == live)
        #expect(reopened.seq == 3)
    }

    @Test func aTornLastLineIsCutAtEveryByteOffset() throws {
        let source = StoreFixture.directory()
        let store = try StateStore(directory: source)
        let before = try StoreFixture.fill(store, count: 2)
        try store.commit(StoreFixture.changes(3), at: StoreFixture.now)
        let after = store.state
        store.close()
        let full = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source + "/journal.jsonl")))
        let lastLine = try StoreFixture.journalLines(source).last!.utf8.count + 1
        let lastStart = full.count - lastLine
        for cut in 0...lastLine {
            let dir = StoreFixture.directory()
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(full[0..<(lastStart + cut)]).write(to: URL(fileURLWithPath: dir + "/journal.jsonl"))
            let reopened = try StateStore(directory: dir)
            let complete = cut == lastLine
            #expect(reopened.state == (complete ? after : before), "cut at \(cut)")
            #expect(reopened.seq == (complete ? 3 : 2), "cut at \(cut)")
            let torn = cut > 0 && !complete
            #expect(reopened.recoveryNotes.count == (torn ? 1 : 0), "cut at \(cut)")
            #expect(FileManager.default.fileExists(atPath: dir + "/journal.jsonl.broken") == torn, "cut at \(cut)")
            // The repaired journal takes new records and reopens cleanly.
            try reopened.commit(StoreFixture.changes(9), at: StoreFixture.now)
            let state = reopened.state
            reopened.close()
            #expect(try StateStore(directory: dir).state == state, "cut at \(cut)")
        }
    }

    @Test func aDamagedMiddleLineStopsStartUpWithAMessage() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        try StoreFixture.fill(store, count: 3)
        store.close()
        var lines = try StoreFixture.journalLines(dir)
        lines[2] = lines[2].replacingOccurrences(of: "reply 2", with: "reply X")
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/journal.jsonl", atomically: true, encoding: .utf8)
        do {
            _ = try StateStore(directory: dir)
            Issue.record("a damaged middle line must stop start-up")
        } catch {
            guard case .damagedJournal(_, let line, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(line == 3)
            #expect(reason == "checksum mismatch")
            #expect(error.description.contains("journal.jsonl:3: damaged journal line (checksum mismatch)"))
            #expect(error.description.contains("Restore the state directory from a backup"))
        }
    }

    @Test func aSecondOpenerIsToldWhoHoldsTheLock() throws {
        let dir = StoreFixture.directory()
        let store = try StateStore(directory: dir)
        #expect(throws: StoreError.self) { try StateStore(directory: dir) }
        do {
            _ = try StateStore(directory: dir)
        } catch {
            #expect(error.description.contains("is in use by another flowcoach process (pid \(getpid()))"))
        }
        store.close()
        _ = try StateStore(directory: dir)
    }

    @Test func aSnapshotFromANewerVersionIsRefused() throws {
        let dir = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"format":"flowcoach-snapshot","version":99,"seq":1,"at":"2026-01-01T00:00:00Z","state":{}}"#
            .write(toFile: dir + "/snapshot.json", atomically: true, encoding: .utf8)
        #expect {
            try StateStore(directory: dir)
        } throws: { error in
            "\(error)".contains("written by format version 99, this flowcoach reads up to 2; upgrade flowcoach")
        }
    }

    @Test func theMigrationHookUpgradesOneVersionAtATime() throws {
        let v1 = Data(#"{"format":"flowcoach-snapshot","version":1,"people":{"a":1}}"#.utf8)
        let steps: [Int: Migrations.Step] = [
            1: { object in object["state"] = ["users": object.removeValue(forKey: "people") ?? [:]] },
            2: { object in object["seq"] = 0 },
        ]
        let v3 = try Migrations.upgrade(v1, from: 1, to: 3, steps: steps, path: "snapshot.json")
        let object = try JSONSerialization.jsonObject(with: v3) as? [String: Any]
        #expect(object?["version"] as? Int == 3)
        #expect(object?["seq"] as? Int == 0)
        #expect((object?["state"] as? [String: Any])?["users"] as? [String: Int] == ["a": 1])
        #expect(object?["people"] == nil)
        #expect(try Migrations.upgrade(v1, from: 1, to: 1, steps: [:], path: "x") == v1, "the current version passes through")
        #expect {
            try Migrations.upgrade(v1, from: 1, to: 3, steps: [1: steps[1]!], path: "snapshot.json")
        } throws: { "\($0)".contains("no migration from version 2") }
    }
}
