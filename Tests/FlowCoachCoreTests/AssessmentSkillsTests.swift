import FlowCoachContent
@testable import FlowCoachCore
import Foundation
import Testing

/// People talking to a coach whose state gets imports, on a fixed clock.
struct GapWorld {
    let coach: Coach
    var state = State()
    var counter = 0
    var now = Fixture.now

    init(_ content: Content) {
        coach = Coach(content: content)
    }

    static func person(_ name: String) -> Person { Person(id: "console:\(name)", displayName: name.capitalized) }

    @discardableResult
    mutating func say(_ name: String, _ text: String, shared: Bool = false) -> String {
        counter += 1
        now += 60
        let inbound = Inbound(eventID: "$\(counter)", sender: Self.person(name), room: shared ? "!team" : "!dm-\(name)", text: text, shared: shared ? true : nil)
        let turn = coach.handle(.message(inbound), state: state, now: now)
        state.apply(turn.changes)
        return turn.replies.map(\.text).joined(separator: "\n")
    }

    /// Imports a CSV text as `flowcoach import` does; returns the turn.
    @discardableResult
    mutating func importCSV(_ text: String) throws -> Turn {
        let batch = try AssessmentFixture.read(text, content: coach.content).get()
        now += 60
        let turn = coach.importAssessments(batch, state: state, now: now)
        state.apply(turn.changes)
        return turn
    }

    @discardableResult
    mutating func importFixture(_ name: String) throws -> Turn {
        try importCSV(String(decoding: try Data(contentsOf: URL(fileURLWithPath: AssessmentFixture.directory + name)), as: UTF8.self))
    }

    mutating func tick(at date: Date) -> [Outbound] {
        now = date
        let turn = coach.handle(.tick, state: state, now: date)
        state.apply(turn.changes)
        return turn.replies
    }
}

/// Priority skills: derived from the latest assessment and the manager's flags, shown and moved.
@Suite struct AssessmentPriorityTests {
    @Test func theLowestGapsOfTheLatestAssessmentPlusWhatTheManagerFlagged() throws {
        var world = GapWorld(try AssessmentFixture.content())
        try world.importFixture("360-2026-11.csv")
        let ana = try #require(world.state[AssessmentHistory.self]["console:ana"])
        let settings = world.coach.content.learning.assessments
        let feedback = try #require(ana.standings.first { $0.skill == "giving-feedback" })
        #expect(abs(feedback.score - (3.0 + 2.5 + 2.8) / 3) < 1e-9, "Self 3.0, Manager 2.5 and Peer (3.0 + 2.6) / 2 weigh the same")
        let priorities = ana.priorities(settings)
        #expect(priorities.map(\.skill) == ["giving-feedback", "coaching-others", "prioritisation", "delegation"],
                "three lowest below 3.5 (recognition at 3.4 is fourth), then delegation, flagged at 3.9")
        #expect(priorities.map(\.belowTarget) == [true, true, true, false])
        #expect(priorities.last?.flagged == true)
        #expect(world.state[AssessmentHistory.self]["console:bo"]?.priorities(settings).isEmpty == true)
    }

    @Test func theLatestDatePerSkillCountsEvenWhenALaterImportLeavesTheSkillOut() throws {
        var world = GapWorld(try AssessmentFixture.content { $0.prioritiesPerPerson = 5 })
        try world.importCSV(AssessmentFixture.header + "ana,Delegating,Manager,2.0,2026-05-04,\nana,Coaching,Manager,2.0,2026-05-04,\n")
        try world.importCSV(AssessmentFixture.header + "ana,Coaching,Manager,4.0,2026-11-02,\n")
        let history = try #require(world.state[AssessmentHistory.self]["console:ana"])
        #expect(history.rounds.map(\.date) == ["2026-05-04", "2026-11-02"])
        #expect(history.priorities(world.coach.content.learning.assessments).map(\.skill) == ["delegation"],
                "coaching moved above the target; delegation's latest score is still May's")
    }

    @Test func importingTheSameFileTwiceChangesNothing() throws {
        var world = GapWorld(try AssessmentFixture.content())
        try world.importFixture("360-2026-11.csv")
        let once = world.state[AssessmentHistory.self]["console:ana"]?.rounds.map(\.skills)
        try world.importFixture("360-2026-11.csv")
        #expect(world.state[AssessmentHistory.self]["console:ana"]?.rounds.map(\.skills) == once, "the rows of a date replace that date's, never add to them")
    }

    @Test func mySkillsSaysWhereEachCameFrom() throws {
        var world = GapWorld(try AssessmentFixture.content())
        world.say("ana", "hello")
        try world.importFixture("360-2026-05-semicolons.csv")
        try world.importFixture("360-2026-11.csv")
        let reply = world.say("ana", "my skills")
        #expect(reply.contains("Your priority skills, Ana:"))
        #expect(reply.contains("• giving feedback: from your 360 of 2026-11-02, 2.8 against a target of 3.5 (was 2.3 on 2026-05-04)"))
        #expect(reply.contains("• prioritisation: from your 360 of 2026-11-02, 3.3 against a target of 3.5\n"))
        #expect(reply.contains("• delegation: flagged by your manager"))
        #expect(!reply.contains("recognition"))
        #expect(world.say("bo", "my skills").contains("has every skill at 3.5 or above"))
    }

    @Test func mySkillsWithNoneIsAKindExplanationAndStaysOutOfSharedRooms() throws {
        var world = GapWorld(try AssessmentFixture.content())
        let none = world.say("cy", "my skills")
        let expected = try #require(world.coach.content.messages.text("skills_none")).render([:]).trimmed
        #expect(none == expected && none.contains("no priority skills yet"))
        try world.importFixture("360-2026-11.csv")
        let shared = world.say("ana", "my skills", shared: true)
        #expect(shared.contains("only do \"my skills\" in a direct message") && !shared.contains("2.8"))
    }

    @Test func myProgressShowsHowEachReassessedSkillMoved() throws {
        var world = GapWorld(try AssessmentFixture.content())
        world.say("ana", "hello")
        try world.importFixture("360-2026-05-semicolons.csv")
        #expect(!world.say("ana", "my progress").contains("→"), "one assessment: nothing moved yet")
        try world.importFixture("360-2026-11.csv")
        let progress = world.say("ana", "my progress")
        #expect(progress.contains("giving feedback: 2.3 → 2.8 (your 360 of 2026-05-04, then 2026-11-02)."))
        #expect(progress.contains("coaching others: 3.6 → 3.1"))
        #expect(!world.say("ana", "my progress", shared: true).contains("→"), "scores stay out of shared rooms")
    }
}

