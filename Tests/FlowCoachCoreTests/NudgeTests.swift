import FlowCoachCore
import Foundation
import Testing

/// People sharing one state with a coach that runs a given nudge plan, on an explicit clock.
struct NudgeWorld {
    let coach: Coach
    var state = State()
    var counter = 0
    /// The latest time the world has seen; a wake-up asked for "at once" happens then.
    var now = Date.distantPast
    let ana = Person(id: "@ana:x", displayName: "Ana")
    let bo = Person(id: "@bo:x", displayName: "Bo")

    init(_ plan: LearningPlan, zone: String = "Europe/Berlin", roles: [String: String] = [:]) throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.timeZone = zone
        settings.roles = roles
        var plan = plan
        if plan.cards.isEmpty { plan.cards = shipped.learning.cards }
        coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan))
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @discardableResult
    mutating func say(_ person: Person, _ text: String, at time: String) -> String {
        counter += 1
        let inbound = Inbound(eventID: "$\(counter)", sender: person, room: "!\(person.displayName)", text: text)
        now = max(now, Self.at(time))
        let turn = coach.handle(.message(inbound), state: state, now: Self.at(time))
        state.apply(turn.changes)
        return turn.replies.map(\.text).joined(separator: "\n")
    }

    /// The messages a tick at `time` sends, as (room, text, id).
    mutating func tick(at time: String) -> [Outbound] {
        now = max(now, Self.at(time))
        let turn = coach.handle(.tick, state: state, now: Self.at(time))
        state.apply(turn.changes)
        return turn.replies
    }

    /// Ticks at every wake-up the coach asks for until `time`; returns everything sent.
    mutating func run(until time: String) -> [(at: Date, message: Outbound)] {
        var sent: [(Date, Outbound)] = []
        while let asked = coach.nextWake(state), asked <= Self.at(time) {
            let wake = max(asked, now)
            now = wake
            let turn = coach.handle(.tick, state: state, now: wake)
            state.apply(turn.changes)
            sent += turn.replies.map { (wake, $0) }
        }
        return sent
    }

    static func plan(_ nudges: [NudgeDefinition], configure: (inout DeliveryRules) -> Void = { _ in }) -> LearningPlan {
        var plan = LearningPlan()
        plan.nudges = nudges
        plan.rules.workingHours = (9 * 60, 17 * 60 + 30)
        plan.rules.quietHours = (20 * 60, 8 * 60)
        configure(&plan.rules)
        return plan
    }

    static func message(_ id: String, _ schedule: String, priority: Int = 1, audience: Audience = .everyone) throws -> NudgeDefinition {
        try NudgeDefinition(id: id, schedule: schedule, audience: audience, priority: priority, content: .message(Template("\(id) for {{user}}")))
    }
}

