import FlowCoachCore
import Foundation
import Testing

/// Several people sharing one state with the coach, on a clock that moves a minute per message.
struct Board {
    var coach: Coach
    var state = State()
    var clock = Fixture.now
    var counter = 0
    let asker = (Person(id: "@ana:x", displayName: "Ana"), "!ana-dm")
    let expert = (Person(id: "@eli:x", displayName: "Eli"), "!eli-dm")
    let bystander = (Person(id: "@bo:x", displayName: "Bo"), "!bo-dm")
    let admin = (Person(id: "@root:x", displayName: "Root"), "!root-dm")

    init(qa: QASettings = QASettings(), withPrograms: Bool = false) throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.qa = qa
        settings.admins = ["@root:x"]
        coach = Coach(content: Content(
            settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge,
            learning: withPrograms ? shipped.learning : LearningPlan(), language: shipped.language))
    }

    /// `who` says `text` (optionally as a threaded reply to `threadRoot`); returns every message of the turn as (room, text).
    mutating func say(_ who: (Person, String), _ text: String, threadRoot: String? = nil) -> [(room: String, text: String)] {
        counter += 1
        clock += 60
        let inbound = Inbound(eventID: "$\(counter)", sender: who.0, room: who.1, text: text, threadRoot: threadRoot)
        let turn = coach.handle(.message(inbound), state: state, now: clock)
        state.apply(turn.changes)
        return turn.replies.map { ($0.room, $0.text) }
    }

    /// Moves the clock by `seconds` and lets the runtime's timer fire.
    mutating func tick(after seconds: Double) -> [(room: String, text: String)] {
        clock += seconds
        let turn = coach.handle(.tick, state: state, now: clock)
        state.apply(turn.changes)
        return turn.replies.map { ($0.room, $0.text) }
    }
}

/// The peer Q&A board, with three people sharing one state.
@Suite struct QABoardTests {
    var board: Board
    var state: State { board.state }
    var asker: (Person, String) { board.asker }
    var expert: (Person, String) { board.expert }
    var bystander: (Person, String) { board.bystander }

    init() throws {
        board = try Board()
    }

    mutating func say(_ who: (Person, String), _ text: String) -> [(room: String, text: String)] {
        board.say(who, text)
    }

    @Test mutating func askRouteAnswerAcceptAndFindIt() {
        _ = say(bystander, "hello")
        _ = say(expert, "hello")
        #expect(say(expert, "expertise add negotiation")[0].text.contains("Your expertise: negotiation"))

        let asked = say(asker, "ask How do I prepare a negotiation with a supplier who won't move on price?")
        #expect(asked.count == 2)
        #expect(asked[0].room == asker.1 && asked[0].text.hasPrefix("Posted as q1 (#negotiation). I've asked 1 colleague"))
        #expect(asked[1].room == expert.1 && asked[1].text.contains("asks (q1): How do I prepare a negotiation"))
        #expect(state.questions["q1"]?.tags.contains("negotiation") == true)
        #expect(state.questions["q1"]?.routedTo == [expert.0.id], "never the asker, never the bystander")

        #expect(say(expert, "questions")[0].text.contains("q1:"))
        let answered = say(expert, "answer q1 Know your walk-away point and trade volume for price.")
        #expect(answered[0].text.contains("your answer (a1) is with Ana"))
        #expect(answered[1].room == asker.1 && answered[1].text.contains("Eli answered your question q1 (a1)"))

        #expect(say(expert, "vote a1")[0].text == "You can't vote for your own answer.")
        #expect(say(bystander, "vote a1")[0].text.contains("a1 has 1 vote"))
        #expect(say(bystander, "vote a1")[0].text.contains("already voted"))
        #expect(say(bystander, "accept a1")[0].text.contains("Only the person who asked q1"))
        #expect(say(asker, "accept a1")[0].text.contains("Accepted a1 for q1"))

        let found = say(bystander, "search supplier negotiation price")[0].text
        #expect(found.contains("Answered by colleagues") && found.contains("q1:"))
        let thread = say(bystander, "show q1")[0].text
        #expect(thread.contains("a1 by Eli (1 vote) ✓ accepted: Know your walk-away point"))
        #expect(say(asker, "my questions")[0].text.contains("1 answer, accepted"))
    }

    @Test mutating func aSimilarAnsweredQuestionIsOfferedBeforePosting() {
        _ = say(expert, "hello")
        _ = say(asker, "ask How should I delegate the monthly board report?")
        _ = say(expert, "answer q1 Start at level 2: they propose, you approve.")
        _ = say(asker, "accept a1")
        let offered = say(bystander, "ask What's the best way to delegate a monthly report?")
        #expect(offered[0].text.contains("already answered similar questions"))
        #expect(offered[0].text.contains("q1:"))
        #expect(state.questions.count == 1, "nothing posted yet")
        let posted = say(bystander, "post it")
        #expect(posted[0].text.hasPrefix("Posted as q2 (#delegation). I've asked 1 colleague"))
        #expect(posted[1].room == expert.1, "Eli's accepted answer on delegation makes them an expert in it")
    }

    @Test mutating func aQuestionTheCoachCannotPlaceIsOfferedToPeers() {
        _ = say(asker, "hello")
        let fallback = say(asker, "Does anyone know the expense limit for client dinners?")[0].text
        let offer = board.coach.content.messages.text("offer_peers")?.render([:]).trimmed ?? "?"
        #expect(fallback.hasSuffix(offer))
        #expect(say(asker, "post it")[0].text.hasPrefix("Posted as q1."))
        #expect(state.questions["q1"]?.text == "Does anyone know the expense limit for client dinners?")
    }

    @Test mutating func postedTextIsInertWhenRelayed() throws {
        _ = say(expert, "expertise add negotiation")
        let asked = say(asker, "ask @room <!here> how do I negotiate?")
        try #require(asked.count == 2, "negotiate matches the expert's negotiation skill")
        #expect(asked[1].text.contains("＠room ‹!here› how do I negotiate?"))
    }
}
