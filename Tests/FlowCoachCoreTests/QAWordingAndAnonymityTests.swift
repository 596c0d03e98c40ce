import FlowCoachCore
import Foundation
import Testing

/// A question without a `#tag` still reaches the colleagues whose expertise its wording is about.
@Suite struct QARoutingByWordingTests {
    /// A board where posting limits don't get in the way of asking many questions.
    static func roomyBoard(cap: Int = 100) throws -> Board {
        var qa = QASettings()
        qa.postsPerHour = 100
        qa.expertDailyCap = cap
        return try Board(qa: qa)
    }

    static let aboutNegotiation = [
        "How do I ask for a raise when the budget is frozen?",
        "My manager says there's no money for pay increases this year. What now?",
        "I got a job offer and want to counter. Any tips?",
        "Our supplier wants 10% more next year; how do I push back?",
        "Is it ok to ask for more compensation after only 8 months?",
        "The client wants a 20% discount or they walk. What do I do?",
        "They offered me 5k less than I asked for, should I push?",
    ]

    static let aboutSomethingElse = [
        "How do I set up a Kubernetes ingress controller?",
        "What's the wifi password in the London office?",
        "When is the parking garage open?",
        "What's the expense limit for client dinners?",
        "How do I give feedback to a peer who keeps interrupting?",
        "Any tips for running a retro with a remote team?",
        "Best slides tool for a client pitch?",
    ]

    @Test func aQuestionWordedAboutAnExpertsSkillReachesThemWithoutATag() throws {
        var board = try Self.roomyBoard()
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.bystander, "expertise add meetings")
        for (number, text) in Self.aboutNegotiation.enumerated() {
            let asked = board.say(board.asker, "ask " + text)
            let question = try #require(board.state.questions["q\(number + 1)"])
            #expect(!question.tags.contains("negotiation"), "\(text): no tag names the skill")
            #expect(question.routedTo == [board.expert.0.id], "\(text)")
            #expect(asked.contains { $0.room == board.expert.1 && $0.text.contains(text) }, "\(text)")
        }
    }

    @Test func aQuestionAboutSomethingElseDoesNotReachThem() throws {
        var board = try Self.roomyBoard()
        _ = board.say(board.expert, "expertise add negotiation")
        for (number, text) in Self.aboutSomethingElse.enumerated() {
            let asked = board.say(board.asker, "ask " + text)
            #expect(board.state.questions["q\(number + 1)"]?.routedTo == [], "\(text)")
            #expect(!asked.contains { $0.room == board.expert.1 }, "\(text)")
        }
    }

    @Test func declaredExpertiseIsReadInItsOwnWords() throws {
        var board = try Self.roomyBoard()
        _ = board.say(board.expert, "expertise add salary")  // a word of negotiation's, not the skill's name
        _ = board.say(board.bystander, "expertise add 1:1s")  // running-one-on-ones
        _ = board.say(board.admin, "expertise add budgeting")  // no skill: the word itself, in any form
        _ = board.say(board.asker, "ask Should I push back on the offer they made me, or take it?")
        #expect(board.state.questions["q1"]?.routedTo == [board.expert.0.id])
        _ = board.say(board.asker, "ask What should I talk about in my first one-to-one with a new report?")
        #expect(board.state.questions["q2"]?.routedTo == [board.bystander.0.id])
        _ = board.say(board.asker, "ask Who signs off budgets over 5k in finance?")
        #expect(board.state.questions["q3"]?.routedTo == [board.admin.0.id])
    }

    @Test func aKnowledgeItemHoldingTheQuestionSpeaksForItsSkill() throws {
        var board = try Self.roomyBoard()
        _ = board.say(board.expert, "expertise add running-meetings")
        _ = board.say(board.bystander, "expertise add prioritisation")
        _ = board.say(board.asker, "ask What's a good template for a meeting agenda?")
        #expect(board.state.questions["q1"]?.routedTo == [board.expert.0.id])
        _ = board.say(board.asker, "ask How do I use the impact urgency matrix?")
        #expect(board.state.questions["q2"]?.routedTo == [board.bystander.0.id])
        _ = board.say(board.asker, "ask How do I submit an expense claim?")
        #expect(board.state.questions["q3"]?.routedTo == [], "a knowledge item sharing a word or two says nothing")
    }

    @Test func theCapOptingOutAndTheAskerStillApply() throws {
        var board = try Self.roomyBoard(cap: 1)
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.asker, "ask How do I ask for a raise when the budget is frozen?")
        #expect(board.state.questions["q1"]?.routedTo == [board.expert.0.id])
        _ = board.say(board.asker, "ask Should I accept the first salary number HR gives me?")
        #expect(board.state.questions["q2"]?.routedTo == [], "Eli reached today's cap of 1")
        _ = board.tick(after: 86_400)
        _ = board.say(board.expert, "questions off")
        _ = board.say(board.asker, "ask Is it ok to ask for more compensation after only 8 months?")
        #expect(board.state.questions["q3"]?.routedTo == [], "Eli opted out")
        _ = board.say(board.expert, "questions on")
        _ = board.say(board.expert, "ask How do I haggle with a vendor over a contract renewal?")
        #expect(board.state.questions["q4"]?.routedTo == [], "never to the asker")
    }

    @Test func questionsAColleagueAnsweredBringTheirLookAlikes() throws {
        var board = try Self.roomyBoard()
        // Bo answered a question about expenses (no skill of the content's) and one about pay.
        _ = board.say(board.asker, "ask What's the expense limit for client dinners?")
        _ = board.say(board.bystander, "answer q1 50 per head, and keep the receipt.")
        _ = board.say(board.asker, "ask Is it ok to ask for more compensation after only 8 months?")
        _ = board.say(board.bystander, "answer q2 Yes, if your role grew: bring what you've delivered.")
        _ = board.say(board.expert, "hello")
        _ = board.say(board.admin, "ask Is there an expense limit for dinners with a client abroad?")
        #expect(board.state.questions["q3"]?.routedTo == [board.bystander.0.id], "the same question in other words")
        _ = board.say(board.admin, "ask How do I ask for a raise when the budget is frozen?")
        #expect(board.state.questions["q4"]?.routedTo == [board.bystander.0.id], "the same skill")
        _ = board.say(board.admin, "ask How do I set up a Kubernetes ingress controller?")
        #expect(board.state.questions["q5"]?.routedTo == [])
    }

    @Test func questionsSentToSomeoneComeFirstInTheirList() throws {
        var board = try Self.roomyBoard()
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.asker, "ask How do I ask for a raise when the budget is frozen?")
        _ = board.say(board.asker, "ask When is the parking garage open?")
        let list = board.say(board.expert, "questions")[0].text
        let sent = try #require(list.range(of: "q1:")), other = try #require(list.range(of: "q2:"))
        #expect(sent.lowerBound < other.lowerBound, "q1 was sent to Eli, q2 is newer")
    }
}

