import Foundation

/// Walking a dialog: start, answer, resume.
extension Session {
    /// A bound on steps run in one turn, so a loop of `say` steps in content can never hang the coach.
    static let maxStepsPerTurn = 50

    mutating func start(_ dialog: Dialog, for person: Person, room: String) {
        guard let first = dialog.steps.first else { return }
        let conversation = Conversation(
            id: person.id, dialogID: dialog.id, stepID: first.id, room: room, startedAt: now, updatedAt: now)
        run(dialog, from: first, conversation: conversation, for: person)
    }

    mutating func answer(
        _ text: String, to step: Step, in dialog: Dialog, conversation: Conversation, for person: Person, room: String
    ) {
        guard case .ask(let question) = step.action else {
            run(dialog, from: step, conversation: conversation, for: person)
            return
        }
        var conversation = conversation
        conversation.room = room
        conversation.updatedAt = now
        switch AnswerCheck.check(text, against: question.expect) {
        case .accepted(let value):
            conversation.slots[question.slot] = value
            conversation.retries = 0
            lines.append(contentsOf: recommendations(step))
            if let next = dialog.step(after: step) {
                run(dialog, from: next, conversation: conversation, for: person)
            } else {
                end(conversation, after: step, for: person)
            }
        case .rejected(let reason):
            conversation.retries += 1
            if conversation.retries >= content.settings.maxRetries {
                draft.delete(.conversations, id: conversation.id)
                say(content.messages.giveUp, ["dialog": dialog.title], for: person)
                return
            }
            if let retry = question.retry {
                say(retry, values(dialog, conversation), for: person)
            } else {
                lines.append(reason)
            }
            ask(question, dialog, conversation, for: person)
            draft.put(.conversation(conversation))
        }
    }

    mutating func resume(_ dialog: Dialog, at step: Step, conversation: Conversation, for person: Person) {
        var question = ""
        if case .ask(let q) = step.action {
            question = q.prompt.render(values(dialog, conversation).merging(["user": person.displayName]) { $1 })
        }
        say(content.messages.resume, ["dialog": dialog.title, "question": question], for: person)
        if case .ask(let q) = step.action { lines.append(contentsOf: options(q.expect)) }
    }

    /// Runs steps from `step` until one asks a question (the conversation waits there) or the dialog ends.
    mutating func run(_ dialog: Dialog, from step: Step, conversation: Conversation, for person: Person) {
        var conversation = conversation
        var step = step
        while stepsRun < Self.maxStepsPerTurn {
            stepsRun += 1
            switch step.action {
            case .say(let template):
                say(template, values(dialog, conversation), for: person)
                lines.append(contentsOf: recommendations(step))
                guard let next = dialog.step(after: step) else {
                    end(conversation, after: step, for: person)
                    return
                }
                step = next
            case .ask(let question):
                conversation.stepID = step.id
                conversation.updatedAt = now
                ask(question, dialog, conversation, for: person)
                draft.put(.conversation(conversation))
                return
            }
        }
        end(conversation, after: step, for: person)
    }

    /// The dialog is over: forget its conversation, then start the follow-on dialog if the step names one.
    mutating func end(_ conversation: Conversation, after step: Step, for person: Person) {
        if draft.conversation(conversation.id) != nil {
            draft.delete(.conversations, id: conversation.id)
        }
        if stepsRun < Self.maxStepsPerTurn, let id = step.nextDialog, let next = content.dialog(id) {
            start(next, for: person, room: conversation.room)
        }
    }

    mutating func ask(_ question: Question, _ dialog: Dialog, _ conversation: Conversation, for person: Person) {
        say(question.prompt, values(dialog, conversation), for: person)
        lines.append(contentsOf: options(question.expect))
    }

    func options(_ expect: Expectation) -> [String] {
        switch expect {
        case .choice(let options):
            [options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")]
        case .yesNo:
            ["(yes / no)"]
        case .text, .number:
            []
        }
    }

    func recommendations(_ step: Step) -> [String] {
        let items = step.recommend.compactMap(content.knowledgeItem)
        return items.isEmpty ? [] : [items.map(KnowledgeView.line).joined(separator: "\n")]
    }

    /// The values a dialog's templates can use: slots by name, plus `user`, `dialog` and `skill`.
    func values(_ dialog: Dialog, _ conversation: Conversation) -> [String: Any] {
        var values: [String: Any] = conversation.slots
        values["dialog"] = dialog.title
        values["skill"] = dialog.skill
        return values
    }
}

/// How knowledge items appear in chat.
enum KnowledgeView {
    static func line(_ item: KnowledgeItem) -> String {
        "• \(item.title) (\(item.kind.rawValue.replacingOccurrences(of: "_", with: " "))): \(item.summary) Say \"show \(item.id)\" to read it."
    }

    static func full(_ item: KnowledgeItem) -> String {
        "\(item.title)\n\n\(item.body.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
}
