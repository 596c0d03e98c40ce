import FlowCoachCore
import Foundation
import Testing

@Suite struct DialogTests {
    let content: Content

    init() throws {
        content = try Fixture.shippedContent()
    }

    @Test func aPresentationMomentRunsTheWholeDialog() {
        var chat = Conversationalist(content: content)
        #expect(chat.start("I'm presenting to a client on Thursday").contains("Who will be in the room"))
        #expect(chat.state.conversations["@ana:test"]?.stepID == "audience")
        #expect(chat.say("The CFO and two finance leads").contains("care about most"))
        #expect(chat.say("Payback time and risk").contains("What decision"))
        #expect(chat.say("Approve the pilot").contains("evidence"))
        #expect(chat.say("The Acme case with its numbers").contains("objection"))
        let plan = chat.say("Too expensive for this year")
        // The answers are fitted into the plan (a common first word loses its capital mid-sentence).
        #expect(plan.contains("• Audience: the CFO and two finance leads"))
        #expect(plan.contains("• The ask: Approve the pilot"))
        #expect(plan.contains("rehearse your answer to \"too expensive for this year\""))
        #expect(plan.contains("how confident do you feel now"))
        chat.say("4")
        #expect(chat.state.conversations.isEmpty, "the dialog ended")
        #expect(chat.state.followUps.count == 1, "a reflection follow-up is scheduled")
    }

    /// The prioritisation dialog answered up to its number question (hours, 1-40).
    func atTheHoursQuestion() -> Conversationalist {
        var chat = Conversationalist(content: content)
        chat.start("coach priorities")
        for answer in ["pricing model, hiring plan, monthly report", "the pricing model", "the monthly report"] { chat.say(answer) }
        return chat
    }

    @Test func aWrongAnswerIsCheckedAndTheQuestionAskedAgain() {
        var chat = atTheHoursQuestion()
        let retry = chat.say("quite a few")
        #expect(retry.contains("Please answer with a number"))
        #expect(retry.contains("How many hours will you block"))
        #expect(chat.say("60").contains("no higher than 40"))
        #expect(chat.state.conversations["@ana:test"]?.slots["hours"] == nil)
        #expect(chat.say("six").contains("Let go of"))
    }

    @Test func tooManyWrongAnswersPauseTheDialog() {
        var chat = atTheHoursQuestion()
        chat.say("x")
        chat.say("y")
        let giveUp = content.messages.giveUp.render(["dialog": "Prioritise your week"]).trimmed
        #expect(chat.say("z").contains(giveUp))
        #expect(chat.state.conversations.isEmpty)
    }

    @Test func choicesAcceptANumberOrTheText() {
        var chat = Conversationalist(content: content)
        let first = chat.start("coach feedback")
        #expect(first.contains("1. Reinforce something good\n2. Change something"))
        #expect(chat.say("2").contains("Situation"))
        #expect(chat.state.conversations["@ana:test"]?.slots["kind"] == "Change something")

        var other = Conversationalist(content: content)
        other.start("coach feedback")
        other.say("reinforce something good")
        #expect(other.state.conversations["@ana:test"]?.slots["kind"] == "Reinforce something good")
    }

    @Test func yesNoQuestionsUnderstandSynonyms() {
        var chat = Conversationalist(content: content)
        chat.start("coach feedback")
        chat.say("1")
        chat.say("In Monday's client call")
        chat.say("presented the roadmap without notes")
        let draft = chat.say("the client asked for a follow-up meeting")
        #expect(draft.contains("\"In Monday's client call, you presented the roadmap without notes."))
        #expect(draft.contains("(yes / no)"))
        #expect(chat.say("maybe").contains("Please answer yes or no."))
        #expect(chat.say("Yep!").contains("close to the moment"))
        #expect(chat.say("5").hasPrefix("Thanks, Ana. Good luck!\n\nWhen you've put it into practice, tell me: \"applied "))
        #expect(chat.state.runs.values.first?.confidenceAfter == 5)
    }

    @Test func cancelAndHelpWorkAnywhere() {
        var chat = Conversationalist(content: content)
        chat.start("coach feedback")
        #expect(chat.say("help").contains("Give feedback with SBI"))
        #expect(chat.state.conversations["@ana:test"] != nil, "help does not end the dialog")
        #expect(chat.say("Cancel").contains("I've stopped \"Give feedback with SBI\""))
        #expect(chat.state.conversations.isEmpty)
        #expect(chat.say("cancel").contains("nothing to cancel"))
    }

