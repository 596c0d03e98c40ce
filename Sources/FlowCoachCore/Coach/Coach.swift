import Foundation

/// The pure heart of flowcoach: given an event, the current state and `now`, it decides the
/// state changes and the replies. No I/O, no clock, no randomness: the same inputs always give
/// the same turn.
public struct Coach: Sendable {
    public let content: Content
    let router: Router

    public init(content: Content) {
        self.content = content
        self.router = Router(dialogs: content.dialogs)
    }

    public func handle(_ event: Event, state: State, now: Date) -> Turn {
        var session = Session(coach: self, draft: Draft(base: state), now: now)
        switch event {
        case .message(let inbound):
            guard session.draft.seen(inbound.eventID) == nil else { return Turn() }
            session.draft.put(.seen(SeenEvent(id: inbound.eventID, at: now)))
            session.receive(inbound)
            return session.finish(replyID: "\(inbound.eventID).reply", room: inbound.room)
        case .sessionStarted(let person, let room):
            session.open(person, room: room)
            let stamp = Int(now.timeIntervalSince1970)
            return session.finish(replyID: "\(person.id).session.\(stamp)", room: room)
        }
    }
}

/// The work of one turn: a draft of changes and the lines of the reply.
struct Session {
    let coach: Coach
    var draft: Draft
    let now: Date
    var lines: [String] = []
    /// Steps run so far in this turn (see `maxStepsPerTurn`).
    var stepsRun = 0

    var content: Content { coach.content }

    mutating func finish(replyID: String, room: String) -> Turn {
        var turn = Turn(changes: draft.changes)
        let text = lines.joined(separator: "\n\n")
        if !text.isEmpty {
            let reply = Outbound(id: replyID, room: room, text: text)
            turn.changes.append(.put(.outbox(reply)))
            turn.replies.append(reply)
        }
        return turn
    }

    mutating func say(_ template: Template, _ values: [String: Any] = [:], for person: Person) {
        var all = values
        all["user"] = person.displayName
        let text = template.render(all).trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { lines.append(text) }
    }

    /// Records that `person` is here; returns true when this is their first contact.
    mutating func remember(_ person: Person) -> Bool {
        if var user = draft.user(person.id) {
            user.lastSeen = now
            user.displayName = person.displayName
            draft.put(.user(user))
            return false
        }
        draft.put(.user(UserRecord(id: person.id, displayName: person.displayName, firstSeen: now, lastSeen: now)))
        return true
    }

    /// The dialog list that help, welcome and fallback messages show.
    var menu: [String: Any] {
        let dialogs: [[String: Any]] = content.dialogs.map { dialog in
            ["title": dialog.title, "summary": dialog.summary, "command": dialog.triggers.commands.first ?? dialog.title]
        }
        return ["dialogs": dialogs]
    }

    mutating func open(_ person: Person, room: String) {
        let firstContact = remember(person)
        if let conversation = draft.conversation(person.id),
            let dialog = content.dialog(conversation.dialogID), let step = dialog.step(conversation.stepID)
        {
            resume(dialog, at: step, conversation: conversation, for: person)
        } else if firstContact || lines.isEmpty {
            say(content.messages.welcome, menu, for: person)
        }
    }

    mutating func receive(_ inbound: Inbound) {
        let person = inbound.sender
        let firstContact = remember(person)
        guard inbound.text.count <= content.settings.maxMessageLength else {
            say(content.messages.tooLong, ["limit": content.settings.maxMessageLength], for: person)
            return
        }
        let normalized = TextNormalizer.normalize(inbound.text).trimmingCharacters(in: .punctuationCharacters)
        let active = draft.conversation(person.id)

        switch normalized {
        case "help", "?", "menu":
            say(content.messages.help, menu, for: person)
            return
        case "cancel", "stop", "cancel dialog":
            if let active {
                draft.delete(.conversations, id: active.id)
                say(content.messages.cancelled, ["dialog": content.dialog(active.dialogID)?.title ?? active.dialogID], for: person)
            } else {
                say(content.messages.nothingToCancel, for: person)
            }
            return
        default:
            break
        }
        if normalized.hasPrefix("show "), let item = content.knowledgeItem(String(normalized.dropFirst(5))) {
            lines.append(KnowledgeView.full(item))
            return
        }
        if let dialog = router.commanded(normalized) {
            start(dialog, for: person, room: inbound.room)
        } else if let active, let dialog = content.dialog(active.dialogID), let step = dialog.step(active.stepID) {
            answer(inbound.text, to: step, in: dialog, conversation: active, for: person, room: inbound.room)
        } else if let dialog = router.route(normalized) {
            start(dialog, for: person, room: inbound.room)
        } else if firstContact {
            say(content.messages.welcome, menu, for: person)
        } else {
            var values = menu
            values["text"] = inbound.text
            say(content.messages.fallback, values, for: person)
        }
    }

    var router: Router { coach.router }
}
