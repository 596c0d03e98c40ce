import Foundation

/// The pure heart of flowcoach: given an event, the current state and `now`, it decides the
/// state changes and the replies. No I/O, no clock, no randomness: the same inputs always give
/// the same turn.
public struct Coach: Sendable {
    public let content: Content
    let router: Router
    let smallTalk: SmallTalk
    let timeZone: TimeZone
    /// Cohort rooms have no person's zone: the Config default.
    let clockForRooms: LocalClock
    /// `content.learning.version`, built once: every message compares it.
    let planVersion: String

    public init(content: Content) {
        self.content = content
        self.router = Router(dialogs: content.dialogs, synonyms: content.language.synonyms, threshold: content.settings.triggerThreshold)
        self.smallTalk = SmallTalk(content.language, topics: router.keywordStems)
        self.timeZone = TimeZone(identifier: content.settings.timeZone) ?? .gmt
        self.clockForRooms = LocalClock(timeZone)
        self.planVersion = content.learning.version
    }

    public func handle(_ event: Event, state: State, now: Date) -> Turn {
        var session = Session(coach: self, draft: Draft(base: state), now: now)
        switch event {
        case .message(let inbound):
            guard session.draft.seen(inbound.eventID) == nil else { return Turn() }
            session.draft.put(SeenEvent(id: inbound.eventID, at: now))
            session.receive(inbound)
            return session.finish(replyID: "\(inbound.eventID).reply", room: inbound.room)
        case .sessionStarted(let person, let room):
            session.open(person, room: room)
            let stamp = Int(now.timeIntervalSince1970)
            return session.finish(replyID: "\(person.id).session.\(stamp)", room: room)
        case .skipped(let inbound):
            guard session.draft.seen(inbound.eventID) == nil else { return Turn() }
            session.draft.put(SeenEvent(id: inbound.eventID, at: now))
            session.count("events.skipped")
            session.say(content.messages.text("skipped_message"), for: inbound.sender)
            return session.finish(replyID: "\(inbound.eventID).reply", room: inbound.room)
        case .tick:
            session.catchUpWithPlan()
            let replies = session.fireFollowUps() + session.escalateUnanswered() + session.sendDueNudges()
            return Turn(changes: session.draft.changes, replies: replies)
        }
    }

    /// Where a message that is no command would go, for `flowcoach route`: a dialog id,
    /// `smalltalk`, `crisis`, `choice` (two dialogs too close to call) or `none`; with the ranking.
    public func destination(of text: String) -> (label: String, ranking: [Router.Ranked]) {
        let normalized = Utterance(text).normalized
        let ranking = router.rank(normalized)
        if smallTalk.isCrisis(text) { return ("crisis", ranking) }
        if let dialog = router.commanded(normalized) { return (dialog.id, ranking) }
        if smallTalk.kind(of: text) != nil { return ("smalltalk", ranking) }
        switch router.decide(normalized) {
        case .start(let dialog): return (dialog.id, ranking)
        case .choose: return ("choice", ranking)
        case .unsure: return ("none", ranking)
        }
    }

    /// When the next follow-up, question escalation or nudge is due, for the runtime's timer.
    public func nextWake(_ state: State) -> Date? {
        // A changed nudge plan not yet scheduled for everyone: at once.
        if state.cursors[Session.planCursor]?.value != planVersion,
           state.profiles.values.contains(where: { $0.nudgePlan != planVersion && !$0.nudgesOff }) { return .distantPast }
        let answered = Set(state.answers.values.lazy.filter { !$0.hidden }.map(\.question))
        let escalation = state.questions.values.compactMap {
            Session.escalationDue($0, hasAnswers: answered.contains($0.id), settings: content.settings.qa)
        }.min()
        return [state.followUps.values.map(\.due).min(), escalation, state.dueQueue.nextDue].compactMap { $0 }.min()
    }
}

/// The work of one turn: a draft of changes and the lines of the reply.
struct Session {
    let coach: Coach
    var draft: Draft
    let now: Date
    var lines: [String] = []
    /// Messages to other people's rooms (an expert asked, an asker told), sent with this turn.
    var notices: [(room: String, text: String)] = []
    /// Steps run so far in this turn (see `maxStepsPerTurn`).
    var stepsRun = 0
    /// The message being handled, when the turn is one.
    var inbound: Inbound?
    /// Set by `forget me` and `admin reload`; see `Turn`.
    var erased: [String] = []
    var reload = false

    var content: Content { coach.content }
    var router: Router { coach.router }

    mutating func finish(replyID: String, room: String) -> Turn {
        var turn = Turn(changes: draft.changes)
        turn.erased = erased
        turn.reload = reload
        let text = lines.joined(separator: "\n\n")
        if !text.isEmpty {
            let reply = Outbound(id: replyID, room: room, text: text)
            turn.changes.append(.put(reply))
            turn.replies.append(reply)
        }
        // A message to nowhere (the asker of a question was forgotten) is not sent.
        for (index, notice) in notices.enumerated() where !notice.room.isEmpty {
            let message = Outbound(id: "\(replyID).n\(index + 1)", room: notice.room, text: notice.text)
            turn.changes.append(.put(message))
            turn.replies.append(message)
        }
        return turn
    }

    mutating func say(_ template: Template?, _ values: [String: Any] = [:], for person: Person) {
        guard let template else { return }
        var all = values
        all["user"] = person.displayName
        let text = template.render(all).trimmed
        if !text.isEmpty { lines.append(text) }
    }

    /// Records that `person` is here; returns true when this is their first contact.
    mutating func remember(_ person: Person) -> Bool {
        // A display name is the platform's to set, not ours to store at any length.
        let name = String(String.UnicodeScalarView(person.displayName.unicodeScalars.prefix(200)))
        if var user = draft.user(person.id) {
            user.lastSeen = now
            user.displayName = name
            draft.put(user)
            noteNudgeResponse(from: person.id)
            return false
        }
        draft.put(UserRecord(id: person.id, displayName: name, firstSeen: now, lastSeen: now))
        return true
    }

    /// The person's profile; their role defaults to the one the admins assigned in Config.
    func profile(_ person: Person) -> Profile {
        var profile = draft.profile(person.id) ?? Profile(id: person.id)
        if profile.role == nil { profile.role = content.settings.roles[person.id] }
        return profile
    }

    mutating func open(_ person: Person, room: String) {
        _ = remember(person)
        scheduleNudges(for: person.id)
        if let conversation = draft.conversation(person.id),
            let dialog = content.dialog(conversation.dialogID), let step = dialog.step(conversation.stepID) ?? confidenceStep(conversation)
        {
            resume(dialog, at: step, conversation: conversation, for: person)
        } else {
            say(content.messages.welcome, for: person)
        }
    }
}

extension Session {
    /// Says the message `key` of `Prompts/messages.yaml` with `values` (and `{{user}}`).
    mutating func say(_ key: String, _ values: [String: Any] = [:], for person: Person) {
        say(content.messages.text(key), values, for: person)
    }

    /// The message `key` as text, for a notice to someone else's room (values made safe).
    func message(_ key: String, _ values: [String: Any] = [:]) -> String {
        content.messages.text(key)?.render(values).trimmed ?? ""
    }

    /// Says the message `key` to whoever wrote the message in hand (no `{{user}}` on a tick).
    mutating func say(_ key: String, _ values: [String: Any] = [:]) {
        say(content.messages.text(key), values, for: inbound?.sender ?? Person(id: "", displayName: ""))
    }
}
