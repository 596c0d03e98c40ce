import FlowCoachCore
import FlowCoachStore
import Foundation
import Testing

/// `flowcoach import assessments`, run as an admin would: all or nothing, a dry run that writes
/// nothing, one journal record, and the daemon's inbox when the state is in use.
@Suite struct ImportTests {
    static let fixtures = ChatProcess.repoRoot + "/Tests/Fixtures/assessments/"

    static func directory() -> String { NSTemporaryDirectory() + "flowcoach-import-" + UUID().uuidString }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try ChatProcess.run(["import", "assessments"] + arguments + ["--root", ChatProcess.repoRoot])
    }

    static func journalLines(_ directory: String) throws -> [String] {
        try String(contentsOfFile: directory + "/journal.jsonl", encoding: .utf8).split(separator: "\n").map(String.init).filter { $0.contains("\"seq\"") }
    }

    @Test func aDryRunShowsWhatWouldBeImportedAndWritesNothing() throws {
        let state = Self.directory()
        let result = try Self.run([Self.fixtures + "360-2026-11.csv", "--dry-run", "--state", state])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("12 rows for 2 people, 6 skills"))
        #expect(result.out.contains("console:ana: giving-feedback (2.8), coaching-others (3.1), prioritisation (3.3), delegation (flagged by manager)"))
        #expect(result.out.contains("console:bo: none below target"))
        #expect(result.out.contains("dry run: nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: state), "not even the state directory")
    }

    @Test func aFileWithABadRowImportsNothing() throws {
        let state = Self.directory()
        let result = try Self.run([Self.fixtures + "bad-rows.csv", "--state", state])
        #expect(result.status == 1)
        #expect(result.err.contains("bad-rows.csv:4: unknown skill `Giving Feedbak` (did you mean `giving feedback`?)"))
        #expect(result.err.contains("8 lines with problems; nothing was imported"))
        #expect(!result.err.contains("bad-rows.csv:2:"), "the good row is not named")
        #expect(!FileManager.default.fileExists(atPath: state))
    }

    @Test func anImportIsOneJournalRecordAndAReimportShowsMovement() throws {
        let state = Self.directory()
        let first = try Self.run([Self.fixtures + "360-2026-05-semicolons.csv", "--state", state])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("imported into \(state)"))
        #expect(try Self.journalLines(state).count == 1)
        let second = try Self.run([Self.fixtures + "360-2026-11.csv", "--state", state])
        #expect(second.status == 0, "\(second.err)")
        #expect(try Self.journalLines(state).count == 2)
        let chat = try ChatProcess.run(["chat", "--root", ChatProcess.repoRoot, "--state", state, "--user", "ana"], stdin: "my skills\nmy progress\n")
        #expect(chat.out.contains("• giving feedback: from your 360 of 2026-11-02, 2.8 against a target of 3.5 (was 2.3 on 2026-05-04)"))
        #expect(chat.out.contains("giving feedback: 2.3 → 2.8"))
    }

    @Test func besideARunningDaemonTheImportWaitsInItsInbox() throws {
        let state = Self.directory()
        let store = try StateStore(directory: state)  // this process holds the lock, as a daemon would
        defer { store.close() }
        let result = try Self.run([Self.fixtures + "360-2026-11.csv", "--state", state])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("so the import waits in \(state)/inbox/assessments-"))
        #expect(result.out.contains("the running daemon takes it within a minute"))
        let pending = StateInbox.pending(in: state)
        #expect(pending.count == 1)
        let batch = try JSONDecoder().decode(AssessmentBatch.self, from: Data(try StateInbox.read(pending[0])))
        #expect(batch.rows.count == 12 && batch.people == ["console:ana", "console:bo"])
        #expect(store.seq == 0, "nothing was written beside the owner")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/inbox").allSatisfy { !$0.hasSuffix(".tmp") }, "written whole, then renamed")
    }
}
