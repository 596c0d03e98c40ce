import FlowCoachCore
import Foundation
import Testing

@Suite struct ImpactCaptureTests {
    @Test func appliedRecordsTheSkillAndTheImpactAnswer() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        let reply = world.say(world.ana, "applied giving feedback: told Sam about the late report with SBI", at: "2026-11-23T12:01:00Z")
        #expect(reply.contains("that's 1 time you've applied giving-feedback"))
        #expect(world.say(world.ana, "4 time 1.5", at: "2026-11-23T12:02:00Z").contains("impact 4/5 (time)"))
        let application = try #require(world.state.applications.values.first)
        #expect(application.skill == "giving-feedback" && application.note == "told Sam about the late report with SBI")
        #expect(application.impact == 4 && application.impactKind == .time && application.amount == 1.5 && application.source == "chat")
        #expect(world.state.profiles["@ana:x"]?.awaiting == nil)
        #expect(world.say(world.ana, "applied delegation: handed the weekly report to Bo", at: "2026-11-24T12:00:00Z").contains("1 time"))
        #expect(world.say(world.ana, "skip", at: "2026-11-24T12:01:00Z").contains("skipped"))
        #expect(world.state.applications.count == 2)
    }

    @Test func aRatingOutOfRangeSaysTheRangeAndKeepsAsking() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        world.say(world.ana, "applied delegation: handed the weekly report to Bo", at: "2026-11-23T12:01:00Z")
        let range = world.coach.content.messages.text("impact_rating_range")?.render([:]).trimmed ?? "?"
        #expect(world.say(world.ana, "7", at: "2026-11-23T12:02:00Z") == range)
        #expect(world.state.profiles["@ana:x"]?.awaiting?.kind == .impact, "still asking")
        world.say(world.ana, "four", at: "2026-11-23T12:03:00Z")
        #expect(world.state.applications.values.first?.impact == 4)
    }

    @Test func anUnknownSkillOrAMissingNoteRecordsNothingAndSaysHow() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        let unknown = world.say(world.ana, "applied juggling: three balls", at: "2026-11-23T12:01:00Z")
        #expect(unknown.contains("I don't know the skill \"juggling\"") && unknown.contains("giving-feedback") && unknown.contains("nothing was recorded"))
        #expect(world.say(world.ana, "applied delegation", at: "2026-11-23T12:02:00Z").contains("applied <skill>: what you did"))
        #expect(world.say(world.ana, "applied delegation:", at: "2026-11-23T12:03:00Z").contains("What happened?"))
        #expect(world.state.applications.isEmpty)
    }

    @Test func aSecondQuestionWaitsUntilTheFirstIsAnswered() throws {
        let first = try NudgeDefinition(id: "sbi", schedule: "daily at 10:00", audience: .everyone, priority: 1,
                                        content: .checkIn(skill: "giving-feedback", question: Template("Did you give SBI feedback?")))
        let second = try NudgeDefinition(id: "deleg", schedule: "daily at 10:30", audience: .everyone, priority: 1,
                                         content: .checkIn(skill: "delegation", question: Template("Did you delegate something?")))
        var world = try NudgeWorld(NudgeWorld.plan([first, second]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        #expect(world.tick(at: "2026-11-24T10:00:00Z").count == 1)
        #expect(world.tick(at: "2026-11-24T10:30:00Z").isEmpty, "the second waits while the first is open")
        world.say(world.ana, "yes", at: "2026-11-24T10:40:00Z")
        #expect(world.state.checkIns.values.first { $0.skill == "giving-feedback" }?.applied == true, "the yes is the first one's")
        world.say(world.ana, "gave Bo specific feedback on his demo", at: "2026-11-24T10:41:00Z")
        world.say(world.ana, "skip", at: "2026-11-24T10:42:00Z")
        #expect(world.tick(at: "2026-11-24T11:31:00Z").map(\.text).joined().contains("Did you delegate something?"), "then its turn comes")
    }

    @Test func aCheckInYesAndItsNoteBecomeAnApplication() throws {
        let checkIn = try NudgeDefinition(id: "sbi", schedule: "daily at 10:00", audience: .everyone, priority: 1,
                                          content: .checkIn(skill: "giving-feedback", question: Template("Did you give SBI feedback, {{user}}?")))
        var world = try NudgeWorld(NudgeWorld.plan([checkIn]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        #expect(world.tick(at: "2026-11-24T10:00:00Z").map(\.text) == ["Did you give SBI feedback, Ana?\n\n(yes / no)"])
        world.say(world.ana, "yes", at: "2026-11-24T10:05:00Z")
        #expect(world.say(world.ana, "Praised Bo's demo, specifically", at: "2026-11-24T10:06:00Z").contains("How much did it help"))
        world.say(world.ana, "5 quality", at: "2026-11-24T10:07:00Z")
        let application = try #require(world.state.applications.values.first)
        #expect(application.source == "check-in" && application.impact == 5 && application.impactKind == .quality)
        #expect(world.state.checkIns.values.first?.applied == true)
    }
}

/// A fixed state with hand-computed figures: six people over two weeks.
struct ReportWorld {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }
    static let people = (1...6).map { "@u\($0):x" }

    static func content() throws -> Content {
        let shipped = try Fixture.shippedContent()
        var plan = shipped.learning
        plan.programs = [Program(
            id: "p", title: "P", skills: ["giving-feedback"],
            cohorts: [Cohort(id: "c", start: nil, room: nil, members: people)], units: [],
            goals: ProgramGoals(business: "b", learning: "l", skills: ["giving-feedback"], targets: [
                GoalTarget(metric: .applicationsPerParticipantPerWeek, target: 0.5),
                GoalTarget(metric: .confidenceLift, target: 1),
                GoalTarget(metric: .activeShare, target: 0.9),
                GoalTarget(metric: .averageImpact, target: 4.5),
            ]))]
        return Content(settings: shipped.settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan)
    }

    static func state() -> State {
        var changes: [Change] = []
        for (index, person) in people.enumerated() {
            changes.append(.put(UserRecord(id: person, displayName: "U\(index + 1)", firstSeen: day(-30), lastSeen: day(3))))
        }
        changes.append(.put(UserRecord(id: "@gone:x", displayName: "Gone", firstSeen: day(-60), lastSeen: day(-20))))
        // giving-feedback: u1..u5 twice in week 1 (impact on the first), u6 once in week 2.
        let impacts: [(Int, Application.ImpactKind, Double?)] = [(5, .time, 1), (4, .time, 2), (3, .time, 3), (4, .quality, nil), (4, .quality, nil)]
        for index in 0..<5 {
            for repeat_ in 0..<2 {
                var application = Application(user: people[index], skill: "giving-feedback", note: "n", at: day(Double(index) + Double(repeat_) * 0.1), source: "chat")
                if repeat_ == 0 {
                    application.impact = impacts[index].0
                    application.impactKind = impacts[index].1
                    application.amount = impacts[index].2
                }
                changes.append(.put(application))
            }
        }
        changes.append(.put(Application(user: people[5], skill: "giving-feedback", note: "n", at: day(9), source: "check-in")))
        // delegation: two people only, so its row is suppressed.
        changes.append(.put(Application(user: people[0], skill: "delegation", note: "n", at: day(1), source: "chat")))
        changes.append(.put(Application(user: people[1], skill: "delegation", note: "n", at: day(2), source: "chat")))
        // Outside the window.
        changes.append(.put(Application(user: people[0], skill: "giving-feedback", note: "n", at: day(-3), source: "chat")))
        // Confidence: before 2,2,3,3,2 (2.4), after 4,3,4,4,4 (3.8): lift 1.4.
        for (index, (before, after)) in [(2, 4), (2, 3), (3, 4), (3, 4), (2, 4)].enumerated() {
            var run = DialogRun(user: people[index], dialog: "feedback", skill: "giving-feedback", startedAt: day(1))
            run.completed = true
            run.endedAt = day(1.01)
            run.confidenceBefore = before
            run.confidenceAfter = after
            changes.append(.put(run))
        }
        // Check-ins: two each to u1..u5, six answered.
        for index in 0..<10 {
            var checkIn = CheckIn(id: "ci\(index)", user: people[index % 5], skill: "giving-feedback", sentAt: day(Double(index % 7)))
            if index < 6 {
                checkIn.answeredAt = day(Double(index % 7) + 0.1)
                checkIn.applied = index < 3
            }
            changes.append(.put(checkIn))
        }
        // Q&A: five askers; first answers after 1, 3 and 5 hours; one accepted.
        for index in 0..<5 {
            var question = PeerQuestion(id: "q\(index + 1)", asker: people[index], askerName: "U", room: "!r", text: "t", tags: [], askedAt: day(2), routedTo: [])
            if index == 0 { question.accepted = "a1" }
            changes.append(.put(question))
        }
        for (index, hours) in [1.0, 3, 5].enumerated() {
            changes.append(.put(PeerAnswer(id: "a\(index + 1)", question: "q\(index + 1)", author: people[5], authorName: "U6", text: "t", at: day(2).addingTimeInterval(hours * 3600))))
        }
        changes.append(.put(Counter(id: "nudges.sent", value: 42)))
        // Ratings: five people, four helpful.
        for index in 0..<5 {
            changes.append(.put(Rating(user: people[index], item: "sbi", helpful: index != 2, at: day(4))))
        }
        var state = State()
        state.apply(changes)
        return state
    }

    static func report(program: String? = nil, minimumGroup: Int = 5) throws -> Report {
        try ReportBuilder(state: state(), content: content(), since: start, until: day(14), minimumGroup: minimumGroup).build(program: program)
    }
}

@Suite struct ReportTests {
    @Test func figuresMatchTheHandComputedOnes() throws {
        let report = try ReportWorld.report()
        #expect(report.activePeople == 6 && report.participants == 6 && report.weeks == 2)
        #expect(report.applications.total == 13)
        #expect(abs((report.applications.perParticipantPerWeek ?? 0) - 13.0 / 6 / 2) < 1e-9)
        #expect(report.applications.bySkill.map(\.skill) == ["giving-feedback"], "delegation has two people: suppressed")
        #expect(report.applications.bySkill.first?.weekly == [10, 1])
        #expect(report.applications.bySkill.first?.people == 6)
        #expect(report.applications.rated == 5 && report.applications.averageImpact == 4.0)
        #expect(report.applications.byKind.isEmpty, "time (3 people) and quality (2) are each under 5")
        #expect(report.confidence.completedDialogs == 5)
        #expect(abs((report.confidence.lift ?? 0) - 1.4) < 1e-9)
        #expect(report.nudges.checkInsSent == 10 && report.nudges.checkInsAnswered == 6)
        #expect(report.nudges.responseRate == 0.6 && report.nudges.appliedRate == 0.3)
        #expect(report.nudges.counters["nudges.sent"] == 42)
        #expect(report.questions.asked == 5 && report.questions.answeredShare == 0.6)
        #expect(report.questions.medianHoursToFirstAnswer == 3 && report.questions.acceptedShare == 0.2)
        #expect(report.isHidden("skill delegation"))
        #expect(report.recommendations.rated == 5 && report.recommendations.helpfulShare == 0.8)
    }

    @Test func goalsAreMeasuredOnTheProgramsParticipantsAndSkills() throws {
        let report = try ReportWorld.report(program: "p")
        #expect(report.applications.total == 11, "only giving-feedback")
        let goals = Dictionary(uniqueKeysWithValues: report.goals.map { ($0.metric, $0) })
        #expect(abs((goals["applications_per_participant_per_week"]?.value ?? 0) - 11.0 / 6 / 2) < 1e-9)
        #expect(goals["applications_per_participant_per_week"]?.met == true)
        #expect(goals["confidence_lift"]?.met == true)
        #expect(goals["active_share"]?.value == 1.0 && goals["active_share"]?.met == true)
        #expect(goals["average_impact"]?.value == 4.0 && goals["average_impact"]?.met == false)
        #expect(throws: ReportError.unknownProgram("nope", known: ["p"])) { try ReportWorld.report(program: "nope") }
    }

    @Test func groupsSmallerThanTheMinimumAreSuppressedEverywhere() throws {
        let report = try ReportWorld.report(minimumGroup: 7)
        #expect(report.activePeople == nil && report.applications.total == nil && report.applications.bySkill.isEmpty)
        #expect(report.applications.averageImpact == nil && report.confidence.lift == nil && report.nudges.responseRate == nil)
        #expect(report.questions.medianHoursToFirstAnswer == nil && report.goals.allSatisfy { $0.value == nil })
        #expect(report.isHidden("applications", "total"))
        for format in ReportFormat.allCases {
            let text = try format.render(report)
            #expect(!text.contains("@u1:x") && !text.contains("U1"), "no person appears in \(format)")
        }
    }

    @Test func theHTMLReportIsOneSelfContainedPageWithSVGCharts() throws {
        let html = try ReportFormat.html.render(try ReportWorld.report(program: "p"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2, "a trend chart and a goal chart")
        #expect(html.contains("<polyline") && html.components(separatedBy: "class=\"goal-bar\"").count - 1 == 4)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("), "no script, nothing fetched")
        let csv = try ReportFormat.csv.render(try ReportWorld.report())
        #expect(csv.hasPrefix("section,name,value\n") && csv.contains("applications,total,13\n"))
        let json = try ReportFormat.json.render(try ReportWorld.report())
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((decoded?["applications"] as? [String: Any])?["total"] as? Int == 13)
    }
}

@Suite struct PeopleAndAdminTests {
    @Test func myProgressShowsApplicationsStreaksAndImpact() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-09T12:00:00Z")  // Monday
        world.say(world.ana, "applied delegation: one", at: "2026-11-10T12:00:00Z")
        world.say(world.ana, "5", at: "2026-11-10T12:01:00Z")
        world.say(world.ana, "applied delegation: two", at: "2026-11-17T12:00:00Z")
        world.say(world.ana, "3", at: "2026-11-17T12:01:00Z")
        world.say(world.ana, "applied delegation: three", at: "2026-11-24T12:00:00Z")
        let progress = world.say(world.ana, "my progress", at: "2026-11-25T12:00:00Z")
        #expect(progress.contains("Applied delegation: 3 times, 1 this week, a 3-week streak, average impact 4.0/5."))
    }

    @Test func personalDataCommandsStayOutOfSharedRooms() throws {
        let content = try Fixture.shippedContent()
        let coach = Coach(content: content)
        let inbound = Inbound(eventID: "$1", sender: Person(id: "@ana:x", displayName: "Ana"), room: "!team:x", text: "my data", shared: true)
        let turn = coach.handle(.message(inbound), state: State(), now: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(turn.replies.map(\.text).joined().contains("only do \"my data\" in a direct message"))
        #expect(!turn.replies.map(\.text).joined().contains("```json"))
    }

    /// Admins by id only, in direct messages only; every attempt audited.
    @Test(arguments: [
        ("@root:x", "Root", false, true),
        ("@ana:x", "Ana", false, false),
        ("@mallory:x", "@root:x", false, false),  // display name equal to the admin's id
        ("@mallory:x", "Root", false, false),  // display name equal to the admin's name
        ("@root:x", "Root", true, false),  // the admin, but in a shared room
    ])
    func adminPermissionMatrix(id: String, name: String, shared: Bool, allowed: Bool) throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.admins = ["@root:x"]
        let coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: shipped.learning))
        let inbound = Inbound(eventID: "$1", sender: Person(id: id, displayName: name), room: "!r:x", text: "admin stats", shared: shared ? true : nil)
        let turn = coach.handle(.message(inbound), state: State(), now: Date(timeIntervalSince1970: 1_795_000_000))
        let reply = turn.replies.map(\.text).joined()
        #expect(reply.contains("People:") == allowed)
        var state = State()
        state.apply(turn.changes)
        let audit = try #require(state.audit.values.first)
        #expect(audit.actor == id && audit.allowed == allowed && audit.command == "admin stats")
    }

    @Test func aBroadcastAsksToConfirmThenReachesTheCohort() throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.admins = ["@root:x"]
        var plan = shipped.learning
        plan.programs = [Program(id: "p", title: "P", skills: [], cohorts: [Cohort(id: "c1", start: nil, room: nil, members: ["@ana:x", "@bo:x", "@cy:x"])], units: [])]
        let coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan))
        var state = State()
        var number = 0
        func say(_ id: String, _ text: String) -> Turn {
            number += 1
            let turn = coach.handle(.message(Inbound(eventID: "$\(number)", sender: Person(id: id, displayName: id), room: "!dm-\(id)", text: text)),
                                    state: state, now: Date(timeIntervalSince1970: 1_795_000_000 + Double(number)))
            state.apply(turn.changes)
            return turn
        }
        _ = say("@ana:x", "hello")
        _ = say("@bo:x", "hello")
        let ask = say("@root:x", "admin broadcast c1 Kickoff moved to 3pm @room")
        #expect(ask.replies.first?.text.contains("goes to cohort c1 (2 people; 1 more has never written") == true)
        #expect(ask.replies.count == 1, "nothing sent before the yes")
        let sent = say("@root:x", "yes")
        #expect(Set(sent.replies.dropFirst().map(\.room)) == ["!dm-@ana:x", "!dm-@bo:x"])
        #expect(sent.replies.dropFirst().allSatisfy { !$0.text.contains("@room") }, "mentions are neutralised")
        #expect(state.audit.values.contains { $0.command == "broadcast sent to 2 in c1" })
        let dropped = say("@root:x", "admin broadcast c1 again")
        #expect(dropped.replies.count == 1)
        #expect(say("@root:x", "no").replies.map(\.text) == ["OK, the broadcast was dropped; nothing was sent."])
    }
}
