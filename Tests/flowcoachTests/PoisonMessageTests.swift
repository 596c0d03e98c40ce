import FlowCoachCore
@testable import FlowCoachStore
import Foundation
import Testing

/// A message that takes the process down is handled once more after a restart, then skipped
/// for good with one apology, and everything around it is answered. Uses a real crash: debug
/// builds stop on a message containing `$FLOWCOACH_TEST_CRASH_ON`.
@Suite(.serialized) struct PoisonMessageTests {
    @Test func aMessageThatCrashesTwiceIsSkippedAndTheRestAnswered() throws {
        let state = ChatTests.stateDir()
        let arguments = ["chat", "--root", ChatProcess.repoRoot, "--state", state, "--user", "Ana"]
        let crash = ["FLOWCOACH_TEST_CRASH_ON": "deadly words"]
        let script = "help\nthese are deadly words\nsearch feedback\n"

        let first = try ChatProcess.run(arguments, stdin: script, environment: crash)
        #expect(first.status != 0)
        let second = try ChatProcess.run(arguments, stdin: script, environment: crash)
        #expect(second.status != 0, "handled once more, and it crashed again")
        #expect(!second.out.contains("set it aside"))

        let third = try ChatProcess.run(arguments, stdin: script, environment: crash)
        #expect(third.status == 0, "\(third.err)")
        #expect(third.out.components(separatedBy: "set it aside").count == 2, "one apology")
        #expect(third.out.contains("Here's what I found for \"feedback\""))
        // Replies committed before a crash are sent at the next start (the outbox). A terminal
        // cannot take a message back, so one printed just before the crash may show again.
        let helps = [first, second, third].map { $0.out.components(separatedBy: "Here's what I can do").count - 1 }.reduce(0, +)
        #expect((3...5).contains(helps), "each run's help answered")

        let store = try StateStore(directory: state)
        #expect(store.state.counters["events.skipped"]?.value == 1)
        store.close()
        // The skipped message's text is nowhere on disk.
        for file in ["journal.jsonl", "snapshot.json", "attempts.log"] {
            let text = (try? String(contentsOfFile: state + "/" + file, encoding: .utf8)) ?? ""
            #expect(!text.contains("deadly"), "\(file)")
        }
        // Once skipped, the chat goes on as usual.
        let fourth = try ChatProcess.run(arguments, stdin: "help\n", environment: crash)
        #expect(fourth.status == 0)
        #expect(fourth.out.contains("Here's what I can do"))
    }

    @Test func aMessageThatCrashedOnceIsHandledOnceMore() throws {
        let state = ChatTests.stateDir()
        let arguments = ["chat", "--root", ChatProcess.repoRoot, "--state", state, "--user", "Bo"]
        let first = try ChatProcess.run(arguments, stdin: "search feedback\n", environment: ["FLOWCOACH_TEST_CRASH_ON": "feedback"])
        #expect(first.status != 0)
        let second = try ChatProcess.run(arguments, stdin: "search feedback\n")
        #expect(second.status == 0)
        #expect(second.out.contains("Here's what I found for \"feedback\""))
        #expect(!second.out.contains("set it aside"))
    }
}
