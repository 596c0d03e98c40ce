@testable import FlowCoachStore
import Foundation
import Testing

@Suite(.serialized) struct ChatTests {
    static func stateDir() -> String {
        NSTemporaryDirectory() + "flowcoach-chat-" + UUID().uuidString
    }

    func chat(_ state: String, user: String = "Ana") -> [String] {
        ["chat", "--root", ChatProcess.repoRoot, "--state", state, "--user", user]
    }

    @Test func aScriptedConversationThroughAPipe() throws {
        let script = """
            I need to give feedback to a colleague
            3
            2
            In Tuesday's client call
            interrupted the client twice while she explained her budget
            she stopped sharing details and the call ended early
            yes
            4
            """
        let result = try ChatProcess.run(chat(Self.stateDir()), stdin: script + "\n")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.hasPrefix("Hi Ana, I'm flowcoach."))
        #expect(result.out.contains("1. Reinforce something good\n2. Change something"))
        #expect(
            result.out.contains(
                "\"In Tuesday's client call, you interrupted the client twice while she explained her budget. The effect: she stopped sharing details and the call ended early.\""
            ))
        #expect(result.out.contains("Feedback lands best close to the moment."))
        #expect(result.out.contains("Thanks, Ana. Good luck!"))
        #expect(!result.out.contains("you ›"), "no prompts when the input is a pipe")
    }

    @Test func aKilledChatResumesWithEveryAnsweredTurn() throws {
        let state = Self.stateDir()
        let first = try ChatProcess(chat(state))
        #expect(first.read(until: "Say \"help\" at any time").contains("Hi Ana"))
        first.send("coach presentation")
        #expect(first.read(until: "5 (very)?").contains("how confident"))
        first.send("2")
        #expect(first.read(until: "in the room?").contains("Who will be in the room"))
        first.send("Procurement and the CTO")
        #expect(first.read(until: "care about most?").contains("each of them"))
        first.send("Uptime and the cost of switching")
        #expect(first.read(until: "at the end?").contains("What decision"))
        first.send("Approve a three-month pilot")
        #expect(first.read(until: "What's yours?").contains("evidence"))
        first.kill()

        let second = try ChatProcess(chat(state))
        let resume = second.read(until: "(Say \"cancel\" to drop it.)")
        #expect(resume.contains("We were in the middle of \"Prepare a presentation\""))
        #expect(resume.contains("Which one piece of evidence"))
        second.send("Our uptime record")
        _ = second.read(until: "afraid of hearing?")
        second.send("Security review takes too long")
        let plan = second.read(until: "5 (very)?")
        #expect(plan.contains("• Audience: Procurement and the CTO"))
        #expect(plan.contains("• The ask: Approve a three-month pilot"))
        #expect(plan.contains("• Lead with: your uptime record"), "the person's words said back to them")
        second.send("4")
        _ = second.read(until: "Good luck!")
        #expect(second.finish() == 0)
    }

    @Test func aSecondChatOnTheSameStateIsRefusedWithThePid() throws {
        let state = Self.stateDir()
        let first = try ChatProcess(chat(state))
        _ = first.read(until: "Say \"help\" at any time")
        let second = try ChatProcess.run(chat(state, user: "Bo"))
        #expect(second.status == 1)
        #expect(second.err.contains("is in use by another flowcoach process (pid \(first.process.processIdentifier))"))
        #expect(first.finish() == 0)
    }

    @Test func killingTheChatMidWriteNeverDamagesTheState() throws {
        let script = String(repeating: "help\ncoach feedback\n1\n", count: 3000)
        for delay in [0.05, 0.15, 0.3, 0.6] {
            let state = Self.stateDir()
            let process = try ChatProcess(chat(state))
            process.send(script)
            Thread.sleep(forTimeInterval: delay)
            process.kill()
            let store = try StateStore(directory: state)
            #expect(store.seq > 0, "delay \(delay)")
            // Every committed turn answered a line: the journal is whole and consistent.
            let replayed = store.state
            store.close()
            #expect(try StateStore(directory: state).state == replayed)
        }
    }

    @Test func validateListsEveryProblemAndExitsNonZero() throws {
        let root = NSTemporaryDirectory() + "flowcoach-broken-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for dir in ["Prompts", "Config"] {
            try FileManager.default.copyItem(atPath: ChatProcess.repoRoot + "/" + dir, toPath: root + "/" + dir)
        }
        let dialog = root + "/Prompts/dialogs/feedback-sbi.yaml"
        let text = try String(contentsOfFile: dialog, encoding: .utf8)
            .replacingOccurrences(of: "triggers:", with: "tirggers:")
            .replacingOccurrences(of: "recommend: [sbi-feedback-job-aid]", with: "recommend: [sbi-job-aid]")
        try text.write(toFile: dialog, atomically: true, encoding: .utf8)
        let typoLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("tirggers:") }! + 1
        let result = try ChatProcess.run(["validate", "--root", root])
        #expect(result.status == 1)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(root)/Prompts/dialogs/feedback-sbi.yaml:\(typoLine):1: unknown key `tirggers` in the dialog (did you mean `triggers`?)"))
        #expect(lines.contains { $0.hasPrefix("\(root)/Prompts/dialogs/feedback-sbi.yaml:") && $0.contains("unknown knowledge item `sbi-job-aid`") })
        #expect(lines.contains("\(root)/Prompts/dialogs/feedback-sbi.yaml:1:1: the dialog is missing the required field `triggers`"))
        #expect(lines.last == "3 problems found; nothing was changed")

        let valid = try ChatProcess.run(["validate", "--root", ChatProcess.repoRoot])
        #expect(valid.status == 0)
        #expect(valid.out.range(of: #"^ok: \d+ dialogs, \d+ knowledge items, messages and configuration are valid\n$"#, options: .regularExpression) != nil)
    }
}
