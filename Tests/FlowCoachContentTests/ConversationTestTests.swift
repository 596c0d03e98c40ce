import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// The admins' conversation tests: the shipped ones pass, every dialog has one, and a wrong
/// expectation is reported at its line.
@Suite struct ConversationTestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theShippedConversationsPass() throws {
        let content = try ContentLoader.load(root: Self.root)
        let tests = try ConversationTestLoader.load(root: Self.root)
        let coach = Coach(content: content)
        for test in tests {
            let failures = test.run(coach)
            #expect(failures.isEmpty, "\(test.file): \(test.name): \(failures.map { "\($0.line): \($0.message)" }.joined(separator: "\n"))")
        }
    }

    @Test func everyShippedDialogHasAConversationTest() throws {
        let content = try ContentLoader.load(root: Self.root)
        let tested = Set(try ConversationTestLoader.load(root: Self.root).flatMap { $0.steps.compactMap(\.dialog) })
        for dialog in content.dialogs { #expect(tested.contains(dialog.id), "no conversation test reaches \(dialog.id)") }
    }

    @Test func aWrongExpectationIsReportedAtItsLine() throws {
        let content = try ContentLoader.load(root: Self.root)
        let test = ConversationTest(name: "wrong", file: "t.yaml", line: 1, steps: [
            .init(say: "hello", line: 3),
            .init(say: "I need to negotiate my salary", line: 5, dialog: "feedback-sbi", replyContains: ["banana"]),
        ])
        let failures = test.run(Coach(content: content))
        #expect(failures.map(\.line) == [5, 5])
        #expect(failures.contains { $0.message.contains("expected dialog feedback-sbi, but the dialog is negotiation") })
    }
}
