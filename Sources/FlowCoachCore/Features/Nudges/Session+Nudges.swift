import Foundation

/// The nudge scheduler's side of a turn: scheduling people's nudges and sending what is due,
/// in their local time, within their allowed hours and daily cap, never twice.
extension Session {
    var plan: LearningPlan { content.learning }
    var rules: DeliveryRules { plan.rules }
    /// At most this many due entries per tick, so one journal record stays small; the runtime
    /// ticks again at once when more are due.
    static let nudgesPerTick = 500
    /// How long a question a nudge asked holds back the next nudge.
    static let questionOpenFor: TimeInterval = 86_400

    func clock(for user: String) -> LocalClock {
        let profile = draft.profile(user)
        let zone = (profile?.timeZone ?? profile?.platformTimeZone).flatMap(TimeZone.init(identifier:)) ?? coach.timeZone
        return LocalClock(zone)
    }

    func role(of person: String) -> String? {
        draft.profile(person)?.role ?? content.settings.roles[person]
    }

    func isIncluded(_ person: String, in audience: Audience) -> Bool {
        switch audience {
        case .everyone: return true
        case .users(let ids): return ids.contains(person)
        case .roles(let roles): return role(of: person).map(roles.contains) ?? false
        case .cohorts(let cohorts):
            return plan.programs.contains { program in
                if let enrolment = draft.enrolment("\(program.id)|\(person)"), cohorts.contains(enrolment.cohort) { return true }
                return program.cohorts.contains { cohorts.contains($0.id) && $0.members.contains(person) }
            }
        }
    }

    /// Schedules the person's nudges when the plan changed since they were last scheduled, and
    /// enrols them in the dated cohorts Config lists them in and in programs that enrol by gap.
    mutating func scheduleNudges(for person: String) {
        enrolByGap(person)
        scheduleDigest(for: person)
        guard var profile = draft.profile(person), profile.nudgePlan != coach.planVersion, !profile.nudgesOff else { return }
        profile.nudgePlan = coach.planVersion
        draft.put(profile)
        let clock = clock(for: person)
        for nudge in plan.nudges where isIncluded(person, in: nudge.audience) {
            let id = "n|\(nudge.id)|\(person)"
            guard draft.scheduledNudge(id) == nil, let nominal = nudge.schedule.next(after: now, clock: clock) else { continue }
            put(ScheduledNudge(id: id, due: rules.nextAllowed(nominal, clock: clock), nominal: nominal, priority: nudge.priority))
        }
        for program in plan.programs {
            for cohort in program.cohorts where cohort.members.contains(person) {
                guard let start = cohort.start, draft.enrolment("\(program.id)|\(person)") == nil else { continue }
                enrol(person, in: program, cohort: cohort.id, start: clock.instant(start, minute: 0))
            }
        }
    }

    /// The cursor that records which nudge plan everyone known has been scheduled for.
    static let planCursor = "nudge-plan"
    /// People brought onto a changed plan per tick.
    static let plannedPerTick = 100

    /// After the plan changed (a reload), schedules everyone who has written to the bot for it,
    /// a batch per tick, instead of waiting for each person's next message.
    mutating func catchUpWithPlan() {
        guard draft.cursor(Self.planCursor)?.value != coach.planVersion else { return }
        var pending: [String] = []
        for profile in draft.base.profiles.values where profile.nudgePlan != coach.planVersion && !profile.nudgesOff {
            pending.append(profile.id)
            if pending.count == Self.plannedPerTick { break }
        }
        for person in pending { scheduleNudges(for: person) }
        if pending.count < Self.plannedPerTick { draft.put(Cursor(id: Self.planCursor, value: coach.planVersion)) }
    }

    mutating func put(_ entry: ScheduledNudge) {
        draft.put(entry)
    }

    mutating func count(_ name: String, by amount: Int = 1) {
        let value = (draft.counter(name)?.value ?? 0) + amount
        draft.put(Counter(id: name, value: value))
    }

