import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation
import Logging
import Testing

/// The daemon owns the state: an import made beside it waits in `<state>/inbox/` and the runtime
/// takes it on its timer, one journal record per file; a broken file is set aside, never fatal.
@Suite struct AssessmentInboxTests {
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_000_000) }

    static func directory() -> String { NSTemporaryDirectory() + "flowcoach-inbox-" + UUID().uuidString }

    static func batch() -> AssessmentBatch {
        AssessmentBatch(source: "360.csv", rows: [
            AssessmentRow(person: "console:ana", skill: "giving-feedback", score: 2.5, rater: "Manager", date: "2026-11-02", line: 2),
            AssessmentRow(person: "console:ana", skill: "delegation", score: 4.0, rater: "Manager", date: "2026-11-02", flagged: true, line: 3),
            AssessmentRow(person: "console:bo", skill: "giving-feedback", score: 4.5, rater: "Manager", date: "2026-11-02", line: 4),
        ])
    }

    func runtime(_ directory: String) throws -> Runtime {
        let content = try ContentLoader.load(root: RuntimeTests.root)
        return Runtime(content: content, store: try StateStore(directory: directory), clock: Self.clock, logger: Logger(label: "test"))
    }

    @Test func aDroppedImportIsCommittedAsOneRecordAndDeleted() async throws {
        let directory = Self.directory()
        let runtime = try self.runtime(directory)
        // The lock is held (by this runtime's store), as `flowcoach import` finds it beside a daemon.
        #expect(throws: StoreError.self) { try StateStore(directory: directory) }
        let path = try StateInbox.drop(Array(try JSONEncoder().encode(Self.batch())), kind: "assessments", in: directory, at: Self.clock())
        #expect(path.hasPrefix(directory + "/inbox/assessments-20261118T110640Z-"))
        let sequence = await runtime.sequence
        _ = try await runtime.takeInbox()
        #expect(await runtime.sequence == sequence + 1, "one journal record")
        #expect(StateInbox.pending(in: directory).isEmpty && !FileManager.default.fileExists(atPath: path))
        _ = try await runtime.takeInbox()
        #expect(await runtime.sequence == sequence + 1, "nothing more to take")
        try await runtime.shutdown()
        let state = try StateStore.read(directory: directory)
        #expect(state[AssessmentHistory.self]["console:ana"]?.rounds.first?.skills["delegation"]?.flagged == true)
        #expect(state[AssessmentHistory.self].count == 2)
    }

    @Test func aBrokenFileIsSetAsideWithItsReasonAndTheRestAreTaken() async throws {
        let directory = Self.directory()
        let runtime = try self.runtime(directory)
        try FileManager.default.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
        try Data("{\"format\": \"flowcoach-assessments\", \"rows\": [tor".utf8).write(to: URL(fileURLWithPath: directory + "/inbox/assessments-1-torn.json"))
        var unknown = Self.batch()
        unknown.rows[0].skill = "juggling"
        try JSONEncoder().encode(unknown).write(to: URL(fileURLWithPath: directory + "/inbox/assessments-2-unknown.json"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/inbox/surprise-3.json"))
        try Data("half".utf8).write(to: URL(fileURLWithPath: directory + "/inbox/assessments-4.json.tmp"))
        _ = try StateInbox.drop(Array(try JSONEncoder().encode(Self.batch())), kind: "assessments", in: directory, at: Self.clock())
        let sequence = await runtime.sequence
        _ = try await runtime.takeInbox()
        #expect(await runtime.sequence == sequence + 1, "the good file is taken")
        let failed = try FileManager.default.contentsOfDirectory(atPath: directory + "/inbox/failed").sorted()
        #expect(failed == ["assessments-1-torn.json", "assessments-1-torn.json.reason", "assessments-2-unknown.json", "assessments-2-unknown.json.reason",
                           "surprise-3.json", "surprise-3.json.reason"])
        let reason = try String(contentsOfFile: directory + "/inbox/failed/assessments-2-unknown.json.reason", encoding: .utf8)
        #expect(reason == "row 1 (line 2 of 360.csv) has unknown skill `juggling`\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/inbox").sorted() == ["assessments-4.json.tmp", "failed"],
                "a file still being written is left alone")
        try await runtime.shutdown()
    }

    @Test func peopleEnrolledByGapAreToldThroughTheOutbox() async throws {
        let directory = Self.directory()
        let runtime = try self.runtime(directory)
        _ = try await runtime.handle(.message(Inbound(eventID: "$1", sender: Person(id: "console:ana", displayName: "Ana"), room: "!dm-ana", text: "hello")))
        _ = try StateInbox.drop(Array(try JSONEncoder().encode(Self.batch())), kind: "assessments", in: directory, at: Self.clock())
        let replies = try await runtime.takeInbox()
        #expect(replies.map(\.id) == ["gap|feedback-sprint|console:ana"], "the shipped feedback sprint enrols by a gap in giving feedback")
        #expect(await runtime.undelivered.contains(replies[0]), "committed before it is sent")
        try await runtime.shutdown()
    }
}