/// `search` finds answers on the board, promoted or not, by any of their words.
@Suite struct QASearchTests {
    @Test func searchFindsAPromotedAnswerByTheWordsOfTheQuestionAndTheAnswer() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I ask for a raise when the budget is frozen?")
        _ = board.say(board.expert, "answer q1 Agree a review date now; meanwhile a title, training or flexible hours may fit.")
        _ = board.say(board.asker, "accept a1")
        let before = board.say(board.bystander, "search frozen")[0].text
        #expect(before.contains("Answered by colleagues") && before.contains("q1:"), "an accepted answer is found by one word")
        _ = board.say(board.admin, "promote a1")
        for query in ["frozen", "flexible hours", "training title"] {
            let found = board.say(board.bystander, "search \(query)")[0].text
            #expect(found.contains("answer by Eli, from the Q&A board") && found.contains("show q1"), "\(query)")
            #expect(!found.contains("Answered by colleagues"), "\(query): promoted answers are listed as knowledge")
        }
        #expect(board.say(board.bystander, "search kubernetes")[0].text.contains("I found nothing"))
    }

    @Test func aHiddenAnswerIsNotFound() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I ask for a raise when the budget is frozen?")
        _ = board.say(board.expert, "answer q1 Try the zebra method: name the trade-offs in black and white.")
        _ = board.say(board.asker, "accept a1")
        _ = board.say(board.admin, "promote a1")
        #expect(board.say(board.bystander, "search zebra")[0].text.contains("show q1"))
        _ = board.say(board.admin, "hide a1")
        #expect(board.say(board.bystander, "search zebra")[0].text.contains("I found nothing"))
    }
}

/// `ask anonymously`: no one is shown who asked; the audit log records it.
@Suite struct AnonymousQuestionTests {
    static func board() throws -> Board {
        var qa = QASettings()
        qa.boardRoom = "!board"
        qa.escalateAfterHours = 4
        return try Board(qa: qa)
    }

