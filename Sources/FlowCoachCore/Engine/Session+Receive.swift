import Foundation

/// What a message means, decided in one order (DESIGN.md, "The house, version 2"):
/// 1. duplicates are dropped (`Coach.handle`);
/// 2. a pending question takes the message as its answer, except the control words
///    (help, cancel, back, skip, later, resume) and an explicit `coach <dialog>`;
/// 3. the commands of the table that apply;
/// 4. small talk, and routing to a dialog with a margin (`Session+Routing`);
/// 5. a short fallback, with "did you mean" when the words were close to a command.
/// Words that need a human (`crisis` in Prompts/smalltalk.yaml) come before all of it.
extension Session {
    mutating func receive(_ inbound: Inbound) {
        self.inbound = inbound
        let person = inbound.sender
        let firstContact = remember(person)
        adoptPlatformTimeZone(inbound.timeZone, for: person)
        // Characters as people count them, and bytes: 300,000 combining marks are one character.
        let limit = content.settings.maxMessageLength
        guard inbound.text.utf8.count <= limit * 4, inbound.text.count <= limit else {
            say(content.messages.tooLong, ["limit": limit], for: person)
            return
        }
        // A threaded reply to a board post answers its question.
        if let root = inbound.threadRoot, let question = QAView.questionID(inBoardPost: root) {
            answerQuestion(question, text: inbound.text.trimmed, for: person)
            return
        }
        // A threaded reply to a cohort's discussion prompt that asked what got in the way.
        if let root = inbound.threadRoot, asksForBarriers(root) {
            recordBarrier(inbound.text, for: person, room: inbound.room, program: discussionProgram(room: inbound.room))
            return
        }
        if profile(person).room != inbound.room, inbound.room != content.settings.qa.boardRoom {
            var profile = profile(person)
            profile.room = inbound.room
            draft.put(profile)
        }
        let said = Utterance(inbound.text)
        if coach.smallTalk.isCrisis(inbound.text) {
            count("safety.referrals")
            // A manager telling of what someone on their team faces needs HR and action, not comfort.
            return say(coach.smallTalk.isAboutSomeoneElse(inbound.text) ? "concern_reply" : "crisis_reply")
        }
        var active = draft.conversation(person.id)
        if let conversation = active, now.timeIntervalSince(conversation.updatedAt) > content.settings.dialogIdleHours * 3600 {
            close(conversation, completed: false)
            say("expired", ["dialog": content.dialog(conversation.dialogID)?.title ?? conversation.dialogID], for: person)
            active = nil
        }
        let control = Commands.find(said, scope: .always)
        if control == nil, let active, let target = active.pendingSwitch {
            confirmSwitch(said.normalized, to: target, from: active, for: person, room: inbound.room)
            return
        }
        scheduleNudges(for: person.id)
        scheduleCohortRooms()
        let call = { (length: Int) in Invocation(said: said, length: length, person: person, room: inbound.room, active: active) }
        // A confirmation (forget me, a broadcast) is answered by the very next message, whatever it is.
        if let awaiting = profile(person).awaiting, awaiting.kind.isConfirmation {
            if answerPending(awaiting, said, for: person) || control?.command.declines == true { return }
        }
        if let (command, length) = control {
            return invoke(command, call(length))
        }
        if let awaiting = profile(person).awaiting, answerPending(awaiting, said, for: person) { return }
        // A dialog put aside with "later" waits for "resume"; meanwhile messages are messages.
        let paused = active?.slots[Self.paused] != nil
        if let dialog = router.commanded(said.normalized) {
            if let active, active.dialogID != dialog.id, !paused { return askToSwitch(from: active, to: dialog, for: person) }
            if let active { close(active, completed: false) }
            return start(dialog, for: person, room: inbound.room)
        }
        if let active, !paused, let dialog = content.dialog(active.dialogID) {
            return answer(inbound.text, in: dialog, conversation: active, for: person, room: inbound.room)
        }
        if let (command, length) = Commands.find(said, scope: .idle) {
            return invoke(command, call(length))
        }
        // Only a command's words, or one word more that does not fit: how to say it.
        if let command = Commands.named(by: said).first, said.words.count <= (command.named(by: said) ?? 0) + 1 {
            return say("command_usage", ["usage": message(command.help)])
        }
        route(said, firstContact: firstContact, for: person, room: inbound.room)
    }

    /// A reply to what a nudge or a confirmation asked; false when the message is not an answer
    /// to it (the question is then dropped and the message handled as itself).
    mutating func answerPending(_ awaiting: Awaiting, _ said: Utterance, for person: Person) -> Bool {
        let answered = answerAwaiting(awaiting, normalized: said.normalized, raw: said.text, for: person)
        // A confirmation takes only yes or no; anything else dropped it, as it said, and is then
        // handled as a message of its own.
        guard awaiting.kind.isConfirmation else { return answered }
        if case .accepted = AnswerCheck.check(said.normalized, against: .yesNo) { return true }
        return false
    }
}
