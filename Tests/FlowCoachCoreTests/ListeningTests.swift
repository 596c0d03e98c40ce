@testable import FlowCoachCore
import Foundation
import Testing

/// Coaching that listens: the moment an opening names, one probe for a vague answer, a
/// reminder before a known moment and a debrief after, "later" that really waits, and words
/// that need a human recognised in their everyday forms.
@Suite struct ListeningTests {
    static let monday = ISO8601DateFormatter().date(from: "2026-11-23T09:00:00Z")!

    @Test func theMomentIsReadFromTheOpeningMessage() {
        let reader = MomentReader(now: Self.monday, timeZone: .gmt)
        let talk = reader.read("I'm giving a talk to the sales team on Thursday")
        #expect(talk.counterpart == "the sales team" && talk.when == "on Thursday" && talk.day == "2026-11-26" && talk.occasion == "talk")
        let oneOnOne = reader.read("1:1 with Sam tomorrow at 3pm")
        #expect(oneOnOne.counterpart == "Sam" && oneOnOne.day == "2026-11-24" && oneOnOne.time == "15:00" && oneOnOne.occasion == "1:1")
        let boss = reader.read("need to tell my manager the launch slips by a month")
        #expect(boss.counterpart == "my manager" && boss.day == nil)
        let demo = reader.read("demo for a big customer in an hour")
        #expect(demo.time == "10:00" && demo.day == "2026-11-23" && demo.occasion == "demo")
        #expect(reader.read("how do I delegate better").counterpart == nil)
    }

    /// A dialog that captures who and when, confirms who, probes a vague answer once.
    static func listening() throws -> Dialog {
        var who = Question(prompt: try Template("Who is it with?"), slot: "who", expect: .text(minLength: 1))
        who.confirm = try Template("Is it with {{who}}?")
        var what = Question(prompt: try Template("What do they do?"), slot: "what", expect: .text(minLength: 1))
        what.probes = [Probe(kind: .judgement, ask: try Template("What did they actually do?"))]
        var dialog = Dialog(id: "talk", title: "A talk", skill: "talks", summary: "", triggers: Triggers(commands: ["coach talk"]), steps: [
            Step(id: "who", action: .ask(who)),
            Step(id: "when", action: .ask(Question(prompt: try Template("When is it?"), slot: "when", expect: .text(minLength: 1)))),
            Step(id: "what", action: .ask(what)),
            Step(id: "plan", action: .say(try Template("Plan: talk to {{who}} about {{what}}."))),
        ], followUp: FollowUpPlan(after: 86_400, message: try Template("How did it go?")))
        dialog.capture = [.counterpart: "who", .when: "when"]
        return dialog
    }

    static func board(_ dialog: Dialog) throws -> Board {
        var board = try Board()
        let shipped = board.coach.content
        board.coach = Coach(content: Content(settings: shipped.settings, messages: shipped.messages, dialogs: [dialog], knowledge: [],
                                             language: shipped.language))
        board.clock = monday
        _ = board.say(board.asker, "hello")
        return board
    }

    @Test func whatTheOpeningSaidIsConfirmedNotAskedAgain() throws {
        var board = try Self.board(try Self.listening())
        let conversation = { board.state.conversations[board.asker.0.id] }
        let first = board.coach.router.rank("").isEmpty  // the dialog starts by its command here
        #expect(first)
        var reply = board.say(board.asker, "coach talk").map(\.text).joined()
        #expect(reply.contains("Who is it with?"), "a command carries no moment: it asks")
        _ = board.say(board.asker, "cancel")
        // Routed from a message that names the moment.
        let session = { (text: String) -> String in board.say(board.asker, text).map(\.text).joined() }
        var started = Session(coach: board.coach, draft: Draft(base: board.state), now: board.clock)
        started.inbound = Inbound(eventID: "$x", sender: board.asker.0, room: board.asker.1, text: "")
        started.start(try Self.listening(), for: board.asker.0, room: board.asker.1, opening: "my talk with Sam on Thursday")
        board.state.apply(started.draft.changes)
        #expect(started.lines.joined().contains("Is it with Sam?"))
        #expect(conversation()?.slots["when"] == "on Thursday" && conversation()?.slots["_moment_day"] == "2026-11-26")
        reply = session("yes")
        #expect(reply.contains("What do they do?"), "the captured day is not asked again")
        reply = session("he's rude")
        #expect(reply.contains("What did they actually do?"), "a verdict gets one probe")
        reply = session("he's rude")
        #expect(!reply.contains("What did they actually do?"), "only once")
        #expect(reply.contains("Plan: talk to Sam about he's rude."))
    }