    @Test func anUnknownMessageGetsAShortReplyNotTheMenu() {
        var chat = Conversationalist(content: content)
        #expect(chat.say("hello").contains("I'm flowcoach"), "first contact is a welcome")
        let reply = chat.say("what's the weather like?")
        let opening = content.messages.fallback.render(["text": ""]).prefix(20)
        #expect(reply.hasPrefix(opening))
        #expect(reply.components(separatedBy: "say \"coach").count <= 3, "at most two dialogs suggested")
    }

    @Test func switchingTopicMidDialogAsksFirst() {
        var chat = Conversationalist(content: content)
        chat.start("coach feedback")
        #expect(chat.say("coach 1:1").contains("We're in the middle of \"Give feedback with SBI\". Drop it and start \"Prepare a 1:1\"?"))
        let declined = chat.say("no")
        #expect(declined.contains("carry on with \"Give feedback with SBI\""))
        #expect(declined.contains("reinforce something good"), "the current question is asked again")
        #expect(chat.state.conversations["@ana:test"]?.dialogID == "feedback-sbi")
        chat.say("coach 1:1")
        #expect(chat.say("yes").contains("Who is the 1:1 with"))
        #expect(chat.state.conversations["@ana:test"]?.dialogID == "one-on-one")
        let abandoned = chat.state.runs.values.first { $0.dialog == "feedback-sbi" }
        #expect(abandoned?.completed == false && abandoned?.endedAt != nil)
    }

    @Test func aSessionStartOffersToResume() {
        var chat = Conversationalist(content: content)
        chat.start("coach feedback")
        chat.say("2")
        let turn = chat.coach.handle(.sessionStarted(chat.person, room: "console"), state: chat.state, now: chat.clock + 3600)
        let text = turn.replies.map(\.text).joined()
        #expect(text.contains("We were in the middle of \"Give feedback with SBI\""))
        #expect(text.contains("Situation: when and where"))
    }

    @Test func aDuplicateEventIsIgnored() {
        var chat = Conversationalist(content: content)
        let inbound = Inbound(eventID: "$same", sender: chat.person, room: chat.room, text: "coach feedback")
        let first = chat.coach.handle(.message(inbound), state: chat.state, now: Fixture.now)
        chat.state.apply(first.changes)
        let again = chat.coach.handle(.message(inbound), state: chat.state, now: Fixture.now)
        #expect(!first.replies.isEmpty)
        #expect(again == Turn())
    }

    @Test func repliesAreInTheOutboxWithAStableKey() {
        let chat = Conversationalist(content: content)
        let inbound = Inbound(eventID: "$ev1", sender: chat.person, room: chat.room, text: "help")
        let turn = chat.coach.handle(.message(inbound), state: chat.state, now: Fixture.now)
        #expect(turn.replies.map(\.id) == ["$ev1.reply"])
        #expect(turn.changes.contains(.put(turn.replies[0])))
        #expect(turn == chat.coach.handle(.message(inbound), state: chat.state, now: Fixture.now), "deterministic")
    }

    @Test func anOverlongMessageIsRefused() {
        var chat = Conversationalist(content: content)
        let reply = chat.say(String(repeating: "a", count: content.settings.maxMessageLength + 1))
        #expect(reply.contains("longer than I can take (4000 characters)"))
    }

    @Test func textFromPeopleIsInertWhenEchoed() {
        var chat = Conversationalist(content: content)
        chat.start("coach presentation")
        // Replies go out as plain text (Matrix m.notice without formatted_body), so Markdown stays literal.
        chat.say("@room <!here> @channel <b>bold</b> [x](http://evil.example) everyone\u{202E}")
        chat.say("cost and risk")
        chat.say("x sign")
        chat.say("proof")
        let plan = chat.say("objection")
        #expect(!plan.contains("@room") && !plan.contains("<!here>") && !plan.contains("@channel") && !plan.contains("<b>"))
        #expect(!plan.contains("\u{202E}"))
        #expect(plan.contains("＠room ‹!here› ＠channel ‹b›bold‹/b› [x](http://evil.example) everyone"))
    }
}
