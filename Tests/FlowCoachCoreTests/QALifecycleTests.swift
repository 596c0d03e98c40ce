import FlowCoachCore
import Foundation
import Testing

/// Q&A routing rules, escalation, moderation, reputation and promotion, on a fixed clock.
@Suite struct QALifecycleTests {
    @Test func expertsFromAnswersOptOutAndTheDailyCap() throws {
        var qa = QASettings()
        qa.expertDailyCap = 2
        var board = try Board(qa: qa)
        _ = board.say(board.bystander, "hello")
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.asker, "ask #negotiation first one?")
        _ = board.say(board.asker, "ask #negotiation second one?")
        let third = board.say(board.asker, "ask #negotiation third one?")
        #expect(third.count == 1 && third[0].text.contains("No colleague has expertise"), "Eli reached the cap of 2 today")
        #expect(board.state.questions["q3"]?.routedTo == [])
        // A day later the cap is free again, but Eli opted out.
        _ = board.tick(after: 86_400)
        #expect(board.say(board.expert, "questions off")[0].text.contains("won't send you peer questions"))
        #expect(board.say(board.asker, "ask #negotiation fourth one?").count == 1)
        _ = board.say(board.expert, "questions on")
        #expect(board.say(board.asker, "ask #negotiation fifth one?").map(\.room).contains(board.expert.1))
    }

    @Test func anUnansweredQuestionIsEscalatedOnceAtTheConfiguredTime() throws {
        var qa = QASettings()
        qa.escalateAfterHours = 4
        qa.boardRoom = "!board"
        var board = try Board(qa: qa)
        _ = board.say(board.admin, "hello")
        _ = board.say(board.asker, "ask #budgeting who approves travel?")
        let asked = board.state.questions["q1"]!.askedAt
        #expect(board.coach.nextWake(board.state) == asked + 4 * 3600)
        #expect(board.tick(after: 3 * 3600).isEmpty, "not yet")
        _ = board.say(board.expert, "expertise add budgeting")  // a new expert appears meanwhile
        let escalated = board.tick(after: 3600)
        let rooms = escalated.map(\.room)
        #expect(rooms.contains("!board") && rooms.contains(board.admin.1) && rooms.contains(board.expert.1) && rooms.contains(board.asker.1))
        #expect(escalated.first { $0.room == board.asker.1 }?.text.contains("asked 1 more colleague") == true)
        #expect(board.state.questions["q1"]?.escalatedAt != nil)
        #expect(board.tick(after: 86_400).isEmpty, "escalated once only")
        #expect(board.coach.nextWake(board.state) == nil)
    }

    @Test func anAnsweredOrClosedQuestionIsNotEscalated() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask one?")
        _ = board.say(board.asker, "ask two?")
        _ = board.say(board.expert, "answer q1 yes")
        #expect(board.say(board.asker, "close q2")[0].text.contains("Closed q2"))
        #expect(board.tick(after: 2 * 86_400).isEmpty)
    }

    @Test func closeReopenEditAndHide() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I run a retro?")
        #expect(board.say(board.bystander, "close q1")[0].text.contains("Only the person who asked q1"))
        #expect(board.say(board.asker, "close q1")[0].text.contains("Closed q1"))
        #expect(board.say(board.expert, "answer q1 Start with what went well.")[0].text.contains("q1 is closed"))
        #expect(board.say(board.asker, "edit q1 new text")[0].text.contains("reopen q1"))
        #expect(board.say(board.asker, "reopen q1")[0].text.contains("Reopened q1"))
        #expect(board.say(board.asker, "edit q1 How do I run a good #retro?")[0].text == "Updated q1.")
        #expect(board.state.questions["q1"]?.text == "How do I run a good #retro?")
        #expect(board.state.questions["q1"]?.tags == ["retro"])
        _ = board.say(board.expert, "answer q1 Start with what went well.")
        #expect(board.say(board.bystander, "edit a1 mine now")[0].text.contains("isn't yours"))
        #expect(board.say(board.expert, "edit a1 Start with what went well, then one change.")[0].text == "Updated a1.")

        #expect(board.say(board.bystander, "hide a1")[0].text == "Only admins can hide posts.")
        #expect(board.say(board.admin, "hide q1")[0].text.contains("Hidden q1"))
        #expect(board.say(board.bystander, "questions")[0].text == "No open questions for you right now.")
        #expect(board.say(board.bystander, "show q1")[0].text.contains("I don't have"), "hidden from non-admins")
        #expect(board.say(board.admin, "unhide q1")[0].text.contains("visible again"))
        #expect(board.say(board.bystander, "show q1")[0].text.contains("then one change"))
    }

    @Test func reputationLeaderboardAndItsSwitch() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask #negotiation anchor high?")
        _ = board.say(board.expert, "answer q1 Yes, with a reason.")
        _ = board.say(board.bystander, "answer q1 Depends.")
        _ = board.say(board.asker, "vote a1")
        _ = board.say(board.bystander, "vote a1")
        let accepted = board.say(board.asker, "accept a1")
        #expect(accepted.contains { $0.room == board.expert.1 && $0.text.contains("+10 points") })
        let leaders = board.say(board.bystander, "leaderboard")[0].text
        #expect(leaders.contains("1. Eli: 14 points (1 accepted, 2 votes)"))
        #expect(!leaders.contains("Bo:"), "no points, no place")

        var off = QASettings()
        off.leaderboard = false
        var quiet = try Board(qa: off)
        #expect(quiet.say(quiet.asker, "leaderboard")[0].text == "The leaderboard is turned off here.")
    }

    @Test func anAdminPromotesAnAcceptedAnswerIntoTheKnowledgeBase() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I handle a supplier price increase?")
        _ = board.say(board.expert, "answer q1 Ask for the cost breakdown, then trade volume for price.")
        #expect(board.say(board.admin, "promote q1")[0].text.contains("no accepted answer yet"))
        _ = board.say(board.asker, "accept a1")
        #expect(board.say(board.asker, "promote a1")[0].text == "Only admins can add answers to the knowledge base.")
        #expect(board.say(board.admin, "promote a1")[0].text.contains("credited to Eli"))
        let found = board.say(board.bystander, "search supplier price increase")[0].text
        #expect(found.contains("answer by Eli, from the Q&A board"))
        #expect(!found.contains("Answered by colleagues"), "promoted answers are listed as knowledge")
    }

    @Test func enoughVotesPromoteByRule() throws {
        var qa = QASettings()
        qa.promoteAtVotes = 1
        var board = try Board(qa: qa)
        _ = board.say(board.asker, "ask supplier price?")
        _ = board.say(board.expert, "answer q1 Trade volume.")
        _ = board.say(board.bystander, "vote a1")
        #expect(board.state.questions["q1"]?.promotedBy == nil, "not accepted yet")
        #expect(board.say(board.asker, "accept a1").first?.text.contains("now in the knowledge base") == true)
        #expect(board.state.questions["q1"]?.promotedBy == "auto")
    }

    @Test func postingRateAndLengthLimits() throws {
        var qa = QASettings()
        qa.postsPerHour = 2
        qa.maxLength = 40
        var board = try Board(qa: qa)
        #expect(board.say(board.asker, "ask " + String(repeating: "x", count: 41))[0].text.contains("up to 40 characters"))
        _ = board.say(board.asker, "ask one?")
        _ = board.say(board.asker, "ask two?")
        let third = board.say(board.asker, "ask three?")[0].text
        #expect(third.contains("the most I take") && third.contains("say \"post it\" then"))
        #expect(board.state.questions.count == 2)
        _ = board.tick(after: 3600)
        #expect(board.say(board.asker, "post it")[0].text.hasPrefix("Posted as q3"), "the held question was not lost")
    }

    @Test func aThreadedReplyOnTheBoardAnswersTheQuestion() throws {
        var qa = QASettings()
        qa.boardRoom = "!board"
        var board = try Board(qa: qa)
        let asked = board.say(board.asker, "ask @room how do I say no to my boss?")
        let post = try #require(asked.first { $0.room == "!board" })
        #expect(post.text.hasPrefix("Question q1 from Ana: ＠room how do I say no"))
        let reply = board.say((board.expert.0, "!board"), "Offer a trade-off: what should drop?", threadRoot: post.text)
        #expect(reply.contains { $0.room == board.asker.1 && $0.text.contains("Eli answered your question q1 (a1)") })
        #expect(board.state.answers["a1"]?.text == "Offer a trade-off: what should drop?")
        #expect(board.state.profiles[board.expert.0.id]?.room != "!board", "the board is never taken for someone's DM")
    }
}

