import Foundation

/// From a message that is no command to a dialog: small talk, a clear winner, a choice between
/// two, or a short fallback (at most four lines) with the nearest dialogs and knowledge.
extension Session {
    mutating func route(_ said: Utterance, firstContact: Bool, for person: Person, room: String) {
        if let kind = coach.smallTalk.kind(of: said.text) {
            return firstContact ? say(content.messages.welcome, for: person) : say(kind.reply)
        }
        switch router.decide(said.normalized) {
        case .start(let dialog):
            if coach.smallTalk.isStressed(said.text) { say("acknowledge_stress") }
            start(dialog, for: person, room: room, opening: said.text)
        case .choose(let first, let second):
            if coach.smallTalk.isStressed(said.text) { say("acknowledge_stress") }
            var profile = profile(person)
            profile.awaiting = Awaiting(kind: .choice, ref: first.id, text: second.id)
            draft.put(profile)
            say("route_choose", ["first": first.title, "second": second.title])
        case .unsure(let near):
            if firstContact { return say(content.messages.welcome, for: person) }
            fallback(said, near: near, for: person)
        }
    }

    /// The answer to "Is this about A or B?"; false when the message is about something else.
    mutating func answerChoice(_ awaiting: Awaiting, _ normalized: String, for person: Person) -> Bool {
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        guard let first = content.dialog(awaiting.ref), let second = awaiting.text.flatMap(content.dialog) else { return false }
        let room = inbound?.room ?? profile.room ?? ""
        let ordinal = ["first": "1", "the first": "1", "first one": "1", "the first one": "1", "second": "2", "the second": "2",
                       "second one": "2", "the second one": "2"][normalized] ?? normalized
        switch AnswerCheck.check(ordinal, against: .choice([first.title, second.title])) {
        case .accepted(let title):
            start(title == first.title ? first : second, for: person, room: room)
            return true
        case .rejected:
            break
        }
        if case .accepted("no") = AnswerCheck.check(normalized, against: .yesNo) {
            say("route_choice_declined")
            return true
        }
        if ["neither", "none", "neither of them", "none of them", "something else"].contains(normalized) {
            say("route_choice_declined")
            return true
        }
        // "the negotiation one": whichever of the two the words point to.
        let ranked = router.rank(normalized).filter { $0.dialog.id == first.id || $0.dialog.id == second.id }
        guard let top = ranked.first, ranked.count == 1 || top.score > ranked[1].score else { return false }
        start(top.dialog, for: person, room: room)
        return true
    }

    /// Nothing understood: one line naming the nearest dialogs, a nearby command, a knowledge
    /// hit, and an offer to ask colleagues when it was a question; four lines at most.
    mutating func fallback(_ said: Utterance, near: [Dialog], for person: Person) {
        let suggestions = near.prefix(2).map { message("route_suggestion", ["title": $0.title, "command": $0.triggers.commands.first ?? ""]) }
        var values: [String: Any] = ["text": said.text]
        if !suggestions.isEmpty { values["suggestions"] = suggestions.joined(separator: " or ") }
        say(content.messages.fallback, values, for: person)
        var room = 3
        let nearby = Commands.nearby(said) + Commands.named(by: said)
        if let command = nearby.first {
            say("did_you_mean", ["usage": "• " + message(command.help)])
            room -= 1
        }
        let isQuestion = said.text.contains("?") && said.text.count <= content.settings.qa.maxLength
        let hits = content.index.search(said.text, limit: isQuestion ? room - 2 : room - 1)
        if !hits.isEmpty {
            say("fallback_suggestions")
            lines.append(hits.map { knowledgeLine(content.knowledge[$0.index]) }.joined(separator: "\n"))
        }
        // A question nobody's content answers can go to colleagues: keep it for "post it".
        if isQuestion {
            var profile = profile(person)
            profile.pendingQuestion = said.text.trimmed
            profile.pendingAnonymous = nil
            draft.put(profile)
            say("offer_peers")
        }
    }
}
