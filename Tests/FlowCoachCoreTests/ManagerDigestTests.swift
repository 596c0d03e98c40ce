@testable import FlowCoachCore
import Foundation
import Testing

/// The weekly digest: in the manager's local time and working hours, with team figures under the
/// small-group rule and the sharers' moments; opened when the manager answers within a day; and
/// the report's manager engagement figures.
@Suite struct ManagerDigestTests {
    /// Maya has written once; Ana shares; all three apply delegation on Monday.
    static func week(minimumGroup: Int = 3) throws -> ManagerWorld {
        var world = try ManagerWorld(minimumGroup: minimumGroup)
        world.say(world.maya, "hello", at: "2026-11-30T08:00:00Z")
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.everyoneAppliesDelegation()
        return world
    }

    @Test func theDigestComesOnFridayAfternoonInTheManagersTimeWithFiguresAndMoments() throws {
        var world = try Self.week()
        let sent = world.run(until: "2026-12-05T12:00:00Z")
        let digests = sent.filter { $0.message.room == "!Maya" }
        try #require(digests.count == 1)
        #expect(digests[0].at == ManagerWorld.at("2026-12-04T14:00:00Z"), "15:00 in Berlin")
        let text = digests[0].message.text
        #expect(text.hasPrefix(world.text("manager_team_header", ["digest": true, "count": 3])))
        // Ana shares; Bo and Cy are two non-sharers, fewer than 3: the team's count minus Ana's
        // moment would be theirs, so it is not shown.
        #expect(!text.contains(world.text("manager_team_skill", ["skill": "delegation", "count": 3, "people": 3])))
        #expect(text.contains("1. Ana applied delegation once this week: \"handed the Q3 report to Bo with a clear brief\""))
        #expect(text.contains(world.text("manager_recognise_hint")))
        #expect(!text.contains("BO-PRIVATE") && !text.contains("CY-PRIVATE"))
        #expect(world.state[ManagerDigest.self].values.map(\.manager) == ["@maya:x"])
        #expect(world.state.audit.values.contains { $0.actor == "@maya:x" && $0.command == "weekly digest" && $0.allowed })
        #expect(world.state.scheduled["m|@maya:x"]?.nominal == ManagerWorld.at("2026-12-11T14:00:00Z"), "the next one is a week later")
    }

    @Test func aSmallTeamSeesNoFiguresOnlyTheRuleAndTheSharersMoments() throws {
        var world = try Self.week(minimumGroup: 5)
        let text = world.run(until: "2026-12-05T12:00:00Z").filter { $0.message.room == "!Maya" }.map(\.message.text).joined()
        #expect(!text.contains("delegation 3 times"), "three people are fewer than five")
        #expect(text.contains(world.text("manager_team_small", ["minimum": 5])))
        #expect(text.contains("1. Ana applied delegation once"))
    }

    @Test func aWeekWithNothingToShowSendsNoDigest() throws {
        var world = try ManagerWorld()
        world.say(world.maya, "hello", at: "2026-11-30T08:00:00Z")
        #expect(world.run(until: "2026-12-05T12:00:00Z").filter { $0.message.room == "!Maya" }.isEmpty)
        #expect(world.state[ManagerDigest.self].isEmpty)
        #expect(world.state.scheduled["m|@maya:x"] != nil, "next week's is still scheduled")
    }

    @Test func stoppingSharingBeforeTheDigestKeepsThePersonOutOfIt() throws {
        var world = try Self.week()
        world.say(world.ana, "stop sharing", at: "2026-12-04T13:59:00Z")
        let text = world.run(until: "2026-12-05T12:00:00Z").filter { $0.message.room == "!Maya" }.map(\.message.text).joined()
        #expect(text.contains("delegation 3 times"), "team figures include everyone")
        #expect(!text.contains("Q3 report") && !text.contains("1. Ana"))
    }

