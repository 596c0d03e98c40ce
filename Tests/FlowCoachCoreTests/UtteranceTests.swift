import FlowCoachCore
import Foundation
import Testing

/// Every kind of space a person can type separates words the same way, and command arguments
/// keep the text as typed.
@Suite struct UtteranceTests {
    static let separators = [" ", "\t", "\u{00A0}", "\u{3000}", "\n", "\u{2028}", " \t \u{00A0}"]

    @Test(arguments: separators) func anySpaceSeparatesWords(_ gap: String) {
        let said = Utterance("Answer\(gap)Q1\(gap)Use SBI,\(gap)it works!")
        #expect(said.words == ["answer", "q1", "use", "sbi,", "it", "works"])
        #expect(said.word(1) == "q1")
        #expect(said.text(from: 2) == "Use SBI,\(gap)it works!")
        #expect(said.rest(from: 1) == "q1 use sbi, it works")
    }

    @Test func accessorsPastTheEndAreEmpty() {
        let said = Utterance("edit\tq1")
        #expect(said.word(2) == nil)
        #expect(said.text(from: 2) == "")
        #expect(said.rest(from: 5) == "")
        #expect(Utterance("").words.isEmpty)
        #expect(Utterance(" \t\u{3000}").text(from: 0) == "")
    }

    @Test func punctuationAndInvisiblesAtTheEdgesAreNotWords() {
        #expect(Utterance("help!").normalized == "help")
        #expect(Utterance("... ask why?").words == ["ask", "why"])
        #expect(Utterance("\u{200B}\u{00A8} hi").words == ["hi"])  // zero-width, and ¨ that folds to nothing
        #expect(Utterance("ＨＥＬＰ").normalized == "help")
    }
}

/// The commands that once indexed past the words a person typed: each works with any space.
@Suite struct CommandSpacingTests {
    @Test(arguments: UtteranceTests.separators) func qaCommandsTakeAnySpace(_ gap: String) throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I open a tough conversation with my manager? #feedback")
        _ = board.say(board.asker, "post it")
        _ = board.say(board.expert, "answer\(gap)q1\(gap)Start with what you noticed.")
        let answer = try #require(board.state.answers["a1"])
        #expect(answer.text == "Start with what you noticed.")
        _ = board.say(board.expert, "edit\(gap)a1\(gap)Start with one thing you noticed.")
        #expect(board.state.answers["a1"]?.text == "Start with one thing you noticed.")
        _ = board.say(board.asker, "edit\(gap)q1\(gap)How do I open a hard talk with my manager?")
        #expect(board.state.questions["q1"]?.text == "How do I open a hard talk with my manager?")
    }

    @Test(arguments: ["edit q1\tfoo", "answer q1\tx", "edit a1\u{3000}x", "answer\tq1", "edit\u{00A0}q1", "admin broadcast\tteam\tHi all",
                      "admin\u{3000}broadcast", "applied\t", "role\tlead\tx", "ask\t", "search\u{3000}"])
    func halfCommandsGetAnAnswer(_ text: String) throws {
        var board = try Board()
        let replies = board.say(board.admin, text)
        #expect(!replies.isEmpty)
    }
}

/// Length limits count bytes too, so a message of one character can't carry megabytes.
@Suite struct MessageLengthTests {
    @Test func combiningMarksCannotSmuggleAHugeMessageIn() throws {
        var ana = Conversationalist(content: try Fixture.shippedContent())
        ana.say("hello")
        let zalgo = "a" + String(repeating: "\u{0301}", count: 300_000)
        #expect(zalgo.count == 1)
        let reply = ana.say("ask " + zalgo)
        #expect(reply.contains("longer than I can take"))
        #expect(ana.state.questions.isEmpty)
        #expect(!ana.state.profiles.values.contains { ($0.pendingQuestion ?? "").unicodeScalars.count > 1000 })
    }

    @Test func aHugeDisplayNameIsNotStoredWhole() throws {
        var ana = Conversationalist(content: try Fixture.shippedContent())
        ana.person = Person(id: "@ana:x", displayName: String(repeating: "A\u{0301}", count: 50_000))
        ana.say("hello")
        #expect((ana.state.users["@ana:x"]?.displayName.unicodeScalars.count ?? 0) <= 200)
    }
}