    @Test func aKnownMomentGetsItsPlanBeforeAndADebriefAfter() throws {
        var board = try Self.board(try Self.listening())
        var started = Session(coach: board.coach, draft: Draft(base: board.state), now: board.clock)
        started.inbound = Inbound(eventID: "$x", sender: board.asker.0, room: board.asker.1, text: "")
        started.start(try Self.listening(), for: board.asker.0, room: board.asker.1, opening: "talk with Sam on Thursday at 14:00")
        board.state.apply(started.draft.changes)
        _ = board.say(board.asker, "yes")
        let offer = board.say(board.asker, "he interrupts people in every standup").map(\.text).joined()
        #expect(offer.contains("Plan: talk to Sam"))
        #expect(board.state.profiles[board.asker.0.id]?.awaiting?.kind == .moment)
        _ = board.say(board.asker, "yes")
        let followUps = board.state.followUps.values.sorted { $0.due < $1.due }
        #expect(followUps.count == 2)
        let reminder = try #require(followUps.first), debrief = try #require(followUps.last)
        #expect(reminder.id.hasSuffix("|reminder") && reminder.due == ISO8601DateFormatter().date(from: "2026-11-26T13:00:00Z"))
        #expect(debrief.due == ISO8601DateFormatter().date(from: "2026-11-26T16:00:00Z"))
        let sent = board.tick(after: reminder.due.timeIntervalSince(board.clock)).map(\.text).joined()
        #expect(sent.contains("with Sam") && sent.contains("Plan: talk to Sam"), "the plan comes back before the moment")
    }

    @Test func laterPutsTheDialogAsideUntilResume() throws {
        var board = try Self.board(try Self.listening())
        _ = board.say(board.asker, "coach talk")
        _ = board.say(board.asker, "later")
        _ = board.say(board.asker, "search feedback")
        #expect(board.state.conversations[board.asker.0.id]?.slots["who"] == nil, "a message while it waits is not an answer")
        #expect(board.say(board.asker, "resume").map(\.text).joined().contains("Who is it with?"))
        _ = board.say(board.asker, "Dana")
        #expect(board.state.conversations[board.asker.0.id]?.slots["who"] == "Dana")
    }

    @Test func everydayWaysOfGoingBackOrStopping() throws {
        var board = try Self.board(try Self.listening())
        _ = board.say(board.asker, "coach talk")
        _ = board.say(board.asker, "Dana")
        #expect(board.say(board.asker, "go back").map(\.text).joined().contains("Who is it with?"))
        _ = board.say(board.asker, "nevermind please")
        #expect(board.state.conversations[board.asker.0.id] == nil)
    }

    @Test func disclosuresAreRecognisedInTheirEverydayForms() throws {
        let talk = SmallTalk(try Fixture.shippedContent().language)
        for text in ["he has been sexually harassing me for months", "i think im being harrassed", "i honestly dont want to be alive anymore",
                     "someone at work sent me racist messages", "my manager keeps touching me in meetings", "I feel unsafe at work"] {
            #expect(talk.isCrisis(text), "\(text)")
        }
        for text in ["I need a breakdown of costs for the client", "how do I give tough feedback", "my presentation was a disaster"] {
            #expect(!talk.isCrisis(text), "\(text)")
        }
    }

    @Test func aManagerReportingWhatSomeoneFacesGetsTheHRRouteNotComfort() throws {
        let talk = SmallTalk(try Fixture.shippedContent().language)
        for text in ["my team member keeps making sexist jokes", "my report told me she feels unsafe at work around a client"] {
            #expect(talk.isCrisis(text) && (talk.isAboutSomeoneElse(text) || text.contains("told me")), "\(text)")
        }
        #expect(talk.isAboutSomeoneElse("my team member keeps making sexist jokes"))
        #expect(!talk.isAboutSomeoneElse("someone at work sent me racist messages"), "it happened to the writer")
        var board = try Board()
        _ = board.say(board.asker, "hello")
        let reply = board.say(board.asker, "one of my engineers says a colleague keeps harassing her").map(\.text).joined()
        #expect(reply == board.coach.content.messages.text("concern_reply")?.render([:]).trimmed)
    }