@Suite struct NudgeTests {
    @Test func aWeekdayNudgeComesAtLocalTimeOnBothSidesOfADaylightSavingChange() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("standup", "weekdays at 09:30")]))
        world.say(world.ana, "hello", at: "2026-03-26T12:00:00Z")  // Thursday
        let sent = world.run(until: "2026-03-31T12:00:00Z")
        #expect(sent.map(\.at) == ["2026-03-27T08:30:00Z", "2026-03-30T07:30:00Z", "2026-03-31T07:30:00Z"].map(NudgeWorld.at), "09:30 CET, then 09:30 CEST")
        #expect(sent.allSatisfy { $0.message.room == "!Ana" && $0.message.text == "standup for Ana" })
    }

    @Test func aNudgeDueInQuietTimeWaitsForTheNextAllowedMoment() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("late", "daily at 21:00")]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-24T12:00:00Z")  // Tuesday
        let sent = world.run(until: "2026-11-26T00:00:00Z")
        #expect(sent.map(\.at) == [NudgeWorld.at("2026-11-25T09:00:00Z")], "21:00 is quiet: the next working start")
    }

    @Test func theDailyCapKeepsTheHighestPriorities() throws {
        let plan = NudgeWorld.plan([
            try NudgeWorld.message("low", "daily at 10:00", priority: 1),
            try NudgeWorld.message("high", "daily at 10:00", priority: 9),
            try NudgeWorld.message("mid", "daily at 10:00", priority: 5),
        ]) { $0.maxPerDay = 2 }
        var world = try NudgeWorld(plan, zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-24T12:00:00Z")
        let day = world.tick(at: "2026-11-25T10:00:00Z").map(\.text)
        #expect(day == ["high for Ana", "mid for Ana"])
        #expect(world.state.counters["nudges.deferred.cap"]?.value == 1)
        #expect(world.state.scheduled["n|low|@ana:x"]?.due == NudgeWorld.at("2026-11-26T09:00:00Z"), "moved to tomorrow's first allowed minute")
    }

    @Test func snoozeAwayAndOptOut() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("daily", "daily at 10:00")]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")  // Monday
        #expect(world.say(world.ana, "snooze 2d", at: "2026-11-23T12:01:00Z").contains("nothing until Wednesday 25 November at 12:01"))
        var sent = world.run(until: "2026-11-26T18:00:00Z")
        #expect(sent.map(\.at) == [NudgeWorld.at("2026-11-26T10:00:00Z")], "Tuesday's and Wednesday's are skipped, no backlog after the snooze")
        #expect(world.state.counters["nudges.skipped.snoozed"]?.value == 1)
        #expect(world.say(world.ana, "away until 2026-11-30", at: "2026-11-25T18:00:00Z").contains("resume on 2026-11-30"))
        sent = world.run(until: "2026-11-30T18:00:00Z")
        #expect(sent.map(\.at) == [NudgeWorld.at("2026-11-30T10:00:00Z")], "back on Monday: Monday's, nothing from the days away")
        #expect(world.say(world.ana, "stop nudges", at: "2026-11-30T18:00:00Z").contains("no more nudges"))
        #expect(world.run(until: "2026-12-03T18:00:00Z").isEmpty)
        #expect(world.say(world.ana, "start nudges", at: "2026-12-03T18:00:00Z").contains("Nudges are on again"))
        #expect(world.run(until: "2026-12-04T18:00:00Z").map(\.at) == [NudgeWorld.at("2026-12-04T10:00:00Z")])
    }

    @Test func afterDowntimeAMissedNudgeGoesOnceWithinGraceElseItIsDroppedAndCounted() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("daily", "daily at 10:00")]) { $0.graceSeconds = 3 * 3600 }, zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        // Down until 12:00 Tuesday: within the 3 h grace, sent once.
        #expect(world.tick(at: "2026-11-24T12:00:00Z").map(\.text) == ["daily for Ana"])
        #expect(world.tick(at: "2026-11-24T12:00:01Z").isEmpty)
        // Down from Tuesday afternoon until Friday 11:00: Wednesday's and Thursday's are past grace.
        let back = world.tick(at: "2026-11-27T11:00:00Z")
        #expect(back.map(\.text) == ["daily for Ana"], "Friday's, one hour late, is sent; never a flood")
        #expect(world.state.counters["nudges.dropped.late"]?.value == 2, "Wednesday's and Thursday's")
        #expect(world.state.scheduled["n|daily|@ana:x"]?.nominal == NudgeWorld.at("2026-11-28T10:00:00Z"))
    }

    @Test func aNudgeAddedByAReloadReachesPeopleWithoutWaitingForTheirNextMessage() throws {
        var before = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("daily", "daily at 10:00")]), zone: "UTC")
        before.say(before.ana, "hello", at: "2026-11-23T12:00:00Z")
        before.say(before.bo, "hello", at: "2026-11-23T12:00:00Z")
        #expect(before.say(before.bo, "stop nudges", at: "2026-11-23T12:01:00Z").contains("no more nudges"))
        #expect(before.run(until: "2026-11-23T13:00:00Z").isEmpty)
        // The admin adds a weekly tip and reloads; nobody writes again.
        var after = try NudgeWorld(NudgeWorld.plan([
            try NudgeWorld.message("daily", "daily at 10:00"), try NudgeWorld.message("tip", "daily at 11:00"),
        ]), zone: "UTC")
        after.state = before.state
        after.now = NudgeWorld.at("2026-11-23T14:00:00Z")
        #expect(after.coach.nextWake(after.state) == .distantPast, "a plan change is scheduled at once")
        let sent = after.run(until: "2026-11-24T12:00:00Z")
        #expect(sent.map(\.message.text) == ["daily for Ana", "tip for Ana"], "Bo opted out and stays out")
        #expect(after.state.cursors["nudge-plan"]?.value == after.coach.content.learning.version)
        #expect(after.coach.nextWake(after.state).map { $0 > NudgeWorld.at("2026-11-24T12:00:00Z") } == true)
    }

    @Test func aCrashBetweenCommitAndSendResendsTheSameMessageId() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("daily", "daily at 10:00")]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        let before = world.state
        let first = world.tick(at: "2026-11-24T10:00:00Z")
        // The turn was committed: its message is in the outbox for the runtime to (re)send.
        #expect(world.state.outbox[first[0].id] == first[0])
        // Had the crash come before the commit, the same tick on the old state names the same message.
        var replay = world
        replay.state = before
        #expect(replay.tick(at: "2026-11-24T10:00:05Z").map(\.id) == first.map(\.id))
        #expect(first[0].id == "n|daily|@ana:x@\(Int(NudgeWorld.at("2026-11-24T10:00:00Z").timeIntervalSince1970))")
    }

    @Test func aCheckInAnswerIsRecordedWithWhatHappened() throws {
        let checkIn = try NudgeDefinition(id: "sbi", schedule: "fridays at 15:00", audience: .roles(["manager"]), priority: 3,
            content: .checkIn(skill: "giving-feedback", question: Template("Did you give SBI feedback this week, {{user}}?")))
        var world = try NudgeWorld(NudgeWorld.plan([checkIn]), zone: "UTC", roles: ["@ana:x": "manager"])
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        world.say(world.bo, "hello", at: "2026-11-23T12:00:00Z")
        let sent = world.tick(at: "2026-11-27T15:00:00Z")
        #expect(sent.map(\.room) == ["!Ana"], "only the manager")
        #expect(sent[0].text.contains("Did you give SBI feedback this week, Ana?"))
        #expect(world.say(world.ana, "yes", at: "2026-11-27T15:05:00Z").contains("What happened?"))
        #expect(world.say(world.ana, "Told Sam the demo opening was crisp; he kept it.", at: "2026-11-27T15:06:00Z").contains("1 time you've applied giving-feedback"))
        let record = try #require(world.state.checkIns.values.first)
        #expect(record.applied == true && record.note == "Told Sam the demo opening was crisp; he kept it.")
        #expect(world.say(world.ana, "help", at: "2026-11-27T15:07:00Z").contains("Here's what I can do"), "nothing left waiting")
    }

    @Test func practiceSchedulesCardsWithFSRSUntilMastery() throws {
        var plan = NudgeWorld.plan([])
        plan.cards = [
            PracticeCard(id: "c1", skill: "negotiation", prompt: "What is a BATNA?", answer: "Your best alternative."),
            PracticeCard(id: "c2", skill: "negotiation", prompt: "Name one thing to trade.", answer: nil),
        ]
        plan.practice.masteryStabilityDays = 21
        var world = try NudgeWorld(plan, zone: "UTC")
        var time = NudgeWorld.at("2026-11-23T10:00:00Z")
        let iso = ISO8601DateFormatter()
        func say(_ text: String) -> String { world.say(world.ana, text, at: iso.string(from: time)) }
        #expect(say("practice").contains("What is a BATNA?"))
        #expect(say("Walk-away option").contains("A good answer:\nYour best alternative."))
        #expect(say("maybe").contains("again, hard, good or easy"))
        #expect(say("good").contains("Name one thing to trade."))
        // A reflection card has nothing to recall: it is thanked, scheduled as a "good", and the session ends.
        let done = say("volume")
        #expect(done.contains("Thanks for thinking it through.") && !done.contains("How well did you recall it?"))
        #expect(done.contains("Done for now. Next practice:"))
        let c1 = try #require(world.state.cards["@ana:x|c1"])
        let expected = plan.practice.fsrs.review(CardMemory(due: time), .good, at: time)
        #expect(c1.memory == expected, "the stored card is exactly FSRS's answer")
        #expect(world.state.scheduled["p|@ana:x"] != nil, "a reminder for when the next card is due")
        // Review every card "easy" whenever due until both are at 21+ days of stability.
        var sessions = 0
        while !(world.say(world.ana, "progress", at: iso.string(from: time)).contains("mastered")), sessions < 30 {
            time = world.state.cards.values.map(\.memory.due).min()!.addingTimeInterval(60)
            let started = say("practice")
            var reply = started
            while reply.contains("practise") || reply.contains("Practice time") || reply.contains("How well") || reply.contains(": ") && !reply.contains("Done") {
                if reply.contains("How well") { reply = say("easy") } else if reply.contains("Nothing to practise") { break } else { reply = say("an answer") }
                if reply.contains("Done for now") { break }
            }
            sessions += 1
        }
        #expect(world.say(world.ana, "progress", at: iso.string(from: time)).contains("Practice negotiation: mastered"))
        #expect(sessions < 30)
    }

    @Test func joiningAProgramDeliversItsUnitsAndShowsProgress() throws {
        var plan = NudgeWorld.plan([])
        plan.programs = [
            Program(id: "fb", title: "Feedback fortnight", skills: ["giving-feedback"], cohorts: [Cohort(id: "spring", start: LocalClock.Day("2026-11-23"), room: "!cohort", members: [])],
                units: [
                    ProgramUnit(id: "kickoff", kind: .kickoff, sprint: 1, schedule: try ScheduleParser.parse("+0d at 09:30"), message: try Template("Welcome to {{program}}!")),
                    ProgramUnit(id: "burst", kind: .burst, sprint: 1, schedule: try ScheduleParser.parse("+1d at 10:00"), message: try Template("Burst one.")),
                    ProgramUnit(id: "later", kind: .burst, sprint: 2, schedule: try ScheduleParser.parse("+7d at 10:00"), message: try Template("Burst two.")),
                ])
        ]
        var world = try NudgeWorld(plan, zone: "UTC")
        #expect(world.say(world.ana, "join fb", at: "2026-11-23T08:00:00Z").contains("2 short units"))
        #expect(world.say(world.ana, "join fb", at: "2026-11-23T08:01:00Z").contains("already in Feedback fortnight"))
        let sent = world.run(until: "2026-12-01T00:00:00Z")
        #expect(sent.map(\.message.room) == ["!cohort", "!Ana", "!Ana"])
        #expect(sent.map(\.message.text) == ["Welcome to Feedback fortnight!", "Burst one.", "Burst two."])
        #expect(sent.map(\.at) == ["2026-11-23T09:30:00Z", "2026-11-24T10:00:00Z", "2026-11-30T10:00:00Z"].map(NudgeWorld.at))
        #expect(world.say(world.ana, "progress", at: "2026-12-01T09:00:00Z").contains("Feedback fortnight: 2 of 2 units done. Completed."))
    }

    @Test func aUnitWhoseTimeOfDayHasPassedAtJoiningComesAtOnce() throws {
        var plan = NudgeWorld.plan([])
        plan.programs = [
            Program(id: "p", title: "P", skills: [], cohorts: [], units: [
                ProgramUnit(id: "morning", kind: .burst, sprint: 1, schedule: try ScheduleParser.parse("+0d at 09:30"), message: try Template("Morning unit.")),
            ])
        ]
        var world = try NudgeWorld(plan, zone: "UTC")
        _ = world.say(world.ana, "join p", at: "2026-12-01T12:00:00Z")
        let sent = world.run(until: "2026-12-02T12:00:00Z")
        #expect(sent.map(\.message.text) == ["Morning unit."])
        #expect(sent.map(\.at) == [NudgeWorld.at("2026-12-01T12:00:00Z")])
    }
}

