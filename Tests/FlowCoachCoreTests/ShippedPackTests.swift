import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// The starter pack in Prompts/: every dialog walked through by a scripted person.
@Suite struct ShippedPackTests {
    let content: Content

    init() throws {
        content = try Fixture.shippedContent()
    }

    /// Each dialog's command, the answers a person gives, and a phrase its closing reply must carry.
    /// (Dialogs whose questions changed with the content review are walked by Prompts/tests instead.)
    static let scripts: [(dialog: String, start: String, answers: [String], closing: String)] = [
        ("feedback-sbi", "coach feedback", ["3", "1", "In the Tuesday demo", "explained the roadmap clearly", "the client asked for a pilot", "yes", "5"],
         "Good luck!"),
        ("one-on-one", "coach 1:1", ["Priya, two weeks", "Her promotion case"], "Open with a question they own"),
        ("difficult-conversation", "coach difficult conversation", ["1", "Sam", "the missed deadlines", "Three late deliveries",
                                                                     "He is overloaded", "A plan we both agree", "3"],
         "Good luck!"),
        ("prioritisation", "coach priorities", ["Pricing model, hiring, reports", "Pricing model", "Reports", "6"], "Let go of: Reports"),
        ("reflection", "reflect", ["yes", "I gave the feedback and she thanked me", "Do it sooner"], "start from \"Do it sooner\""),

    ]

    /// Each dialog is walked to its end, by a script here or by a conversation test in Prompts/tests
    /// (the newer dialogs are covered there, as admins write them).
    @Test func everyShippedDialogIsWalkedToItsEnd() throws {
        let conversations = try ConversationTestLoader.load(root: Fixture.repoRoot)
        let completed = Set(conversations.flatMap { test in
            test.steps.indices.compactMap { index in
                test.steps[index].dialog.flatMap { id in
                    id != "none" && test.steps[(index + 1)...].contains { $0.dialog == "none" } ? id : nil
                }
            }
        })
        for dialog in content.dialogs {
            #expect(Self.scripts.contains { $0.dialog == dialog.id } || completed.contains(dialog.id), "\(dialog.id) is never walked to its end")
        }
    }

    @Test(arguments: scripts.map(\.dialog))
    func aScriptedConversationCompletes(dialog id: String) throws {
        let script = try #require(Self.scripts.first { $0.dialog == id })
        var chat = Conversationalist(content: content)
        chat.say("hello")
        chat.say(script.start)
        #expect(chat.state.conversations[chat.person.id]?.dialogID == id, "the command starts \(id)")
        var last = ""
        for answer in script.answers {
            last = chat.say(answer)
            #expect(!last.contains("Please"), "\(id): \"\(answer)\" was refused: \(last)")
        }
        #expect(last.contains(script.closing), "\(id) closed with: \(last)")
        #expect(chat.state.conversations.isEmpty, "\(id) ended")
        let run = chat.state.runs.values.first { $0.dialog == id }
        #expect(run?.completed == true)
        if content.dialog(id)?.followUp != nil { #expect(chat.state.followUps.count == 1, "\(id) schedules its reflection") }
    }

    @Test func everySkillHasFiveItemsOfSeveralKinds() {
        let skills = Set(content.dialogs.map(\.skill)).subtracting(["reflection"])
        #expect(skills.count >= 8)
        for skill in skills {
            let items = content.knowledge.filter { $0.skills.contains(skill) }
            #expect(items.count >= 5, "\(skill) has \(items.count) items")
            #expect(Set(items.map(\.kind)).count >= 4, "\(skill) kinds: \(Set(items.map(\.kind)))")
        }
    }

    @Test func everyCoachingDialogFollowsUpWithAReflection() {
        for dialog in content.dialogs where dialog.id != "reflection" && dialog.rehearses == nil {  // a rehearsal is practice, not a moment
            #expect(dialog.followUp?.dialog == "reflection", "\(dialog.id)")
        }
    }
}
