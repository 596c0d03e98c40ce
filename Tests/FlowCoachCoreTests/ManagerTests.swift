@testable import FlowCoachCore
import Foundation
import Testing

/// The manager loop: consent, `my team`, recognition, and what a manager may never see.
@Suite struct ManagerTests {
    @Test func nothingIndividualIsSharedUntilThePersonSaysSo() throws {
        var world = try ManagerWorld()
        let reply = world.say(world.ana, "my sharing", at: "2026-11-30T09:00:00Z")
        #expect(reply == world.text("my_sharing_off", ["manager": "maya", "minimum": 3, "changed": false]))
        world.everyoneAppliesDelegation()
        let team = world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z")
        #expect(!team.contains("Q3 report") && !team.contains("1. Ana"), "no one shares yet: \(team)")
        #expect(team.contains(world.text("manager_no_moments")))
    }

    @Test func sharingIsStoredPerPersonDescribedAndStopsAtOnce() throws {
        var world = try ManagerWorld()
        world.say(world.maya, "hello", at: "2026-11-30T08:00:00Z")
        #expect(world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z") == world.text("sharing_started", ["manager": "Maya"]))
        #expect(world.state[SharingConsent.self]["@ana:x"]?.manager == "@maya:x")
        #expect(world.say(world.ana, "my sharing", at: "2026-11-30T09:01:00Z").contains("You share with Maya (since Monday 30 November)"))
        world.everyoneAppliesDelegation()
        #expect(world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z").contains("1. Ana applied delegation once this week: \"handed the Q3 report to Bo with a clear brief\""))
        #expect(world.say(world.ana, "stop sharing", at: "2026-11-30T10:01:00Z") == world.text("sharing_stopped", ["manager": "Maya"]))
        #expect(world.state[SharingConsent.self]["@ana:x"] == nil)
        let after = world.say(world.maya, "my team", at: "2026-11-30T10:02:00Z")
        #expect(!after.contains("Q3 report") && !after.contains("1. Ana"), "stopping takes effect at once: \(after)")
        #expect(world.say(world.ana, "stop sharing", at: "2026-11-30T10:03:00Z") == world.text("sharing_was_off"))
    }

    @Test func onlyMomentsFromAfterTheConsentAreShared() throws {
        var world = try ManagerWorld()
        world.say(world.ana, "applied delegation: BEFORE-CONSENT moved the audit to Sam", at: "2026-11-30T08:00:00Z")
        world.say(world.ana, "skip", at: "2026-11-30T08:01:00Z")
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.say(world.ana, "applied delegation: AFTER-CONSENT handed the Q3 report to Bo", at: "2026-11-30T09:10:00Z")
        let team = world.say(world.maya, "my team ana", at: "2026-11-30T10:00:00Z")
        #expect(team.contains("AFTER-CONSENT") && !team.contains("BEFORE-CONSENT"), "\(team)")
        #expect(team.contains("applied delegation once"))
    }