/// Platforms that know a person's time zone (Slack, Zulip, Mattermost) pass it on; nudges follow
/// it until the person chooses one with `timezone`.
@Suite struct PlatformTimeZoneTests {
    @Test func nudgesFollowThePlatformsTimeZoneUntilThePersonSetsOne() throws {
        var world = try NudgeWorld(NudgeWorld.plan([try NudgeWorld.message("standup", "weekdays at 09:30")]), zone: "UTC")
        var inbound = Inbound(eventID: "$tz1", sender: world.ana, room: "!Ana", text: "hello")
        inbound.timeZone = "Asia/Tokyo"
        let turn = world.coach.handle(.message(inbound), state: world.state, now: NudgeWorld.at("2026-11-23T12:00:00Z"))
        world.state.apply(turn.changes)
        world.now = NudgeWorld.at("2026-11-23T12:00:00Z")
        let first = try #require(world.run(until: "2026-11-25T00:00:00Z").first)
        #expect(first.at == NudgeWorld.at("2026-11-24T00:30:00Z"), "09:30 in Tokyo")
        world.say(world.ana, "timezone Europe/Berlin", at: "2026-11-24T01:00:00Z")
        // Planned again in Berlin from the change on: 09:30 there each day (on the day of the
        // change itself that is the day's second, after Tokyo's 09:30).
        let sent = world.run(until: "2026-11-27T00:00:00Z").map(\.at)
        #expect(sent == ["2026-11-24T08:30:00Z", "2026-11-25T08:30:00Z", "2026-11-26T08:30:00Z"].map(NudgeWorld.at), "their own choice wins")
        #expect(world.state.profiles[world.ana.id]?.platformTimeZone == "Asia/Tokyo")
    }
}