    @Test func aDisclosureInsideADialogIsNotTakenAsAnAnswer() throws {
        var board = try Self.board(try Self.listening())
        _ = board.say(board.asker, "coach talk")
        let reply = board.say(board.asker, "honestly he has been sexually harassing me").map(\.text).joined()
        #expect(reply == board.coach.content.messages.text("crisis_reply")?.render([:]).trimmed)
        #expect(board.state.conversations[board.asker.0.id]?.slots["who"] == nil)
    }
}

/// Rehearsal: scenes start only by their command, branch on what was written, and end with a review.
@Suite struct RehearsalTests {
    @Test func aSceneStartsByItsCommandOnlyAndIsListed() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        let list = board.say(board.asker, "rehearse").map(\.text).joined()
        #expect(list.contains("rehearse feedback"))
        #expect(!board.coach.router.rank("feedback to someone who pushes back").contains { $0.dialog.rehearses != nil })
        #expect(board.say(board.asker, "rehearse juggling").map(\.text).joined().contains("rehearse feedback"), "an unknown scene lists the known ones")
        _ = board.say(board.asker, "rehearse feedback")
        #expect(board.state.conversations[board.asker.0.id]?.dialogID == "rehearse-feedback")
    }

    @Test func theReviewIsRecordedPerCriterion() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        _ = board.say(board.asker, "rehearse feedback")
        _ = board.say(board.asker, "You're always late, it's careless.")
        _ = board.say(board.asker, "Just fix it please.")
        let results = board.state[RubricResult.self].values.filter { $0.user == board.asker.0.id }
        #expect(Set(results.map(\.criterion)) == ["situation", "impact", "no labels", "their side"])
        #expect(results.first { $0.criterion == "no labels" }?.met == false)
        #expect(results.allSatisfy { $0.skill == "giving-feedback" && $0.card == "rehearse-feedback" })
    }

    @Test func everyShippedRubricTellsAGoodAnswerFromAPoorOne() throws {
        let cards = try Fixture.shippedContent().learning.cards.filter { !$0.rubric.isEmpty }
        for card in cards {
            let examples = try #require(card.examples, "\(card.id) has no examples")
            #expect(card.rubric.allSatisfy { $0.isMet(by: examples.good) }, "\(card.id): the good example misses a criterion")
            #expect(!card.rubric.allSatisfy { $0.isMet(by: examples.poor) }, "\(card.id): the poor example meets every criterion")
        }
    }
}

/// Reports show which part of a skill people miss, from the rubric results.
@Suite struct CriterionReportTests {
    @Test func eachCriterionHasItsShareMetAndSmallGroupsAreLeftOut() throws {
        let content = try Fixture.shippedContent()
        var state = State()
        let at = Fixture.now
        var changes: [Change] = []
        for (index, user) in ["@a:x", "@b:x", "@c:x", "@d:x", "@e:x"].enumerated() {
            changes.append(.put(RubricResult(user: user, card: "c1", skill: "giving-feedback", criterion: "situation", review: 1, met: index < 4, at: at)))
            changes.append(.put(RubricResult(user: user, card: "c1", skill: "giving-feedback", criterion: "no labels", review: 1, met: index < 1, at: at)))
        }
        changes.append(.put(RubricResult(user: "@a:x", card: "c2", skill: "negotiation", criterion: "trade", review: 1, met: true, at: at)))
        state.apply(changes)
        let report = try ReportBuilder(state: state, content: content, since: at.addingTimeInterval(-86_400), until: at.addingTimeInterval(60),
                                       minimumGroup: 5).build()
        #expect(report.criteria.map(\.criterion) == ["no labels", "situation"])
        #expect(report.criteria.map(\.metShare) == [0.2, 0.8])
        #expect(report.hidden.contains { $0.contains("negotiation") })
    }
}
