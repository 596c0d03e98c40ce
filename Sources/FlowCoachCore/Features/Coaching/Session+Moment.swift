import Foundation

/// Listening: the moment an opening message names (captured into slots and confirmed rather
/// than asked again), one probe for a vague answer, and a reminder before a known moment with
/// a debrief after it.
extension Session {
    /// Hidden slots: the step whose captured answer waits for a yes, and the moment's day and time.
    static let confirming = "_confirming"
    /// Set by "later": the dialog waits for "resume" and does not take messages as answers.
    static let paused = "_paused"
    static let momentDay = "_moment_day"
    static let momentTime = "_moment_time"
    static let plan = "_plan"
    static func probed(_ step: Step) -> String { "_probed_\(step.id)" }

    /// Saves what `opening` says about the moment into the slots `dialog.capture` names.
    mutating func capture(_ opening: String, for dialog: Dialog, into conversation: inout Conversation) {
        let moment = MomentReader(now: now, timeZone: clock(for: conversation.id).timeZone).read(opening)
        let found: [Capture.Kind: String?] = [.counterpart: moment.counterpart, .when: moment.when, .occasion: moment.occasion]
        for (kind, slot) in dialog.capture {
            if let value = found[kind] ?? nil { conversation.slots[slot] = value }
        }
        if dialog.capture[.when] != nil {
            conversation.slots[Self.momentDay] = moment.day
            conversation.slots[Self.momentTime] = moment.time
        }
    }

    /// Whether the opening message already answered this question.
    func captured(_ question: Question, _ step: Step, _ conversation: Conversation) -> Bool {
        guard let dialog = content.dialog(conversation.dialogID), dialog.capture.values.contains(question.slot) else { return false }
        return !(conversation.slots[question.slot] ?? "").isEmpty && conversation.history?.contains(step.id) != true
    }

    /// Whether an accepted answer gets the step's one follow-up question.
    func shouldProbe(_ question: Question, _ step: Step, _ value: String, _ conversation: Conversation) -> Bool {
        conversation.slots[Self.probed(step)] == nil && question.probes.contains { probeApplies($0.kind, to: value) }
    }

    func probeApplies(_ kind: Probe.Kind, to answer: String) -> Bool {
        let words = TextNormalizer.words(answer)
        switch kind {
        case .short: return words.count < 3
        case .hedging: return coach.smallTalk.isHedging(answer)
        // A verdict, but not one that was said out loud ("she called my design lazy" is a fact).
        case .judgement:
            let reported = words.contains { ["said", "says", "called", "told", "wrote", "shouted", "replied"].contains($0) }
            return coach.smallTalk.isJudgement(answer) && words.count < 8 && !reported
        case .noNumber: return !words.contains { Double($0) != nil || AnswerCheck.numberWords[$0] != nil }
        case .noDate:
            let moment = MomentReader(now: now, timeZone: coach.timeZone).read(answer)
            return moment.day == nil && moment.time == nil && !words.contains { ["week", "month", "morning", "afternoon", "evening"].contains($0) }
        }
    }

    /// After a dialog whose moment is still ahead: offer its plan again before it and a debrief after.
    mutating func offerMoment(_ conversation: Conversation, plan: String?, followUp: String, for person: Person) {
        guard let day = conversation.slots[Self.momentDay].flatMap(LocalClock.Day.init) else { return }
        let clock = clock(for: person.id)
        guard day >= clock.local(now).day else { return }
        var profile = profile(person)
        let detail = [day.description, conversation.slots[Self.momentTime] ?? "", String((plan ?? "").prefix(1500))].joined(separator: "\n")
        profile.awaiting = Awaiting(kind: .moment, ref: followUp, text: detail, since: now)
        draft.put(profile)
        say("moment_offer", ["today": day == clock.local(now).day, "day": dayName(day, clock: clock)])
    }

    /// The answer to the offer: yes schedules the reminder and moves the debrief after the moment.
    mutating func answerMoment(_ awaiting: Awaiting, _ normalized: String, for person: Person) -> Bool {
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        guard case .accepted(let answer) = AnswerCheck.check(normalized, against: .yesNo) else { return false }
        guard answer == "yes", var debrief = draft[FollowUp.self, id: awaiting.ref] else {
            say("moment_declined")
            return true
        }
        let parts = (awaiting.text ?? "").split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let day = parts.first.flatMap(LocalClock.Day.init) else { return true }
        let clock = clock(for: person.id)
        let minute = parts.count > 1 ? Self.minutes(parts[1]) : nil
        let dialog = content.dialog(debrief.dialog)
        // The plan again before the moment (at 08:30 on the day when only the day is known), the
        // debrief after it (the next morning when only the day is known).
        let moment = minute.map { clock.instant(day, minute: $0) }
        let reminder = rules.nextAllowed(moment.map { $0.addingTimeInterval(-(dialog?.remindBefore ?? 3600)) }
                                         ?? clock.instant(day, minute: 8 * 60 + 30), clock: clock)
        let after = moment.map { $0.addingTimeInterval(dialog?.debriefAfter ?? 7200) } ?? clock.instant(clock.adding(1, to: day), minute: 10 * 60)
        debrief.due = rules.nextAllowed(after, clock: clock)
        draft.put(debrief)
        var values: [String: Any] = ["debrief": describe(debrief.due, clock: clock)]
        if reminder > now {
            var slots = debrief.slots
            slots["_plan"] = parts.count > 2 ? parts[2] : ""
            draft.put(FollowUp(id: debrief.id + "|reminder", user: debrief.user, displayName: debrief.displayName, room: debrief.room,
                               due: reminder, dialog: debrief.dialog, slots: slots))
            values["reminder"] = describe(reminder, clock: clock)
        }
        say("moment_scheduled", values)
        return true
    }

    static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : nil
    }
}
