@testable import FlowCoachCore
import Foundation
import Testing

/// Natural routing on the shipped content: measured on a corpus written apart from the
/// dialogs' examples, plus small talk, typos, synonyms, choices and the words that need care.
@Suite struct RoutingTests {
    static let corpus = Fixture.repoRoot + "/Tests/Fixtures/routing/corpus.tsv"

    @Test func atLeastNinetyPercentOfTheCorpusGoesWhereItShould() throws {
        let coach = Coach(content: try Fixture.shippedContent())
        let report = RouteCheck(coach: coach, lines: try String(contentsOfFile: Self.corpus, encoding: .utf8))
        #expect(report.total >= 200)
        let misses = report.misses.map { "\($0.line): \($0.expected) → \($0.got): \($0.message)" }.joined(separator: "\n")
        #expect(report.accuracy >= 0.9, "\(report.right) of \(report.total):\n\(misses)")
    }

    @Test func smallTalkIsOnlySmallTalk() throws {
        let talk = SmallTalk(try Fixture.shippedContent().language)
        for (text, kind) in [("Hey there!", "greeting"), ("good morning team", "greeting"), ("thx, that helped", "thanks"),
                             ("thank you so much", "thanks"), ("bye for now", "goodbye"), ("see ya", "goodbye"), ("who are you?", "identity"),
                             ("what can you do", "capabilities"), ("ok cool", "acknowledgement")] as [(String, String?)] {
            #expect(talk.kind(of: text)?.name == kind, "\(text)")
        }
        for text in ["thanks, but how do I delegate?", "hi, I have a tough talk with my boss tomorrow", "hello world program in swift"] {
            #expect(talk.kind(of: text) == nil, "\(text)")
        }
    }

    @Test func typosAreCorrectedToTheContentsOwnWords() {
        var lexicon = Lexicon(synonyms: [("one on one", ["1:1", "1on1"])])
        lexicon.learn(["negotiation", "delegation", "presentation"])
        #expect(lexicon.corrected("negociation") == "negotiation")
        #expect(lexicon.corrected("delegaton") == "delegation")
        #expect(lexicon.corrected("mouse") == "mouse", "far from every known word")
        #expect(lexicon.stems("my 1:1 tomorrow") == lexicon.stems("my one on one tomorrow"))
    }

    static func twins() throws -> Board {
        var board = try Board()
        board.coach = Coach(content: Content(
            settings: board.coach.content.settings, messages: board.coach.content.messages,
            dialogs: [try RouterTests.dialog("alpha", keywords: ["budget"], commands: ["coach alpha"]),
                      try RouterTests.dialog("beta", keywords: ["budget"], commands: ["coach beta"])],
            knowledge: [], language: board.coach.content.language))
        _ = board.say(board.asker, "hello")
        return board
    }

    @Test func twoDialogsThatFitEquallyAreOfferedAsAChoice() throws {
        var board = try Self.twins()
        let reply = board.say(board.asker, "the budget").map(\.text).joined()
        #expect(reply == board.coach.content.messages.text("route_choose")?.render(["first": "alpha", "second": "beta"]).trimmed)
        _ = board.say(board.asker, "2")
        #expect(board.state.runs.values.map(\.dialog) == ["beta"])

        var declined = try Self.twins()
        _ = declined.say(declined.asker, "budget")
        _ = declined.say(declined.asker, "neither")
        #expect(declined.state.runs.isEmpty && declined.state.profiles[declined.asker.0.id]?.awaiting == nil)

        var moved = try Self.twins()
        _ = moved.say(moved.asker, "budget")
        _ = moved.say(moved.asker, "search agenda")
        #expect(moved.state.profiles[moved.asker.0.id]?.awaiting == nil, "another message lets the choice go")
    }

    @Test func wordsOfCrisisGetHumanHelpAndNoCoaching() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        let reply = board.say(board.asker, "my manager keeps harassing me and I feel unsafe at work").map(\.text).joined()
        #expect(reply == board.coach.content.messages.text("crisis_reply")?.render([:]).trimmed)
        #expect(board.state.conversations.isEmpty && board.state.profiles[board.asker.0.id]?.pendingQuestion == nil)
        #expect(board.state.counters["safety.referrals"]?.value == 1)
    }

    @Test func strainIsAcknowledgedBeforeCoaching() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        let ack = try #require(board.coach.content.messages.text("acknowledge_stress")).render([:]).trimmed
        let reply = board.say(board.asker, "I'm so stressed, I have a negotiation with our biggest supplier on Friday").map(\.text).joined()
        #expect(reply.hasPrefix(ack))
        #expect(board.state.conversations[board.asker.0.id]?.dialogID == "negotiation")
    }

    @Test func theFallbackIsShort() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        for text in ["what's the wifi password?", "zxqv", "order lunch for the team", "can you book a flight to Berlin?"] {
            let reply = board.say(board.asker, text).map(\.text).joined(separator: "\n")
            let lines = reply.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(lines.count <= 4, "\(text): \(reply)")
        }
    }
}
