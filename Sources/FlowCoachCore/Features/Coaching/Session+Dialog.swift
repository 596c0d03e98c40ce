import Foundation

/// Walking a dialog: start, answer, branch, end, resume.
extension Session {
    /// A bound on steps run in one turn, so a loop in content can never hang the coach.
    static let maxStepsPerTurn = 50
    static let confidenceBefore = "_confidence_before"
    static let confidenceAfter = "_confidence_after"

    /// Starts `dialog`; `opening` is the message that asked for it, read for the moment it names.
    mutating func start(_ dialog: Dialog, for person: Person, room: String, opening: String? = nil) {
        guard let first = dialog.steps.first else { return }
        if let earlier = draft.conversation(person.id) { close(earlier, completed: false) }  // one put aside with "later"
        let record = DialogRun(user: person.id, dialog: dialog.id, skill: dialog.skill, startedAt: now)
        draft.put(record)
        var conversation = Conversation(
            id: person.id, dialogID: dialog.id, stepID: first.id, room: room, startedAt: now, updatedAt: now)
        conversation.runID = record.id
        if let opening, !dialog.capture.isEmpty { capture(opening, for: dialog, into: &conversation) }
        if dialog.asksConfidence, let step = confidenceStep(id: Self.confidenceBefore) {
            run(dialog, from: step, conversation: conversation, for: person)
        } else {
            run(dialog, from: first, conversation: conversation, for: person)
        }
    }

    /// The built-in 1-5 confidence questions asked before and after a dialog that wants them.
    func confidenceStep(id: String) -> Step? {
        let key = id == Self.confidenceBefore ? "confidence_before" : "confidence_after"
        guard let prompt = content.messages.text(key) else { return nil }
        return Step(id: id, action: .ask(Question(prompt: prompt, slot: key, expect: .number(min: 1, max: 5))))
    }

    func confidenceStep(_ conversation: Conversation) -> Step? {
        [Self.confidenceBefore, Self.confidenceAfter].contains(conversation.stepID) ? confidenceStep(id: conversation.stepID) : nil
    }

    mutating func answer(_ text: String, in dialog: Dialog, conversation: Conversation, for person: Person, room: String) {
        guard let step = dialog.step(conversation.stepID) ?? confidenceStep(conversation) else {
            close(conversation, completed: false)
            return
        }
        guard case .ask(let question) = step.action else {
            run(dialog, from: step, conversation: conversation, for: person)
            return
        }
        var conversation = conversation
        conversation.room = room
        conversation.updatedAt = now
        if conversation.slots[Self.confirming] == step.id {
            conversation.slots[Self.confirming] = nil
            switch AnswerCheck.check(text, against: .yesNo) {
            case .accepted("yes"):
                return advance(past: step, dialog, conversation, for: person)
            case .accepted:
                conversation.slots[question.slot] = nil
                ask(question, dialog, conversation, for: person)
                return draft.put(conversation)
            case .rejected:
                break  // the answer itself, correcting what was read
            }
        }
        switch AnswerCheck.check(text, against: question.expect, now: now, timeZone: coach.timeZone) {
        case .accepted(let value) where shouldProbe(question, step, value, conversation):
            conversation.slots[question.slot] = value
            conversation.slots[Self.probed(step)] = "1"
            if let probe = question.probes.first(where: { probeApplies($0.kind, to: value) }) {
                say(probe.ask, values(dialog, conversation, person), for: person)
            }
            draft.put(conversation)
        case .accepted(let value):
            conversation.slots[question.slot] = value
            conversation.retries = 0
            advance(past: step, dialog, conversation, for: person)
        case .rejected(let reason):
            conversation.retries += 1
            if conversation.retries >= content.settings.maxRetries {
                close(conversation, completed: false)
                say(content.messages.giveUp, ["dialog": dialog.title], for: person)
                return
            }
            if let retry = question.retry {
                say(retry, values(dialog, conversation, person), for: person)
            } else {
                say(reason, for: person)
            }
            ask(question, dialog, conversation, for: person)
            draft.put(conversation)
        }
    }

    /// The question of `step` is answered: on to what follows it.
    mutating func advance(past step: Step, _ dialog: Dialog, _ conversation: Conversation, for person: Person) {
        var conversation = conversation
        if !step.id.hasPrefix("_") { conversation.history = (conversation.history ?? []) + [step.id] }
        recommend(step, dialog, conversation, for: person)
        if step.id == Self.confidenceBefore, let first = dialog.steps.first {
            run(dialog, from: first, conversation: conversation, for: person)
        } else if step.id == Self.confidenceAfter {
            say(content.messages.text("confidence_thanks"), for: person)
            finish(dialog, conversation, for: person)
        } else if let next = dialog.step(after: step) {
            run(dialog, from: next, conversation: conversation, for: person)
        } else {
            end(dialog, conversation, after: step, for: person)
        }
    }

    mutating func resume(_ dialog: Dialog, at step: Step, conversation: Conversation, for person: Person) {
        var question = ""
        if case .ask(let q) = step.action {
            question = q.prompt.render(values(dialog, conversation, person).merging(["user": person.displayName]) { $1 })
        }
        say(content.messages.resume, ["dialog": dialog.title, "question": question], for: person)
        if case .ask(let q) = step.action { lines.append(contentsOf: options(q.expect)) }
    }