    /// Sends every entry now due (up to `nudgesPerTick`); returns the messages.
    mutating func sendDueNudges() -> [Outbound] {
        scheduleCohortRooms()
        scheduleDigests()
        let entries = draft.base.dueQueue.due(at: now, limit: Self.nudgesPerTick).compactMap { draft.scheduledNudge($0) }.filter { $0.due <= now }
        // Per person, higher priority first, so the daily cap keeps what matters most; among equals,
        // what is about the person's priority skills (from their 360 or assessment).
        let leaning = Set(entries.filter(leansToPriorities).map(\.id))
        let ordered = entries.sorted {
            ($0.user, -$0.priority, leaning.contains($0.id) ? 0 : 1, $0.due, $0.id) < ($1.user, -$1.priority, leaning.contains($1.id) ? 0 : 1, $1.due, $1.id)
        }
        var sent: [Outbound] = []
        for entry in ordered {
            lines = []
            notices = []
            stepsRun = 0
            guard let message = fire(entry) else { continue }
            draft.put(message)
            sent.append(message)
        }
        lines = []
        notices = []
        return sent
    }

    /// Decides one due entry: send it (returning the message), or move or drop it.
    mutating func fire(_ due: ScheduledNudge) -> Outbound? {
        var entry = due
        let parts = entry.id.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let isRoom = parts[0] == "u" && parts.count == 4 && unit(parts[1], parts[2])?.toRoom == true
        let clock = clock(for: entry.user)
        if !isRoom {
            guard let profile = draft.profile(entry.user), profile.room != nil else { return drop(entry, "unreachable") }
            if profile.nudgesOff { return drop(entry, "opted_out", next: false) }
            if let until = profile.snoozedUntil, until > now { return hold(entry, until: until, clock: clock, "snoozed") }
            if let away = profile.awayUntil.flatMap(LocalClock.Day.init), away > clock.local(now).day {
                return hold(entry, until: clock.instant(away, minute: 0), clock: clock, "away")
            }
            if now.timeIntervalSince(entry.due) > rules.graceSeconds {
                guard let caught = catchUp(entry, clock: clock) else { return nil }
                entry = caught
            }
            let allowed = rules.nextAllowed(now, clock: clock)
            if allowed > now { return move(entry, to: allowed, clock: clock, "quiet") }
            let today = clock.local(now).day.description
            if profile.nudgeDay == today, (profile.nudgesToday ?? 0) >= rules.maxPerDay {
                return move(entry, to: clock.instant(clock.adding(1, to: clock.local(now).day), minute: 0), clock: clock, "cap")
            }
            // A check-in or practice card never interrupts a dialog in progress, nor a question
            // a nudge asked that is still open (for up to a day): one question at a time.
            if draft.conversation(entry.user) != nil { return move(entry, to: now.addingTimeInterval(3600), clock: clock, "busy") }
            if let since = profile.awaiting?.since, now.timeIntervalSince(since) < Self.questionOpenFor {
                return move(entry, to: now.addingTimeInterval(3600), clock: clock, "busy")
            }
        } else if now.timeIntervalSince(entry.due) > rules.graceSeconds {
            guard let caught = catchUp(entry, clock: clock) else { return nil }
            entry = caught
        }
        let person = Person(id: entry.user, displayName: draft.user(entry.user)?.displayName ?? entry.user)
        switch parts[0] {
        case "n": sayNudge(parts.count > 1 ? parts[1] : "", entry: entry, for: person)
        case "u": sayUnit(parts, entry: entry, for: person)
        case "p": startPractice(skill: nil, for: person, prompted: true)
        case "m": sayDigest(entry, for: person)
        default: break
        }
        reschedule(entry, clock: clock)
        let text = lines.joined(separator: "\n\n")
        // A digest names people: it goes only to the manager's direct room, never a shared one.
        guard !text.isEmpty, let room = isRoom ? entry.user : parts[0] == "m" ? digestRoom(entry.user) : draft.profile(entry.user)?.room else {
            count("nudges.skipped")
            return nil
        }
        if !isRoom, var profile = draft.profile(entry.user) {
            let today = clock.local(now).day.description
            profile.nudgesToday = profile.nudgeDay == today ? (profile.nudgesToday ?? 0) + 1 : 1
            profile.nudgeDay = today
            draft.put(profile)
        }
        count("nudges.sent")
        // The id names this occurrence: after a crash the same message is re-sent with the same id.
        let id = "\(entry.id)@\(Int(entry.nominal.timeIntervalSince1970))"
        if !isRoom { recordDelivery(id, kind: deliveryKind(parts), to: entry.user, clock: clock) }
        return Outbound(id: id, room: room, text: text)
    }

    /// Drops this occurrence (counted by reason) and schedules the next one unless `next` is false.
    mutating func drop(_ entry: ScheduledNudge, _ reason: String, next: Bool = true) -> Outbound? {
        count("nudges.dropped.\(reason)")
        if next { reschedule(entry, clock: clock(for: entry.user)) } else { draft.delete(ScheduledNudge.self, id: entry.id) }
        return nil
    }

