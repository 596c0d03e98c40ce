@testable import FlowCoachCore
import Foundation
import Testing

/// What a 20-person pilot needs from the report: rates over each person's active span, a
/// pilot's own privacy threshold, every figure scoped to the program, totals that survive
/// `forget me`, one meaning of "active", and the figures an L&D lead asks for first.
@Suite struct PilotReportTests {
    static let start = ReportWorld.start
    static func day(_ days: Double) -> Date { ReportWorld.day(days) }
    static let pilot = (1...4).map { "@p\($0):x" }
    static let others = (1...3).map { "@o\($0):x" }

    /// A pilot program of four people with `report_min_group: 3`, and three people outside it.
    static func content(pilotMinimum: Int? = 3) throws -> Content {
        let shipped = try Fixture.shippedContent()
        var plan = shipped.learning
        var program = Program(id: "pilot", title: "Pilot", skills: ["giving-feedback"],
                              cohorts: [Cohort(id: "c", start: nil, room: nil, members: pilot)], units: [],
                              goals: ProgramGoals(business: "b", learning: "l", skills: ["giving-feedback"],
                                                  targets: [GoalTarget(metric: .applicationsPerParticipantPerWeek, target: 1)]))
        program.reportMinimumGroup = pilotMinimum
        plan.programs = [program]
        return Content(settings: shipped.settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan)
    }

    static func state(_ build: (inout [Change]) -> Void) -> State {
        var changes: [Change] = []
        for person in pilot + others {
            changes.append(.put(UserRecord(id: person, displayName: person, firstSeen: day(-60), lastSeen: day(27))))
        }
        build(&changes)
        var state = State()
        state.apply(changes)
        return state
    }

    @Test func weeklyRatesCountEachPersonFromWhenTheyJoined() throws {
        // Someone who joined on the window's last day and applied twice applies twice a week,
        // not 2 / 4.3 weeks.
        let state = Self.state { changes in
            changes.append(.put(UserRecord(id: "@new:x", displayName: "New", firstSeen: Self.day(29.5), lastSeen: Self.day(29.9))))
            changes.append(.put(Application(user: "@new:x", skill: "delegation", note: "n", at: Self.day(29.6), source: "chat")))
            changes.append(.put(Application(user: "@new:x", skill: "delegation", note: "n", at: Self.day(29.7), source: "chat")))
        }
        let people = Set(["@new:x"])
        let builder = ReportBuilder(state: state, content: try Self.content(), since: Self.start, until: Self.day(30), minimumGroup: 1)
        #expect(builder.personWeeks(people, program: nil) == 1, "at least a week each")
        var hidden: [String] = []
        let section = builder.applications(.init(people: people), participants: people, &hidden)
        #expect(section.perParticipantPerWeek == 2)
        // Someone here for the whole 30 days counts 30/7 weeks.
        #expect(abs(builder.personWeeks(["@p1:x"], program: nil) - 30.0 / 7) < 1e-9)
    }