/// Programs with `enrol_by_gap` take the people whose priority skills name one of theirs.
@Suite struct AssessmentEnrolmentTests {
    static func content() throws -> Content {
        let unit = ProgramUnit(id: "burst", kind: .burst, sprint: 1, schedule: try ScheduleParser.parse("+0d at 10:00"), message: try Template("SBI burst"))
        var program = Program(id: "feedback-sprint", title: "Two weeks of better feedback", skills: ["giving-feedback"],
                              cohorts: [Cohort(id: "self-paced", start: nil, room: nil, members: [])], units: [unit])
        program.enrolByGap = ["giving-feedback"]
        return try AssessmentFixture.content(programs: { $0 = [program] })
    }

    @Test func someoneTheCoachCanReachIsEnrolledAtImportAndToldWhy() throws {
        var world = GapWorld(try Self.content())
        world.say("ana", "hello")
        world.say("bo", "hello")
        let turn = try world.importFixture("360-2026-11.csv")
        #expect(world.state.enrolments["feedback-sprint|console:ana"]?.cohort == "by-gap")
        #expect(world.state.enrolments["feedback-sprint|console:bo"] == nil, "Bo has no gap in giving feedback")
        #expect(turn.replies.map(\.id) == ["gap|feedback-sprint|console:ana"])
        #expect(turn.replies.first?.room == "!dm-ana")
        #expect(turn.replies.first?.text.contains("From your 360, giving feedback is a skill to work on first, so I've added you to Two weeks of better feedback") == true)
        #expect(world.state.outbox[turn.replies[0].id] != nil, "committed with the import, like every reply")
        #expect(world.state.scheduled["u|feedback-sprint|burst|console:ana"] != nil, "the program's units are scheduled")
        let again = try world.importFixture("360-2026-11.csv")
        #expect(again.replies.isEmpty, "enrolled once")
    }