    /// After downtime: occurrences missed by more than the grace period are dropped (each
    /// counted); the latest one still within grace stands in for them and is sent now. Returns
    /// nil when none is within grace (the next one is scheduled).
    mutating func catchUp(_ entry: ScheduledNudge, clock: LocalClock) -> ScheduledNudge? {
        var current = entry
        var skipped = 0
        if let nudge = recurringNudge(entry) {
            while skipped < 1000, let next = nudge.schedule.next(after: current.nominal, clock: clock), next <= now {
                current.nominal = next
                current.due = next
                skipped += 1
            }
        }
        if skipped > 0 { count("nudges.dropped.late", by: skipped) }
        guard now.timeIntervalSince(current.due) <= rules.graceSeconds else {
            _ = drop(current, "late")
            return nil
        }
        put(current)
        return current
    }

    func recurringNudge(_ entry: ScheduledNudge) -> NudgeDefinition? {
        let parts = entry.id.split(separator: "|").map(String.init)
        guard parts[0] == "n", parts.count == 3, let nudge = plan.nudge(parts[1]), case .recurring = nudge.schedule else { return nil }
        return nudge
    }

    /// While someone is snoozed or away, a recurring nudge skips to its first occurrence after
    /// they are back (no backlog); anything else waits until then.
    mutating func hold(_ entry: ScheduledNudge, until: Date, clock: LocalClock, _ reason: String) -> Outbound? {
        guard let nudge = recurringNudge(entry), let nominal = nudge.schedule.next(after: until.addingTimeInterval(-1), clock: clock) else {
            return move(entry, to: until, clock: clock, reason)
        }
        count("nudges.skipped.\(reason)")
        put(ScheduledNudge(id: entry.id, due: rules.nextAllowed(nominal, clock: clock), nominal: nominal, priority: entry.priority))
        return nil
    }

    /// Moves this occurrence to the first allowed moment at or after `date`.
    mutating func move(_ entry: ScheduledNudge, to date: Date, clock: LocalClock, _ reason: String) -> Outbound? {
        count("nudges.deferred.\(reason)")
        var moved = entry
        moved.due = rules.nextAllowed(max(date, now), clock: clock)
        put(moved)
        return nil
    }

    /// Schedules the next occurrence of a recurring nudge; one-off entries end here.
    mutating func reschedule(_ entry: ScheduledNudge, clock: LocalClock) {
        let parts = entry.id.split(separator: "|").map(String.init)
        if parts[0] == "n", parts.count == 3, let nudge = plan.nudge(parts[1]), case .recurring = nudge.schedule, isIncluded(entry.user, in: nudge.audience),
            let nominal = nudge.schedule.next(after: max(entry.nominal, now), clock: clock)
        {
            put(ScheduledNudge(id: entry.id, due: rules.nextAllowed(nominal, clock: clock), nominal: nominal, priority: nudge.priority))
        } else if parts[0] == "m", parts.count == 2, let next = nextDigest(for: parts[1], after: max(entry.nominal, now), clock: clock) {
            put(next)
        } else {
            draft.delete(ScheduledNudge.self, id: entry.id)
        }
    }

    /// The lines of nudge `id` for `person`, or none when it no longer applies.
    mutating func sayNudge(_ id: String, entry: ScheduledNudge, for person: Person) {
        guard let nudge = plan.nudge(id), isIncluded(person.id, in: nudge.audience) else { return }
        switch nudge.content {
        case .message(let template):
            say(template, for: person)
        case .knowledge(let itemID):
            guard let item = content.knowledgeItem(itemID) else { return }
            lines.append(KnowledgeView.full(item))
            var profile = profile(person)
            profile.saw(item.id)
            draft.put(profile)
        case .practice(let skill):
            startPractice(skill: skill, for: person, prompted: true)
        case .checkIn(let skill, let question):
            let checkIn = CheckIn(id: "\(id)|\(person.id)|\(Int(entry.nominal.timeIntervalSince1970))", user: person.id, skill: skill, sentAt: now)
            draft.put(checkIn)
            say(question, for: person)
            say("yes_no_hint", for: person)
            var profile = profile(person)
            profile.awaiting = Awaiting(kind: .checkIn, ref: checkIn.id, since: now)
            draft.put(profile)
        case .dialog(let dialogID):
            guard let dialog = content.dialog(dialogID), let room = draft.profile(person.id)?.room else { return }
            start(dialog, for: person, room: room)
        }
    }
}
