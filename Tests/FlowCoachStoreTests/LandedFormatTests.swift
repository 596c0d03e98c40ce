@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Testing

/// A state directory written by the flowcoach that was in use before the renovation (four
/// people in a chat: a dialog, the Q&A board, a program, practice, admin, nudges; a snapshot
/// plus an unsnapshotted journal) still loads, and writes back the same snapshot.
@Suite struct LandedFormatTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/state-landed").path

    func copy() throws -> String {
        let dir = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: Self.fixture + "/" + file, toPath: dir + "/" + file)
        }
        return dir
    }

    @Test func theLandedStateLoads() throws {
        let store = try StateStore(directory: try copy())
        defer { store.close() }
        let state = store.state
        #expect(store.seq == 75)
        #expect(Set(state.users.keys) == ["console:Ana", "console:Bo", "console:Eli", "console:Root"])
        #expect(state.questions["q1"]?.accepted == "a1")
        #expect(state.answers["a1"]?.voters == ["console:Ana"])
        #expect(state.conversations["console:Bo"]?.dialogID == "one-on-one")
        #expect(state.applications.values.first?.impact == 4)
        #expect(state.audit.values.first?.allowed == true)
        #expect(state.enrolments.count == 1 && state.followUps.count == 1 && state.ratings.count == 1)
        #expect(state.scheduled.count == 12)
        #expect(state.profiles["console:Ana"]?.role == "manager")
    }

    @Test func aSnapshotOfItReadsTheSameAsTheLandedOne() throws {
        let dir = try copy()
        let store = try StateStore(directory: dir)
        try store.snapshot(at: StoreFixture.now)
        let state = store.state
        store.close()
        // Written by this code, read by this code: the same state.
        #expect(try StateStore.read(directory: dir) == state)
        // Every collection of the landed snapshot is written under the same key, in the same shape.
        let landed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/snapshot.json"))) as? [String: Any]
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/snapshot.json"))) as? [String: Any]
        let landedState = try #require(landed?["state"] as? [String: Any])
        let writtenState = try #require(written?["state"] as? [String: Any])
        #expect(Set(landedState.keys).isSubset(of: Set(writtenState.keys)))
        for (key, value) in landedState where key != "scheduled" {
            let before = (value as? [String: Any]).map { Set($0.keys) } ?? []
            let after = (writtenState[key] as? [String: Any]).map { Set($0.keys) } ?? []
            #expect(before.isSubset(of: after), "\(key)")
        }
    }
}

/// The step from format 1 to 2: flags and lists once left out when off or empty are written.
@Suite struct MigrationToVersion2Tests {
    @Test func theLandedFilesAreFoldedIntoAVersion2SnapshotOnOpen() throws {
        let dir = try LandedFormatTests().copy()
        let store = try StateStore(directory: dir)
        let state = store.state
        store.close()
        let journal = try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)
        #expect(journal == #"{"format":"flowcoach-journal","version":2}"# + "\n", "the old journal was folded in")
        let snapshot = try String(contentsOfFile: dir + "/snapshot.json", encoding: .utf8)
        #expect(snapshot.contains(#""version":2"#) && snapshot.contains(#""nudgesOff":false"#) && snapshot.contains(#""hidden":false"#))
        #expect(state.profiles["console:Ana"]?.questionsOff == false && state.questions["q1"]?.hidden == false)
        #expect(try StateStore(directory: dir).state == state)
    }

    @Test func anOldJournalRecordIsCheckedThenMigrated() throws {
        // A version-1 record: a profile without the flags, with its checksum over the line as written.
        let body = #"{"seq":1,"at":"2026-11-18T00:00:00Z","changes":[{"c":"profiles","id":"@a:x","v":{"id":"@a:x","shown":[]}}]}"#
        let crc = CRC32.checksum(Array(body.utf8))
        let line = String(body.dropLast()) + #","crc":\#(crc)}"#
        let dir = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (#"{"format":"flowcoach-journal","version":1}"# + "\n" + line + "\n").write(toFile: dir + "/journal.jsonl", atomically: true, encoding: .utf8)
        let store = try StateStore(directory: dir)
        defer { store.close() }
        #expect(store.state.profiles["@a:x"]?.nudgesOff == false)
        #expect(store.state.profiles["@a:x"]?.routedAt == [])
        // A damaged old line is still refused, before any migration.
        let damaged = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
        try (#"{"format":"flowcoach-journal","version":1}"# + "\n" + line.replacingOccurrences(of: "@a:x", with: "@b:x") + "\n" + line + "\n")
            .write(toFile: damaged + "/journal.jsonl", atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try StateStore(directory: damaged) }
    }
}
