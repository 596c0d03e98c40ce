import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// Every construct of the dialog language, on the fixture prompts in Tests/Fixtures/language
/// (not the shipped pack). The fixture's time zone is Europe/Berlin.
@Suite struct LanguageTests {
    let content: Content
    /// Wednesday 2026-11-18 11:06:40 UTC (12:06:40 in Berlin).
    let start = Fixture.now

    init() throws {
        content = try ContentLoader.load(root: Fixture.repoRoot + "/Tests/Fixtures/language")
    }

    func chat() -> Conversationalist {
        var chat = Conversationalist(content: content)
        chat.clock = start
        return chat
    }

    @Test func confidenceIsAskedBeforeAndAfterAndRecorded() {
        var chat = chat()
        #expect(chat.say("coach trip").contains("how confident do you feel about it right now, from 1"))
        #expect(chat.say("2").contains("When do you leave?"))
        chat.say("tomorrow")
        chat.say("1")
        let end = chat.say("1")
        #expect(end.contains("1 bag(s), Train, 2026-11-19. Role: ."))
        #expect(end.contains("how confident do you feel now"))
        chat.say("5")
        let run = chat.state.runs.values.first { $0.dialog == "trip" }
        #expect(run?.completed == true)
        #expect(run?.confidenceBefore == 2 && run?.confidenceAfter == 5)
    }

    @Test(arguments: [
        ("today", "2026-11-18"), ("tomorrow", "2026-11-19"), ("Thursday", "2026-11-19"), ("wed", "2026-11-25"),
        ("next monday", "2026-11-23"), ("in 3 days", "2026-11-21"), ("2026-12-03", "2026-12-03"),
    ])
    func datesAreReadInThePersonsTimeZone(answer: String, expected: String) {
        var chat = chat()
        chat.say("coach trip")
        chat.say("3")
        chat.say(answer)
        #expect(chat.state.conversations["@ana:test"]?.slots["when"] == expected)
    }

    @Test func anImpossibleDateIsAskedAgain() {
        var chat = chat()
        chat.say("coach trip")
        chat.say("3")
        #expect(chat.say("2026-02-30").contains("Please give a day"))
        #expect(chat.say("someday").contains("When do you leave?"))
    }

    @Test func branchesFollowTheAnswerAndRecommendationsTheQuery() {
        var plane = chat()
        plane.say("coach trip")
        plane.say("3")
        plane.say("tomorrow")
        let reply = plane.say("2")
        #expect(reply.contains("Check in early for 2026-11-19."))
        #expect(reply.contains("show plane-tip") && !reply.contains("train-tip"))

        var train = chat()
        train.say("coach trip")
        train.say("3")
        train.say("tomorrow")
        let other = train.say("Train")
        #expect(other.contains("Enjoy the train") && other.contains("show train-tip"))
        #expect(other.contains("How many bags?"), "`next` skips the plane step")
    }

    @Test func recommendationsAvoidWhatWasAlreadyShown() {
        var chat = chat()
        chat.say("show train-tip")
        chat.say("coach trip")
        chat.say("3")
        chat.say("tomorrow")
        let reply = chat.say("Train")
        #expect(reply.contains("show plane-tip"), "the only other tip, though less relevant")
    }

    @Test func backAsksThePreviousQuestionAgain() {
        var chat = chat()
        chat.say("coach trip")
        chat.say("3")
        chat.say("tomorrow")
        #expect(chat.say("back").contains("When do you leave?"))
        chat.say("in 3 days")
        #expect(chat.state.conversations["@ana:test"]?.slots["when"] == "2026-11-21")
        #expect(chat.state.conversations["@ana:test"]?.stepID == "mode")
    }

    @Test func anIdleDialogExpires() {
        var chat = chat()
        chat.say("coach trip")
        chat.clock += 25 * 3600
        let reply = chat.say("3")
        #expect(reply.contains("was idle for a while, so I closed it"))
        #expect(chat.state.conversations.isEmpty)
    }

    @Test func theRoleSelectsTheBranch() {
        var chat = chat()
        #expect(chat.say("coach pitch").contains("Start with the problem."))
        #expect(chat.say("role sales").contains("role \"sales\""))
        #expect(chat.say("coach pitch").contains("Lead with the customer's numbers."))
        #expect(!chat.say("coach pitch").contains("Start with the problem."))
    }

    @Test func aRoleFromConfigAppliesUntilThePersonSetsTheirOwn() {
        var chat = chat()
        chat.person = Person(id: "@bo:test", displayName: "Bo")
        #expect(chat.say("coach pitch").contains("Lead with the customer's numbers."))
        chat.say("role engineer")
        #expect(chat.say("coach pitch").contains("Start with the problem."))
    }

    @Test func theFollowUpComesAtTenLocalTwoDaysLaterAndRoutesTheAnswerBack() {
        var chat = chat()
        chat.say("coach trip")
        chat.say("3")
        chat.say("tomorrow")
        chat.say("1")
        chat.say("0")
        chat.say("4")
        let followUp = chat.state.followUps.values.first
        // 2026-11-20 10:00 in Berlin (UTC+1) is 09:00 UTC.
        #expect(followUp?.due == ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z"))

        let early = chat.coach.handle(.tick, state: chat.state, now: followUp!.due - 60)
        #expect(early.replies.isEmpty)
        let due = chat.coach.handle(.tick, state: chat.state, now: followUp!.due)
        #expect(due.replies.count == 1)
        #expect(due.replies[0].text == "How was the trip on 2026-11-19?\n\nWhat went well?")
        #expect(due.replies[0].room == chat.room)
        chat.state.apply(due.changes)
        #expect(chat.state.followUps.isEmpty)
        chat.clock = followUp!.due + 60
        #expect(chat.say("The train was on time").hasPrefix("Noted: The train was on time."))
        #expect(chat.coach.nextWake(chat.state) == nil)
    }

    @Test func searchShowAndRatings() {
        var chat = chat()
        let found = chat.say("search plane")
        #expect(found.hasPrefix("Here's what I found for \"plane\":"))
        #expect(found.contains("show plane-tip"))
        #expect(chat.say("search submarine").contains("I found nothing for \"submarine\""))
        #expect(chat.say("helpful").contains("Open something first"))
        let shown = chat.say("show plane-tip")
        #expect(shown.hasPrefix("Plane tip\n\nWhen you go by plane, pack light."))
        #expect(shown.contains("Say \"helpful\" or \"not helpful\""))
        chat.say("👎")
        #expect(chat.state.ratings["@ana:test|plane-tip"]?.helpful == false)
        #expect(chat.say("show nothing-here").contains("I don't have \"nothing-here\""))
    }

    @Test func everyDefaultMessageCompiles() {
        for key in Messages.optionalKeys {
            #expect(content.messages.text(key) != nil, "\(key)")
        }
    }
}