    @Test func theDigestWaitsForAConversationToEndAndKeepsToWorkingHours() throws {
        var world = try Self.week()
        world.say(world.maya, "timezone America/New_York", at: "2026-11-30T08:01:00Z")
        // Due at 15:00 in New York (20:00 UTC), while she is preparing a presentation.
        world.state.apply([.put(ScheduledNudge(id: "m|@maya:x", due: ManagerWorld.at("2026-12-04T20:00:00Z"),
                                               nominal: ManagerWorld.at("2026-12-04T20:00:00Z"), priority: 2))])
        world.say(world.maya, "coach presentation", at: "2026-12-04T19:55:00Z")
        world.now = ManagerWorld.at("2026-12-04T19:56:00Z")
        #expect(world.run(until: "2026-12-04T20:30:00Z").filter { $0.message.room == "!Maya" }.isEmpty, "never into a conversation")
        world.say(world.maya, "cancel", at: "2026-12-04T20:30:00Z")
        let sent = world.run(until: "2026-12-05T23:00:00Z").filter { $0.message.room == "!Maya" }
        #expect(sent.map(\.at) == [ManagerWorld.at("2026-12-04T21:00:00Z")], "an hour later, still in her working hours")
        // The next one: Friday 15:00 in New York.
        #expect(world.state.scheduled["m|@maya:x"]?.nominal == ManagerWorld.at("2026-12-11T20:00:00Z"))
    }

    @Test func aDigestIsOpenedWhenTheManagerWritesWithinADay() throws {
        var world = try Self.week()
        _ = world.run(until: "2026-12-05T12:00:00Z")
        world.say(world.maya, "recognise 1 lovely brief", at: "2026-12-04T16:00:00Z")
        #expect(world.state[ManagerDigest.self].values.first?.respondedAt == ManagerWorld.at("2026-12-04T16:00:00Z"))
        let report = try ReportBuilder(state: world.state, content: world.coach.content, since: ManagerWorld.at("2026-11-30T00:00:00Z"),
                                       until: ManagerWorld.at("2026-12-06T00:00:00Z"), minimumGroup: 1).build()
        #expect(report.managers.digestsSent == 1 && report.managers.digestsOpened == 1 && report.managers.recognitions == 1)
        #expect(report.managers.sharing == 1)
        let text = ReportText.render(report)
        #expect(text.contains("managers\n  weekly digests sent: 1\n  digests opened within a day: 1 (100%)\n  recognitions sent: 1\n"), "\(text)")
    }

    @Test func aLateReplyDoesNotOpenTheDigest() throws {
        var world = try Self.week()
        _ = world.run(until: "2026-12-05T12:00:00Z")
        world.say(world.maya, "hello", at: "2026-12-05T15:00:00Z")
        #expect(world.state[ManagerDigest.self].values.first?.respondedAt == nil)
    }

    @Test func engagementFiguresFollowTheSmallGroupRule() throws {
        var world = try Self.week()
        _ = world.run(until: "2026-12-05T12:00:00Z")
        world.say(world.maya, "recognise 1 lovely brief", at: "2026-12-04T16:00:00Z")
        let report = try ReportBuilder(state: world.state, content: world.coach.content, since: ManagerWorld.at("2026-11-30T00:00:00Z"),
                                       until: ManagerWorld.at("2026-12-06T00:00:00Z")).build()
        #expect(report.managers.inUse)
        #expect(report.managers.digestsSent == nil && report.managers.recognitions == nil && report.managers.sharing == nil, "one manager, one sharer")
        #expect(report.isHidden("managers", "digests sent") && report.isHidden("managers", "recognitions sent"))
        #expect(ReportText.render(report).contains("  recognitions sent: hidden: fewer than 3 people\n"))
    }

    @Test func aReportWithoutManagersHasNoManagerSection() throws {
        let content = try Fixture.shippedContent()
        let report = try ReportBuilder(state: State(), content: content, since: Fixture.now.addingTimeInterval(-86_400), until: Fixture.now).build()
        #expect(!report.managers.inUse)
        #expect(!ReportText.render(report).contains("digests"))
    }

