import Foundation

/// Switching dialogs, going back a question, and ending a conversation.
extension Session {
    mutating func askToSwitch(from active: Conversation, to dialog: Dialog, for person: Person) {
        var conversation = active
        conversation.pendingSwitch = dialog.id
        conversation.updatedAt = now
        draft.put(conversation)
        let current = content.dialog(active.dialogID)?.title ?? active.dialogID
        say(content.messages.text("switch_confirm"), ["current": current, "next": dialog.title], for: person)
    }

    mutating func confirmSwitch(_ normalized: String, to target: String, from active: Conversation, for person: Person, room: String) {
        var conversation = active
        conversation.pendingSwitch = nil
        switch AnswerCheck.check(normalized, against: .yesNo) {
        case .accepted("yes"):
            close(active, completed: false)
            if let dialog = content.dialog(target) { start(dialog, for: person, room: room) }
        case .accepted:
            draft.put(conversation)
            guard let dialog = content.dialog(active.dialogID) else { return }
            say(content.messages.text("switch_declined"), ["dialog": dialog.title], for: person)
            if let step = dialog.step(active.stepID) ?? confidenceStep(active), case .ask(let question) = step.action {
                ask(question, dialog, conversation, for: person)
            }
        case .rejected(let reason):
            say(reason, for: person)
        }
    }

    /// Re-asks the previous question.
    mutating func goBack(_ active: Conversation, in dialog: Dialog, for person: Person) {
        var conversation = active
        var history = conversation.history ?? []
        guard let previous = history.popLast(), let step = dialog.step(previous), case .ask(let question) = step.action else {
            // Nothing before it (the first question, or the opening confidence one): ask it again.
            if let step = dialog.step(active.stepID) ?? confidenceStep(active), case .ask(let question) = step.action {
                ask(question, dialog, conversation, for: person)
            }
            return
        }
        conversation.history = history
        conversation.stepID = previous
        conversation.retries = 0
        conversation.updatedAt = now
        draft.put(conversation)
        ask(question, dialog, conversation, for: person)
    }

    /// Ends a conversation, recording how its run finished.
    mutating func close(_ conversation: Conversation, completed: Bool) {
        if draft.conversation(conversation.id) != nil { draft.delete(Conversation.self, id: conversation.id) }
        if let runID = conversation.runID, var run = draft.run(runID) {
            run.endedAt = now
            run.completed = completed
            run.answered = conversation.history ?? []
            run.endedAtStep = completed ? nil : conversation.stepID
            if let before = conversation.slots["confidence_before"].flatMap(Int.init) { run.confidenceBefore = before }
            if let after = conversation.slots["confidence_after"].flatMap(Int.init) { run.confidenceAfter = after }
            draft.put(run)
        }
    }
}