    @Test func aManagerNeverSeesReflectionsPracticeAnswersOrDialogAnswers() throws {
        var world = try ManagerWorld(minimumGroup: 3)
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        // A coaching dialog, answered with words to look for.
        #expect(world.say(world.ana, "coach presentation", at: "2026-11-30T09:01:00Z").contains("how confident"))
        #expect(world.say(world.ana, "3", at: "2026-11-30T09:02:00Z").contains("Who will be in the room"))
        world.say(world.ana, "ZEBRA-COMMITTEE from the finance team", at: "2026-11-30T09:03:00Z")
        world.say(world.ana, "cancel", at: "2026-11-30T09:04:00Z")
        // Practice: an answer, a grade; and a reflection card answered in the same session if one comes.
        #expect(world.say(world.ana, "practice delegation", at: "2026-11-30T09:05:00Z").contains("Practice time"))
        world.say(world.ana, "PELICAN-ANSWER level one then two", at: "2026-11-30T09:06:00Z")
        world.say(world.ana, "good", at: "2026-11-30T09:07:00Z")
        world.say(world.ana, "REFLECTION-WALRUS I hold on to tasks too long", at: "2026-11-30T09:08:00Z")
        world.say(world.ana, "skip", at: "2026-11-30T09:09:00Z")
        world.everyoneAppliesDelegation()
        let views = [world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z"), world.say(world.maya, "my team ana", at: "2026-11-30T10:01:00Z")]
        world.say(world.maya, "hello", at: "2026-11-30T10:02:00Z")
        let digest = world.run(until: "2026-12-04T16:00:00Z").map(\.message).filter { $0.room == "!Maya" }.map(\.text)
        #expect(digest.count == 1)
        for view in views + digest {
            for secret in ["ZEBRA", "PELICAN", "WALRUS", "finance team", "BO-PRIVATE", "CY-PRIVATE"] {
                #expect(!view.contains(secret), "\(secret) reached the manager: \(view)")
            }
            #expect(view.contains("handed the Q3 report to Bo"), "the shared moment is there: \(view)")
            #expect(view.contains("practised delegation"), "practice progress as a count: \(view)")
        }
    }

    @Test func askingAboutANonSharerGivesNothingIndividual() throws {
        var world = try ManagerWorld()
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.everyoneAppliesDelegation()
        let reply = world.say(world.maya, "my team bo", at: "2026-11-30T10:00:00Z")
        #expect(reply == world.text("manager_person_nothing", ["name": "Bo"]))
        #expect(world.state[TeamDesk.self]["@maya:x"]?.shown ?? [] == [], "nothing to recognise by number either")
    }

    @Test func someoneWhoIsNotYourReportCannotBeSeenOrRecognised() throws {
        var world = try ManagerWorld()
        world.say(world.zed, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.say(world.zed, "applied delegation: ZED-NOTE gave the pitch deck to Kim", at: "2026-11-30T09:01:00Z")
        let seen = world.say(world.maya, "my team zed", at: "2026-11-30T10:00:00Z")
        #expect(seen == world.text("manager_not_on_team", ["name": "zed"]))
        let sent = world.send(world.maya, "recognise zed great pitch", at: "2026-11-30T10:01:00Z")
        #expect(sent.allSatisfy { $0.room == "!Maya" }, "nothing reaches Zed")
        #expect(sent.map(\.text) == [world.text("manager_not_on_team", ["name": "zed"])])
        #expect(world.state[Recognition.self].isEmpty)
        // Olu, Zed's manager, sees the moment.
        #expect(world.say(world.olu, "my team", at: "2026-11-30T10:02:00Z").contains("ZED-NOTE"))
    }

    @Test func aManagerRecognisesByNumberOrNameAndThePersonHearsItFromThem() throws {
        var world = try ManagerWorld()
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.everyoneAppliesDelegation()
        world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z")
        let sent = world.send(world.maya, "recognise 1 Great delegation this week!", at: "2026-11-30T10:01:00Z")
        #expect(sent.contains { $0.room == "!Maya" && $0.text == world.text("recognise_sent", ["name": "Ana"]) })
        #expect(sent.contains { $0.room == "!Ana" && $0.text == world.text("recognition_message", ["manager": "Maya", "text": "Great delegation this week!"]) })
        // By name: a report who doesn't share can still be thanked; it tells Maya nothing about them.
        let byName = world.send(world.maya, "recognize Bo thanks for covering the vendor call", at: "2026-11-30T10:02:00Z")
        #expect(byName.contains { $0.room == "!Bo" && $0.text.contains("Maya noticed your work") && $0.text.contains("thanks for covering the vendor call") })
        #expect(world.state[Recognition.self].count == 2)
        let unknown = world.say(world.maya, "recognise 4 hi", at: "2026-11-30T10:03:00Z")
        #expect(unknown == world.text("recognise_unknown_number", ["number": "4"]))
    }

    @Test func aPersonWhoNeverWroteCannotBeReachedYet() throws {
        var world = try ManagerWorld()
        let reply = world.say(world.maya, "recognise cy well done", at: "2026-11-30T10:00:00Z")
        #expect(reply == world.text("recognise_unreachable", ["name": "cy"]))
        #expect(world.state[Recognition.self].isEmpty)
    }

    @Test func aManagerWithNoTeamGetsAKindExplanation() throws {
        var world = try ManagerWorld()
        #expect(world.say(world.bo, "my team", at: "2026-11-30T10:00:00Z") == world.text("manager_no_team"))
        #expect(world.say(world.bo, "recognise 1 thanks", at: "2026-11-30T10:01:00Z") == world.text("manager_no_team"))
        #expect(world.say(world.maya, "share with my manager", at: "2026-11-30T10:02:00Z") == world.text("sharing_no_manager"))
        #expect(world.say(world.maya, "my sharing", at: "2026-11-30T10:03:00Z") == world.text("my_sharing_none"))
    }

    @Test func everyManagerViewIsAuditLogged() throws {
        var world = try ManagerWorld()
        world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z")
        world.say(world.maya, "my team ana", at: "2026-11-30T10:01:00Z")
        world.say(world.bo, "my team", at: "2026-11-30T10:02:00Z")
        let audit = world.state.audit.values.sorted { $0.at < $1.at }
        #expect(audit.map(\.command) == ["my team", "my team ana", "my team"])
        #expect(audit.map(\.actor) == ["@maya:x", "@maya:x", "@bo:x"])
        #expect(audit.map(\.allowed) == [true, true, false], "Bo has no team: refused, and still logged")
    }

    @Test func teamViewsStayInDirectMessages() throws {
        let world = try ManagerWorld()
        let inbound = Inbound(eventID: "$room", sender: world.maya, room: "!team-room", text: "my team", shared: true)
        let turn = world.coach.handle(.message(inbound), state: world.state, now: ManagerWorld.at("2026-11-30T10:00:00Z"))
        #expect(turn.replies.map(\.text) == [world.text("privacy_direct_only", ["command": "my team"])])
    }

    @Test func forgetMeErasesTheConsentAndTheManagersNumbers() throws {
        var world = try ManagerWorld()
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.everyoneAppliesDelegation()
        world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z")
        #expect(world.state[TeamDesk.self]["@maya:x"]?.shown == ["@ana:x"])
        world.say(world.ana, "forget me", at: "2026-11-30T10:01:00Z")
        world.say(world.ana, "yes", at: "2026-11-30T10:02:00Z")
        #expect(world.state[SharingConsent.self]["@ana:x"] == nil)
        #expect(world.state[TeamDesk.self]["@maya:x"]?.shown == [])
        #expect(world.say(world.maya, "recognise 1 thanks", at: "2026-11-30T10:03:00Z") == world.text("recognise_unknown_number", ["number": "1"]))
    }

    @Test func consentGivenToAFormerManagerDoesNotCarryOver() throws {
        var world = try ManagerWorld()
        world.state.apply([.put(SharingConsent(person: "@ana:x", manager: "@old:x", since: ManagerWorld.at("2026-11-01T09:00:00Z")))])
        world.everyoneAppliesDelegation()
        #expect(!world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z").contains("Q3 report"))
        #expect(world.say(world.ana, "my sharing", at: "2026-11-30T10:01:00Z").contains("Your manager has changed"))
    }
}