    @Test func stopNudgesStopsTheDigestAndStartNudgesBringsItBack() throws {
        var world = try Self.week()
        world.say(world.maya, "stop nudges", at: "2026-12-01T09:00:00Z")
        #expect(world.run(until: "2026-12-05T12:00:00Z").filter { $0.message.room == "!Maya" }.isEmpty)
        #expect(world.state.scheduled["m|@maya:x"] == nil)
        world.say(world.maya, "start nudges", at: "2026-12-07T09:00:00Z")
        #expect(world.state.scheduled["m|@maya:x"]?.nominal == ManagerWorld.at("2026-12-11T14:00:00Z"))
    }

    @Test func aReloadWithANewScheduleMovesEveryDigestWithoutWaitingForAMessage() throws {
        var first = try ManagerWorld()
        first.say(first.maya, "hello", at: "2026-11-30T08:00:00Z")
        #expect(first.state.scheduled["m|@maya:x"]?.nominal == ManagerWorld.at("2026-12-04T14:00:00Z"))
        var second = try ManagerWorld(digest: "mondays at 09:30")
        second.state = first.state
        let turn = second.coach.handle(.tick, state: second.state, now: ManagerWorld.at("2026-11-30T10:00:00Z"))
        second.state.apply(turn.changes)
        #expect(second.state.scheduled["m|@maya:x"]?.nominal == ManagerWorld.at("2026-12-07T08:30:00Z"))
        #expect(second.state.cursors["manager-digests"]?.value == second.coach.content.settings.managers.version)
    }

    @Test func withoutManagersATickChangesNothing() throws {
        let content = try Fixture.shippedContent()
        let turn = Coach(content: content).handle(.tick, state: State(), now: Fixture.now)
        #expect(!turn.changes.contains { $0.collection == Cursor.collection && $0.id == "manager-digests" })
    }
}

/// A digest names people, so it never lands in a shared room.
@Suite struct ManagerDigestRoomTests {
    @Test func theDigestGoesToTheManagersDirectRoomEvenAfterTheyWroteInASharedOne() throws {
        var world = try ManagerDigestTests.week()
        let shared = Inbound(eventID: "$shared", sender: world.maya, room: "!team-room", text: "hello", shared: true)
        let turn = world.coach.handle(.message(shared), state: world.state, now: ManagerWorld.at("2026-12-03T10:00:00Z"))
        world.state.apply(turn.changes)
        #expect(world.state.profiles["@maya:x"]?.room == "!team-room")
        let sent = world.run(until: "2026-12-05T12:00:00Z").map(\.message).filter { $0.text.contains("weekly team digest") }
        #expect(sent.map(\.room) == ["!Maya"])
    }

    @Test func aManagerWhoNeverWroteDirectlyGetsNoDigest() throws {
        var world = try ManagerWorld()
        let shared = Inbound(eventID: "$shared", sender: world.maya, room: "!team-room", text: "hello", shared: true)
        let turn = world.coach.handle(.message(shared), state: world.state, now: ManagerWorld.at("2026-11-30T08:00:00Z"))
        world.state.apply(turn.changes)
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.everyoneAppliesDelegation()
        let sent = world.run(until: "2026-12-05T12:00:00Z").map(\.message)
        #expect(!sent.contains { $0.room == "!team-room" }, "nothing about the team in a shared room")
        #expect(world.state[ManagerDigest.self].isEmpty)
        #expect(world.state.audit.isEmpty)
    }
}

/// With too few people for a figure, a quiet week and an active one read the same.
@Suite struct ManagerSmallTeamTests {
    @Test func aSmallTeamCannotTellAQuietWeekFromAHiddenOne() throws {
        var quiet = try ManagerWorld(minimumGroup: 5)
        let nothing = quiet.say(quiet.maya, "my team", at: "2026-11-30T10:00:00Z")
        var active = try ManagerWorld(minimumGroup: 5)
        active.say(active.bo, "applied delegation: BO-PRIVATE let the intern run the vendor call", at: "2026-11-30T09:20:00Z")
        active.say(active.bo, "3", at: "2026-11-30T09:21:00Z")
        #expect(active.say(active.maya, "my team", at: "2026-11-30T10:00:00Z") == nothing)
    }
}