    @Test func aPilotsOwnMinimumGroupShowsItsFiguresAndSaysWhyOthersAreHidden() throws {
        let state = Self.state { changes in
            for person in Self.pilot.prefix(3) {
                changes.append(.put(Application(user: person, skill: "giving-feedback", note: "n", at: Self.day(3), source: "chat")))
            }
        }
        let content = try Self.content()
        let program = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build(program: "pilot")
        #expect(program.minimumGroup == 3 && program.applications.total == 3)
        #expect(program.applications.bySkill.map(\.skill) == ["giving-feedback"])
        // Everyone's report keeps the company-wide threshold of 5: the same three are hidden, and it says why.
        let everyone = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build()
        #expect(everyone.minimumGroup == 5 && everyone.applications.total == nil)
        let text = ReportText.render(everyone)
        #expect(text.contains("  total: hidden: fewer than 5 people\n"))
        #expect(text.contains("hidden for privacy\n  skill giving-feedback: fewer than 5 people each"))
        #expect(text.contains("  check-ins sent: none yet\n"), "nothing to show is not the same as hidden")
        #expect(!text.contains("—"))
        // An explicit --min-group wins over the program's.
        let strict = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28), minimumGroup: 4).build(program: "pilot")
        #expect(strict.applications.total == nil)
    }

    @Test func aProgramReportFiltersQuestionsAndRecommendationsToItsPeople() throws {
        let state = Self.state { changes in
            for (index, person) in (Self.pilot + Self.others).enumerated() {
                changes.append(.put(PeerQuestion(id: "q\(index)", asker: person, askerName: "N", room: "!r", text: "t", tags: [], askedAt: Self.day(2), routedTo: [])))
                changes.append(.put(Rating(user: person, item: "sbi", helpful: Self.pilot.contains(person), at: Self.day(3))))
            }
            changes.append(.put(Counter(id: "nudges.sent", value: 40)))
        }
        let content = try Self.content()
        let program = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build(program: "pilot")
        #expect(program.questions.asked == 4)
        #expect(program.recommendations.rated == 4 && program.recommendations.helpfulShare == 1)
        #expect(program.nudges.counters.isEmpty, "everyone's delivery counters are not the pilot's")
        let everyone = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28), minimumGroup: 3).build()
        #expect(everyone.questions.asked == 7 && everyone.nudges.counters["nudges.sent"] == 40)
    }

    @Test func forgottenPeoplesApplicationsStayInTheTotalsWithoutThem() throws {
        var state = Self.state { changes in
            for person in Self.pilot + [Self.others[0]] {
                changes.append(.put(Application(user: person, skill: "giving-feedback", note: "n", at: Self.day(3), source: "chat")))
                changes.append(.put(Application(user: person, skill: "giving-feedback", note: "n", at: Self.day(10), source: "chat")))
            }
            changes.append(.put(Enrolment(program: "pilot", cohort: "c", user: Self.pilot[0], start: Self.day(0))))
        }
        let content = try Self.content()
        let before = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build()
        state.apply(PersonalData(of: Self.pilot[0], in: state).erasure(in: state))
        #expect(state.applications.values.allSatisfy { $0.user != Self.pilot[0] })
        let after = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build()
        #expect(before.applications.total == 10 && after.applications.total == 10)
        #expect(after.applications.bySkill.first?.people == 5 && after.applications.bySkill.first?.weekly == before.applications.bySkill.first?.weekly)
        let program = try ReportBuilder(state: state, content: content, since: Self.start, until: Self.day(28)).build(program: "pilot")
        #expect(program.applications.total == 8, "their pilot's totals keep them too")
        let tally = try #require(state[ForgottenTally.self].values.first)
        let json = String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)
        #expect(!json.contains("p1") && !json.contains("note"), "the tally names no one: \(json)")
    }

    @Test func funnelsConfidencePerSkillHelpfulItemsAndNudgeResponses() throws {
        let state = Self.state { changes in
            // feedback-sbi: five runs; two stop at "situation", one at "behaviour", two complete.
            let paths: [([String], String?, Bool)] = [
                (["kind"], "situation", false), (["kind"], "situation", false), (["kind", "situation"], "behaviour", false),
                (["kind", "situation", "behaviour", "impact", "timing"], nil, true), (["kind", "situation", "behaviour", "impact", "timing"], nil, true),
            ]
            for (index, path) in paths.enumerated() {
                var run = DialogRun(user: Self.pilot[index % 4] + (index == 4 ? "x" : ""), dialog: "feedback-sbi", skill: "giving-feedback", startedAt: Self.day(Double(index)))
                run.answered = path.0
                run.endedAtStep = path.1
                run.completed = path.2
                run.endedAt = Self.day(Double(index) + 0.01)
                if path.2 {
                    run.confidenceBefore = 2
                    run.confidenceAfter = 4
                }
                changes.append(.put(run))
            }
            for (index, person) in (Self.pilot + Self.others).enumerated() {
                changes.append(.put(Rating(user: person, item: "sbi", helpful: index != 0, at: Self.day(3))))
                var delivery = NudgeDelivery(id: "n\(index)", user: person, kind: index < 4 ? "check-in" : "message", sentAt: Self.day(4), localHour: 9)
                if index % 2 == 0 { delivery.respondedAt = Self.day(4.1) }
                changes.append(.put(delivery))
            }
        }
        let report = try ReportBuilder(state: state, content: try Self.content(), since: Self.start, until: Self.day(28), minimumGroup: 3).build()
        let funnel = try #require(report.funnels.first { $0.dialog == "feedback-sbi" })
        #expect(funnel.started == 5 && funnel.completed == 2)
        let steps = Dictionary(uniqueKeysWithValues: funnel.steps.map { ($0.step, ($0.reached, $0.stoppedHere)) })
        #expect(steps["kind"]! == (5, 0) && steps["situation"]! == (5, 2) && steps["behaviour"]! == (3, 1) && steps["impact"]! == (2, 0))
        #expect(report.confidence.bySkill.isEmpty, "two people rated: under 3")
        #expect(report.recommendations.items.map(\.item) == ["sbi"] && report.recommendations.items[0].helpful == 6)
        #expect(report.nudges.byKind.map(\.group) == ["check-in", "message"])
        #expect(report.nudges.byKind.map(\.answered) == [2, 2] && report.nudges.byHour.map(\.group) == ["09:00"])
        let text = ReportText.render(report)
        #expect(text.contains(#"reached "Situation: when and where did it happen?": 5 (100%), 2 stopped here"#))
        #expect(text.contains("check-in: 2 of 4 answered within a day (50%)"))
    }

    /// `admin stats` and `admin report` count the same people as active.
    @Test func adminStatsAndTheReportShareOneMeaningOfActive() throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.admins = ["@root:x"]
        settings.reportMinimumGroup = 3
        let coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: shipped.learning))
        let now = Self.day(28)
        var state = Self.state { _ in }
        let stats = coach.handle(.message(Inbound(eventID: "$1", sender: Person(id: "@root:x", displayName: "Root"), room: "!r:x", text: "admin stats")), state: state, now: now)
        state.apply(stats.changes)
        let report = coach.handle(.message(Inbound(eventID: "$2", sender: Person(id: "@root:x", displayName: "Root"), room: "!r:x", text: "admin report")), state: state, now: now)
        let statsText = stats.replies.map(\.text).joined()
        let reportText = report.replies.map(\.text).joined()
        #expect(statsText.contains("8 in 30 days"), "seven people and the admin: \(statsText)")
        #expect(reportText.contains("  active: 8\n"), "\(reportText)")
    }

    /// The engine keeps what the funnel and the nudge figures are drawn from.
    @Test func dialogsRecordHowFarTheyGotAndRepliesAnswerNudges() throws {
        let nudge = try NudgeWorld.message("tip", "daily at 10:00")
        var world = try NudgeWorld(NudgeWorld.plan([nudge]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        #expect(!world.tick(at: "2026-11-24T10:00:00Z").isEmpty)
        let delivery = try #require(world.state[NudgeDelivery.self].values.first)
        #expect(delivery.kind == "message" && delivery.localHour == 10 && delivery.respondedAt == nil)
        world.say(world.ana, "coach feedback", at: "2026-11-24T10:30:00Z")
        #expect(world.state[NudgeDelivery.self].values.first?.respondedAt != nil)
        world.say(world.ana, "2", at: "2026-11-24T10:31:00Z")
        world.say(world.ana, "change", at: "2026-11-24T10:32:00Z")
        world.say(world.ana, "cancel", at: "2026-11-24T10:33:00Z")
        let run = try #require(world.state.runs.values.first)
        #expect(run.completed == false && run.answered?.isEmpty == false && run.endedAtStep != nil)
        // Deliveries older than the keeping period go when the next one comes.
        _ = world.tick(at: "2027-04-01T10:00:00Z")
        #expect(world.state[NudgeDelivery.self].values.allSatisfy { $0.sentAt > NudgeWorld.at("2026-12-01T00:00:00Z") })
    }
}