    /// Everything said in the turn outside the asker's own room.
    static func toOthers(_ replies: [(room: String, text: String)], _ board: Board) -> String {
        replies.filter { $0.room != board.asker.1 }.map(\.text).joined(separator: "\n")
    }

    @Test func theAskerIsHiddenFromEveryoneButTheAuditLog() throws {
        var board = try Self.board()
        _ = board.say(board.admin, "hello")
        _ = board.say(board.expert, "expertise add negotiation")
        let asked = board.say(board.asker, "ask anonymously How do I ask for a raise when the budget is frozen?")
        let mine = asked.filter { $0.room == board.asker.1 }.map(\.text).joined()
        #expect(mine.contains("Posted anonymously as q1") && mine.contains("Colleagues won't see who asked"))
        let request = try #require(asked.first { $0.room == board.expert.1 }).text
        #expect(request.hasPrefix("A colleague asks anonymously (q1): How do I ask for a raise"))
        let post = try #require(asked.first { $0.room == "!board" }).text
        #expect(post.hasPrefix("Question q1 (asked anonymously) [#budget]: How do I ask"))
        #expect(!Self.toOthers(asked, board).contains("Ana"))

        let question = try #require(board.state.questions["q1"])
        #expect(question.anonymous == true && question.askerName.isEmpty && question.asker == board.asker.0.id)
        let audit = board.state.audit.values.filter { $0.actor == board.asker.0.id }
        #expect(audit.map(\.command) == ["ask anonymously q1"], "who asked is on record")

        // Listings, the thread, answers, the leaderboard and reports name no one.
        var seen = board.say(board.bystander, "questions") + board.say(board.bystander, "show q1") + board.say(board.admin, "show q1")
        seen += board.say(board.expert, "answer q1 Ask for a review date instead.")
        #expect(seen.contains { $0.text.contains("your answer (a1) is with the person who asked") })
        #expect(seen.contains { $0.text.contains("q1 (asked anonymously): How do I ask") })
        let arrived = try #require(seen.first { $0.room == board.asker.1 }, "the asker still hears of answers").text
        #expect(arrived.contains("Eli answered your question q1 (a1)"))
        seen += board.say(board.bystander, "vote a1")
        #expect(board.say(board.asker, "accept a1")[0].text.contains("Accepted a1 for q1"))
        seen += board.say(board.bystander, "leaderboard") + board.say(board.admin, "admin report")
        seen += board.say(board.admin, "promote a1") + board.say(board.bystander, "search raise frozen")
        #expect(!Self.toOthers(seen, board).contains("Ana"))
        #expect(board.say(board.asker, "my questions")[0].text.contains("(anonymous)"))
    }

    @Test func theAskerEditsClosesAndIsEscalatedStillAnonymously() throws {
        var board = try Self.board()
        _ = board.say(board.admin, "hello")
        _ = board.say(board.asker, "ask anonymously Who should I talk to about a colleague's drinking?")
        #expect(board.say(board.asker, "edit q1 Who can I talk to, in confidence, about a colleague's drinking?")[0].text == "Updated q1.")
        #expect(board.say(board.bystander, "edit q1 mine")[0].text.contains("isn't yours"))
        let escalated = board.tick(after: 4 * 3600)
        #expect(escalated.contains { $0.room == board.admin.1 } && escalated.contains { $0.room == "!board" })
        #expect(escalated.contains { $0.room == board.asker.1 && $0.text.contains("No one has answered q1 yet") })
        #expect(!Self.toOthers(escalated, board).contains("Ana"))
        #expect(board.say(board.asker, "close q1")[0].text.contains("Closed q1"))
        let closed = board.say(board.expert, "answer q1 HR, or the employee assistance line.")[0].text
        #expect(closed.contains("The person who asked can \"reopen q1\"") && !closed.contains("Ana"))
    }

