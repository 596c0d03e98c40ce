import FlowCoachCore
import Foundation
import Testing

/// Engine rules on content built in code, not the shipped pack.
@Suite struct EngineTests {
    static func content(_ dialogs: [Dialog]) throws -> Content {
        let t = { (s: String) in try Template(s) }
        let messages = Messages(
            welcome: try t("welcome"), help: try t("help"), fallback: try t("fallback"), cancelled: try t("cancelled"),
            nothingToCancel: try t("none"), resume: try t("resume {{question}}"), tooLong: try t("long"), giveUp: try t("gave up"),
            extra: try Fixture.shippedContent().messages.extra)  // the shorter lines, as shipped
        return Content(settings: Settings(), messages: messages, dialogs: dialogs, knowledge: [])
    }

    @Test func nextDialogChainsIntoAnotherDialog() throws {
        let first = Dialog(
            id: "first", title: "First", skill: "s", summary: "", triggers: Triggers(commands: ["go"]),
            steps: [Step(id: "a", action: .say(try Template("first done")), nextDialog: "second")])
        let second = Dialog(
            id: "second", title: "Second", skill: "s", summary: "", triggers: Triggers(commands: ["second"]),
            steps: [Step(id: "q", action: .ask(Question(prompt: try Template("second question"), slot: "x", expect: .text(minLength: 1))))])
        var chat = Conversationalist(content: try Self.content([first, second]))
        chat.say("hi")
        let reply = chat.say("go")
        #expect(reply == "first done\n\nsecond question")
        #expect(chat.state.conversations["@ana:test"]?.dialogID == "second")
    }

    @Test func aLoopOfSayStepsIsBounded() throws {
        let loop = Dialog(
            id: "loop", title: "Loop", skill: "s", summary: "", triggers: Triggers(commands: ["loop"]),
            steps: [
                Step(id: "a", action: .say(try Template("a")), next: "b"),
                Step(id: "b", action: .say(try Template("b")), next: "a"),
            ])
        var chat = Conversationalist(content: try Self.content([loop]))
        chat.say("hi")
        let reply = chat.say("loop")
        #expect(reply.components(separatedBy: "\n\n").count == 50)
        #expect(chat.state.conversations.isEmpty)
    }

    @Test func templatesSeeSlotsUserAndDialog() throws {
        let dialog = Dialog(
            id: "d", title: "The Dialog", skill: "sk", summary: "", triggers: Triggers(commands: ["d"]),
            steps: [
                Step(id: "q", action: .ask(Question(prompt: try Template("Name?"), slot: "name", expect: .text(minLength: 2)))),
                Step(id: "s", action: .say(try Template("{{user}} / {{name}} / {{dialog}} / {{skill}}")), ends: true),
            ])
        var chat = Conversationalist(content: try Self.content([dialog]))
        chat.say("hi")
        chat.say("d")
        #expect(chat.say("x").contains("at least 2 characters"))
        #expect(chat.say("Bo") == "Ana / Bo / The Dialog / sk\n\nWhen you've put it into practice, tell me: \"applied sk: what you did and what happened\".")
    }

    /// The position is where the parser stopped: the wrong name after `{{/`.
    @Test func templateErrorsCarryLineAndColumn() {
        #expect(throws: TemplateError(line: 2, column: 6, message: "a section is closed with a name that does not match its opening tag")) {
            try Template("{{#a}}\nx {{/b}}")
        }
    }
}
