@testable import FlowCoachCore
import Foundation
import Testing

/// Privacy at the edges a user review found: consent and erasure mid-dialog, moments logged in
/// the same second as the consent, team figures a manager could subtract, quoted barriers, and
/// small counts of skill gaps.
@Suite struct PrivacyEdgeTests {
    @Test func stopSharingAndForgetMeWorkInTheMiddleOfADialog() throws {
        var world = try ManagerWorld()
        world.say(world.maya, "hello", at: "2026-11-30T08:00:00Z")
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        world.say(world.ana, "coach feedback", at: "2026-11-30T09:01:00Z")
        world.say(world.ana, "3", at: "2026-11-30T09:02:00Z")
        let stopped = world.say(world.ana, "stop sharing", at: "2026-11-30T09:03:00Z")
        #expect(stopped.contains(world.text("sharing_stopped", ["manager": "Maya"])), "\(stopped)")
        #expect(world.state[SharingConsent.self]["@ana:x"] == nil)
        let forget = world.say(world.ana, "forget me", at: "2026-11-30T09:04:00Z")
        #expect(forget.contains("yes"), "erasure is offered mid-dialog: \(forget)")
        world.say(world.ana, "yes", at: "2026-11-30T09:05:00Z")
        #expect(world.state.users["@ana:x"] == nil && world.state.conversations["@ana:x"] == nil)
    }

    @Test func aMomentLoggedInTheSameSecondAsTheConsentIsNotShared() throws {
        var world = try ManagerWorld()
        world.say(world.ana, "applied delegation: SAME-SECOND private note", at: "2026-11-30T09:00:00Z")
        world.say(world.ana, "share with my manager", at: "2026-11-30T09:00:00Z")
        let team = world.say(world.maya, "my team ana", at: "2026-11-30T10:00:00Z")
        #expect(!team.contains("SAME-SECOND"), "\(team)")
    }

    @Test func aTeamFigureIsHiddenWhenTheNonSharersInItAreTooFewToHideBehind() throws {
        // Minimum 3: Ana and Bo share, Cy does not. "delegation by 3 people" minus Ana's and Bo's
        // moments would be Cy's own count.
        var world = try ManagerWorld(minimumGroup: 3)
        world.say(world.ana, "share with my manager", at: "2026-11-30T08:00:00Z")
        world.say(world.bo, "share with my manager", at: "2026-11-30T08:00:00Z")
        world.everyoneAppliesDelegation()
        let team = world.say(world.maya, "my team", at: "2026-11-30T10:00:00Z")
        #expect(!team.contains("delegation 3 times"), "\(team)")
        let builder = ReportBuilder(state: world.state, content: world.coach.content, since: ManagerWorld.at("2026-11-29T00:00:00Z"),
                                    until: ManagerWorld.at("2026-11-30T11:00:00Z"))
        #expect(builder.teamWeek(["@ana:x", "@bo:x", "@cy:x"], sharing: ["@ana:x", "@bo:x"]).applied.isEmpty)
        #expect(!builder.teamWeek(["@ana:x", "@bo:x", "@cy:x"], sharing: []).applied.isEmpty, "no one shares: the figure alone names no one")
    }

    @Test func quotedBarriersLoseNamesEmailsAndNumbers() {
        let text = Anonymised.text("my colleague Jordan Lee (jordan.lee@corp.com, 07700 900123) blocks me on Monday. I asked @sam twice")
        #expect(!text.contains("Jordan") && !text.contains("Lee") && !text.contains("corp.com") && !text.contains("900123") && !text.contains("sam"))
        #expect(text.contains("Monday") && text.contains("I asked") && text.hasPrefix("my colleague [name]"), "\(text)")
        #expect(Anonymised.text("Too many meetings to prepare") == "Too many meetings to prepare", "a sentence's first word stays")
    }

    @Test func aThreeSixtyAnsweredOverSeveralDaysIsOneAssessment() {
        func rating(_ group: String, _ score: Double, flagged: Bool = false) -> SkillRating { SkillRating(raters: [group: [score]], flagged: flagged) }
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let history = AssessmentHistory(id: "@gus:x", rounds: [
            AssessmentRound(date: "2026-09-01", skills: ["giving-feedback": rating("Self", 2, flagged: true)], importedAt: at),
            AssessmentRound(date: "2026-09-01", skills: ["giving-feedback": rating("Manager", 2)], importedAt: at),
            AssessmentRound(date: "2026-09-02", skills: ["giving-feedback": rating("Peer", 4.5)], importedAt: at),
        ])
        let standing = history.standings.first
        #expect(standing?.previousScore == nil, "one assessment, not a re-assessment")
        #expect(standing?.flagged == true && standing?.date == "2026-09-02")
        // A second 360 months later is a re-assessment.
        var later = history
        later.rounds.append(AssessmentRound(date: "2027-03-01", skills: ["giving-feedback": rating("Self", 4)], importedAt: at))
        #expect(later.standings.first?.previousScore != nil && later.standings.first?.score == 4)
    }
}

/// The words people use for the new commands, as a user review found them.
@Suite struct EverydayWordsForSkillsAndTeamsTests {
    @Test(arguments: ["What should I work on?", "what are my gaps", "my 360", "skills", "my development areas"])
    func askingWhatToWorkOnShowsTheirSkills(_ text: String) throws {
        var world = try ManagerWorld()
        let reply = world.say(world.ana, text, at: "2026-11-30T09:00:00Z")
        #expect(reply.contains(world.text("skills_none")), "\(text): \(reply)")
    }

    @Test(arguments: ["How's my team?", "show my team", "team", "how is my team doing"])
    func askingAboutTheTeamShowsIt(_ text: String) throws {
        var world = try ManagerWorld()
        world.say(world.ana, "hello", at: "2026-11-30T08:00:00Z")
        let reply = world.say(world.maya, text, at: "2026-11-30T09:00:00Z")
        #expect(reply.contains("Your team over the last 7 days"), "\(text): \(reply)")
    }
}