    /// Runs steps from `step` until one asks a question (the conversation waits there) or the dialog ends.
    mutating func run(_ dialog: Dialog, from step: Step, conversation: Conversation, for person: Person) {
        var step = step
        var conversation = conversation
        while stepsRun < Self.maxStepsPerTurn {
            stepsRun += 1
            switch step.action {
            case .say(let template):
                say(template, values(dialog, conversation, person), for: person)
                // The latest script said is the plan a moment's reminder brings back.
                if let said = lines.last { conversation.slots[Self.plan] = String(said.prefix(1500)) }
                recommend(step, dialog, conversation, for: person)
                guard let next = dialog.step(after: step) else {
                    end(dialog, conversation, after: step, for: person)
                    return
                }
                step = next
            case .branch(let branches):
                let role = profile(person).role
                let taken = branches.first { branch in
                    guard let slot = branch.slot else { return true }
                    let value = slot == "role" ? role : conversation.slots[slot]
                    return value.map(branch.accepts) ?? false
                }
                guard let taken, let next = dialog.step(taken.target) else {
                    end(dialog, conversation, after: step, for: person)
                    return
                }
                step = next
            case .review(let slots, let criteria):
                let text = slots.compactMap { conversation.slots[$0] }.joined(separator: "\n")
                review(text, against: criteria, card: dialog.id, skill: dialog.skill, for: person)
                guard let next = dialog.step(after: step) else {
                    end(dialog, conversation, after: step, for: person)
                    return
                }
                step = next
            case .ask(let question) where captured(question, step, conversation):
                // The opening message already answered it: confirm, or go on without asking.
                var waiting = conversation
                waiting.stepID = step.id
                waiting.updatedAt = now
                if let confirm = question.confirm {
                    waiting.slots[Self.confirming] = step.id
                    say(confirm, values(dialog, waiting, person), for: person)
                    lines.append(contentsOf: options(.yesNo))
                    draft.put(waiting)
                    return
                }
                guard let next = dialog.step(after: step) else {
                    end(dialog, conversation, after: step, for: person)
                    return
                }
                step = next
            case .ask(let question):
                var waiting = conversation
                waiting.stepID = step.id
                waiting.updatedAt = now
                ask(question, dialog, waiting, for: person)
                draft.put(waiting)
                return
            }
        }
        close(conversation, completed: false)
    }

    /// The last step is done: ask the closing confidence question if wanted, else finish.
    mutating func end(_ dialog: Dialog, _ conversation: Conversation, after step: Step, for person: Person) {
        if dialog.asksConfidence, conversation.slots["confidence_after"] == nil, let confidence = confidenceStep(id: Self.confidenceAfter) {
            var pending = conversation
            pending.slots["_next_dialog"] = step.nextDialog
            run(dialog, from: confidence, conversation: pending, for: person)
            return
        }
        var conversation = conversation
        if let next = step.nextDialog { conversation.slots["_next_dialog"] = next }
        finish(dialog, conversation, for: person)
    }

    /// Records the completed run, schedules the follow-up, and starts the follow-on dialog if any.
    mutating func finish(_ dialog: Dialog, _ conversation: Conversation, for person: Person) {
        close(conversation, completed: true)
        // The end of coaching (not a hand-over to the next dialog) invites the report of using it.
        // (A reflection, the dialog other dialogs' follow-ups start, invites nothing more.)
        let isReflection = content.dialogs.contains { $0.followUp?.dialog == dialog.id }
        if !dialog.skill.isEmpty, !isReflection, conversation.slots["_next_dialog"] == nil {
            say(content.messages.text("applied_offer"), ["skill": dialog.skill], for: person)
        }
        if let plan = dialog.followUp {
            let due = FollowUpClock.due(after: now, plan: plan, timeZone: coach.timeZone)
            let followUp = FollowUp(
                id: "\(conversation.runID ?? "\(person.id)|\(dialog.id)")|follow-up", user: person.id, displayName: person.displayName,
                room: conversation.room, due: due, dialog: dialog.id, slots: conversation.slots.filter { !$0.key.hasPrefix("_") })
            draft.put(followUp)
            offerMoment(conversation, plan: conversation.slots[Self.plan], followUp: followUp.id, for: person)
        }
        if stepsRun < Self.maxStepsPerTurn, let id = conversation.slots["_next_dialog"], let next = content.dialog(id) {
            start(next, for: person, room: conversation.room)
        }
    }

    mutating func ask(_ question: Question, _ dialog: Dialog, _ conversation: Conversation, for person: Person) {
        say(question.prompt, values(dialog, conversation, person), for: person)
        lines.append(contentsOf: options(question.expect))
    }

    func options(_ expect: Expectation) -> [String] {
        switch expect {
        case .choice(let options):
            [options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")]
        case .yesNo:
            [message("yes_no_hint")]
        case .text, .number, .date:
            []
        }
    }

    /// The values a dialog's templates can use: slots by name, plus `user`, `dialog`, `skill` and `role`.
    func values(_ dialog: Dialog, _ conversation: Conversation, _ person: Person) -> [String: Any] {
        var values: [String: Any] = conversation.slots.mapValues(Phrase.init)
        values["dialog"] = dialog.title
        values["skill"] = dialog.skill
        values["role"] = profile(person).role ?? ""
        return values
    }
}