/// `forget me` erases the person's own data, not the work colleagues did for them.
@Suite struct ForgetMeOnTheBoardTests {
    @Test func anAskerForgottenLeavesColleaguesAnswersUnderAnAnonymousQuestion() throws {
        var board = try Board()
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.asker, "ask How do I negotiate a raise when the #negotiation budget is frozen?")
        _ = board.say(board.asker, "post it")
        _ = board.say(board.expert, "answer q1 Ask for a review date and a scope change instead of money now.")
        _ = board.say(board.asker, "accept a1")
        _ = board.say(board.asker, "forget me")
        _ = board.say(board.asker, "yes")
        let question = try #require(board.state.questions["q1"], "the question stays for the answer's sake")
        #expect(question.asker.isEmpty && question.askerName.isEmpty && !question.text.contains("raise"), "nothing of the asker is left")
        #expect(board.state.answers["a1"]?.author == board.expert.0.id, "the colleague's answer stays")
        #expect(question.accepted == "a1")
        #expect(board.state.users[board.asker.0.id] == nil)
        let thread = board.say(board.bystander, "show q1").map(\.text).joined()
        #expect(thread.contains("Ask for a review date"))
        // No one is left to read an answer: the question is closed, and nothing is sent to nowhere.
        #expect(question.closedAt != nil)
        let late = board.say(board.bystander, "answer q1 Also ask what would make it possible next quarter.")
        #expect(late.allSatisfy { !$0.room.isEmpty })
        #expect(!board.say(board.bystander, "questions").map(\.text).joined().contains("q1"))
    }
}

/// Accepting and promoting say what they do to the answer named.
@Suite struct AcceptAndPromoteTests {
    @Test func anotherAcceptReplacesOutLoudAndPromoteTakesTheAnswerNamed() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I open a #negotiation with a supplier?")
        _ = board.say(board.asker, "post it")
        _ = board.say(board.expert, "answer q1 Start with their interests.")
        _ = board.say(board.bystander, "answer q1 Anchor first with a reason.")
        _ = board.say(board.asker, "accept a1")
        let swap = board.say(board.asker, "accept a2").map(\.text).joined()
        let said = try #require(board.coach.content.messages.text("qa_accepted_instead")).render(["id": "a2", "previous": "a1"]).trimmed
        #expect(swap.contains(said))
        let refused = board.say(board.admin, "promote a1").map(\.text).joined()
        #expect(refused.contains("a2") && board.state.questions["q1"]?.promotedBy == nil, "a1 is not the accepted answer any more")
        _ = board.say(board.admin, "promote a2")
        #expect(board.state.questions["q1"]?.promotedBy == board.admin.0.id)
    }
}