    @Test func theWaysToSayItAndWhatIsRefused() throws {
        var qa = QASettings()
        qa.postsPerHour = 100
        qa.maxLength = 200
        var board = try Board(qa: qa)
        let ways = [
            "ask anonymously how do I ask for a bigger team?", "Ask anonymous: how do I say no to a VP?", "ask anon how do I handle a rude client?",
            "ask (anonymously) how do I stop overworking?", "anonymously ask how do I find a mentor?", "anonymous question: how do I cope with a reorg?",
            "ask annonymously how do I negotiate a title change?", "ask - anonymously - how do I ask for overtime pay?", "ask Anonymousely: how do I decline?",
        ]
        for (number, text) in ways.enumerated() {
            let reply = board.say(board.asker, text)[0].text
            let question = try #require(board.state.questions["q\(number + 1)"], "\(text)")
            #expect(question.anonymous == true && reply.hasPrefix("Posted anonymously"), "\(text)")
            #expect(question.text.hasPrefix("how do I"), "\(text): the word is not part of the question")
        }
        let usage = try #require(board.coach.content.messages.text("qa_ask_usage")).render([:]).trimmed
        for empty in ["ask anonymously", "ask anonymously   ", "ask anon:", "anonymous question"] {
            #expect(board.say(board.asker, empty).map(\.text).joined().contains(usage), "\(empty)")
        }
        #expect(board.state.questions.count == ways.count, "nothing empty was posted")
        #expect(board.say(board.asker, "ask anonymously " + String(repeating: "why ", count: 60))[0].text.contains("up to 200 characters"))
        _ = board.say(board.expert, "expertise add negotiation")
        let hostile = board.say(board.asker, "ask anonymously @room <!here> <b>how</b> do I negotiate [a raise](http://x)?")
        let relayed = try #require(hostile.first { $0.room == board.expert.1 }).text
        #expect(!relayed.contains("@room") && !relayed.contains("<!here>") && !relayed.contains("<b>"))
        #expect(board.state.questions.values.filter { $0.anonymous != true }.isEmpty)
        // A question that merely starts with the word keeps its asker and its word.
        _ = board.say(board.asker, "ask anonymous surveys: are they worth running before a reorg?")
        let survey = try #require(board.state.questions.values.first { $0.text.hasPrefix("anonymous surveys") })
        #expect(survey.anonymous != true)
    }

    @Test func postItKeepsTheChoiceAndAPlainQuestionDoesNotInheritIt() throws {
        var board = try Board()
        _ = board.say(board.expert, "hello")
        _ = board.say(board.bystander, "ask How should I delegate the monthly board report?")
        _ = board.say(board.expert, "answer q1 Start at level 2: they propose, you approve.")
        _ = board.say(board.bystander, "accept a1")
        #expect(board.say(board.asker, "ask anonymously What's the best way to delegate a monthly report?")[0].text.contains("already answered similar"))
        let posted = board.say(board.asker, "post it")
        #expect(posted[0].text.hasPrefix("Posted anonymously as q2"))
        #expect(!posted.contains { $0.room != board.asker.1 && $0.text.contains("Ana") })

        #expect(board.say(board.asker, "ask anonymously What's a good way to delegate a monthly report?")[0].text.contains("already answered similar"))
        _ = board.say(board.asker, "Does anyone know the expense limit for client dinners?")  // held for "post it" instead
        _ = board.say(board.asker, "post it")
        #expect(board.state.questions["q3"]?.anonymous == nil && board.state.questions["q3"]?.askerName == "Ana")
        _ = board.say(board.asker, "Does anyone know where the spare laptops are kept?")
        _ = board.say(board.asker, "post it anonymously")
        #expect(board.state.questions["q4"]?.anonymous == true)
    }

    @Test func forgetMeTreatsAnAnonymousAskerLikeAnyOther() throws {
        var board = try Board()
        _ = board.say(board.expert, "expertise add negotiation")
        _ = board.say(board.asker, "ask anonymously How do I ask for a raise when the #negotiation budget is frozen?")
        _ = board.say(board.asker, "ask anonymously Nobody will answer this one?")
        _ = board.say(board.expert, "answer q1 Ask for a review date and a scope change instead of money now.")
        _ = board.say(board.asker, "accept a1")
        #expect(board.state.audit.values.filter { $0.actor == board.asker.0.id }.count == 2)
        _ = board.say(board.asker, "forget me")
        _ = board.say(board.asker, "yes")
        let question = try #require(board.state.questions["q1"], "the question stays for the answer's sake")
        #expect(question.asker.isEmpty && !question.text.contains("raise") && question.accepted == "a1")
        #expect(board.state.questions["q2"] == nil, "an unanswered question goes with its asker")
        #expect(board.state.answers["a1"]?.author == board.expert.0.id)
        #expect(!board.state.audit.values.contains { $0.actor == board.asker.0.id })
        let thread = board.say(board.bystander, "show q1").map(\.text).joined()
        #expect(thread.contains("q1 (asked anonymously): #negotiation") && thread.contains("Ask for a review date"))
    }
}