    @Test func someoneWhoHasNotWrittenYetIsEnrolledWhenTheyFirstDo() throws {
        var world = GapWorld(try Self.content())
        let turn = try world.importFixture("360-2026-11.csv")
        #expect(turn.replies.isEmpty && world.state.enrolments.isEmpty, "nobody to reach yet")
        let first = world.say("ana", "hello")
        #expect(first.contains("so I've added you to Two weeks of better feedback"))
        #expect(world.state.enrolments["feedback-sprint|console:ana"] != nil)
        #expect(world.say("ana", "my skills").contains("You're in Two weeks of better feedback to help with this."))
    }
}

/// Practice, nudges and recommendations lean to a person's priority skills.
@Suite struct AssessmentLeanTests {
    @Test func practiceWithNoSkillStartsWithTheTopPriority() throws {
        var world = GapWorld(try AssessmentFixture.content())
        world.say("ana", "hello")
        let before = world.say("ana", "practice")
        let firstCard = { (reply: String) in world.coach.content.learning.cards.first { reply.contains($0.prompt) } }
        #expect(firstCard(before)?.skill == world.coach.content.learning.cards.first?.skill, "without an assessment: the file order")
        world.say("ana", "skip")
        try world.importFixture("360-2026-11.csv")
        let after = world.say("ana", "practice")
        #expect(firstCard(after)?.skill == "giving-feedback", "giving feedback, Ana's lowest score, comes first")
        world.say("ana", "skip")
        let named = world.say("ana", "practice delegation")
        #expect(firstCard(named)?.skill == "delegation", "a skill named is still that skill")
    }

    @Test func recommendationsRankPriorityItemsHigherAndSayWhy() throws {
        let content = try AssessmentFixture.content()
        let filter = KnowledgeFilter(kinds: [.tip])
        let plain = content.recommender.recommend(query: nil, filter: filter, role: nil, shown: [], ratings: [:], limit: 3)
        let leaning = content.recommender.recommend(query: nil, filter: filter, role: nil, shown: [], ratings: [:], limit: 3,
                                                    priorities: ["recognition"])
        #expect(!plain.allSatisfy { $0.skills.contains("recognition") })
        #expect(leaning.first?.skills.contains("recognition") == true)
        var world = GapWorld(content)
        try world.importCSV(AssessmentFixture.header + "ana,Recognition,Manager,2.0,2026-11-02,\n")
        let session = Session(coach: world.coach, draft: Draft(base: world.state), now: world.now)
        let item = try #require(leaning.first)
        let dialog = try #require(content.dialogs.first)
        let line = session.recommendedLine(item, dialog: dialog, role: nil, helpful: 0, priorities: Set(session.prioritySkills(of: "console:ana")))
        #expect(line.contains("for recognition, one of your priority skills"))
    }

    @Test func amongNudgesOfEqualPriorityThePriorityOnesKeepTheDailyCap() throws {
        let feedback = try NudgeDefinition(id: "a-feedback", schedule: "daily at 10:00", content: .checkIn(skill: "giving-feedback", question: Template("Feedback today?")))
        let delegation = try NudgeDefinition(id: "b-delegation", schedule: "daily at 10:00", content: .checkIn(skill: "delegation", question: Template("Delegated today?")))
        let tip = try NudgeDefinition(id: "c-tip", schedule: "daily at 10:00", content: .message(Template("A tip.")))
        let base = try AssessmentFixture.content()
        var plan = base.learning
        plan.nudges = [feedback, delegation, tip]
        plan.rules.maxPerDay = 1
        plan.rules.workingHours = (9 * 60, 17 * 60)
        let content = Content(settings: base.settings, messages: base.messages, dialogs: base.dialogs, knowledge: base.knowledge, learning: plan,
                              language: base.language)
        var world = GapWorld(content)
        world.say("ana", "hello")
        world.say("bo", "hello")
        try world.importCSV(AssessmentFixture.header + "ana,Delegating,Manager,2.0,2026-11-02,\n")
        let tomorrow = NudgeWorld.at("2026-11-19T10:00:00Z")
        let sent = world.tick(at: tomorrow)
        #expect(sent.first { $0.room == "!dm-ana" }?.text.contains("Delegated today?") == true, "Ana's gap in delegation goes first")
        #expect(sent.first { $0.room == "!dm-bo" }?.text.contains("Feedback today?") == true, "Bo, with no assessment: the usual order")
    }
}
