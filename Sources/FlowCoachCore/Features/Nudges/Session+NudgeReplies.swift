import Foundation

/// People's control of their nudges, and replies routed back to what a nudge asked (check-ins, practice).
extension Session {
    /// `stop nudges` / `start nudges`.
    mutating func setNudges(on: Bool, for person: Person) {
        var profile = profile(person)
        profile.nudgesOff = !on
        guard on else {
            draft.put(profile)
            return say("nudges_stopped")
        }
        profile.snoozedUntil = nil
        profile.awayUntil = nil
        profile.nudgePlan = nil
        draft.put(profile)
        scheduleNudges(for: person.id)
        say("nudges_started", ["zone": clock(for: person.id).timeZone.identifier])
    }

    /// `snooze 2h`, `snooze 3d`, `snooze 3 days`, `snooze an hour`, `snooze tomorrow`.
    mutating func snooze(_ text: String, for person: Person) {
        let span = Self.compactSpan(text)
        let clock = clock(for: person.id)
        let until: Date
        if span == "tomorrow" {
            until = clock.instant(clock.adding(1, to: clock.local(now).day), minute: 0)
        } else if let seconds = SpanText.seconds(span, units: "mhd") {
            until = now.addingTimeInterval(seconds)
        } else {
            return say("snooze_usage")
        }
        var profile = profile(person)
        profile.snoozedUntil = until
        draft.put(profile)
        say("snoozed", ["until": describe(rules.nextAllowed(until, clock: clock), clock: clock)])
    }

    /// "3 days" → "3d", "an hour" → "1h", "30 mins" → "30m"; anything else as it was.
    static func compactSpan(_ text: String) -> String {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 2 else { return text }
        let count = ["a", "an", "one"].contains(words[0]) ? "1" : words[0]
        let unit = words[1]
        let letter = unit.hasPrefix("min") ? "m" : unit.hasPrefix("h") ? "h" : unit.hasPrefix("day") ? "d" : unit.hasPrefix("week") ? "d" : nil
        guard let letter, let number = Int(count) else { return text }
        return "\(unit.hasPrefix("week") ? number * 7 : number)\(letter)"
    }

    /// `away until 2026-12-10`.
    mutating func away(until text: String, for person: Person) {
        let clock = clock(for: person.id)
        guard let day = LocalClock.Day(text), day > clock.local(now).day else { return say("away_usage") }
        var profile = profile(person)
        profile.awayUntil = day.description
        draft.put(profile)
        say("away_set", ["day": day.description])
    }

    /// `timezone Europe/Berlin`: names are case-sensitive, so the known list gives the spelling.
    mutating func setTimeZone(_ name: String, for person: Person) {
        // Names are case-sensitive ("Europe/Berlin"); abbreviations ("CET", "PST") name a zone too.
        let known = TimeZone.knownTimeZoneIdentifiers.first { $0.lowercased() == name.lowercased() }
        guard let zone = known ?? TimeZone(abbreviation: name.uppercased())?.identifier else {
            return say("timezone_unknown", ["zone": name])
        }
        var profile = profile(person)
        profile.timeZone = zone
        profile.nudgePlan = nil
        draft.put(profile)
        replanInNewZone(person.id)
        say("timezone_set", ["zone": zone])
    }

    /// The time zone the platform reports for the sender: kept, and their nudges planned anew
    /// when it changes and they have not chosen one themselves.
    mutating func adoptPlatformTimeZone(_ name: String?, for person: Person) {
        guard let name, TimeZone(identifier: name) != nil, draft.profile(person.id)?.platformTimeZone != name else { return }
        var profile = profile(person)
        profile.platformTimeZone = name
        if profile.timeZone == nil { profile.nudgePlan = nil }
        draft.put(profile)
        if profile.timeZone == nil { replanInNewZone(person.id) }
    }

    /// A new time zone: each recurring nudge's next occurrence is worked out again in it, so
    /// none comes twice on one day (the old zone's and the new one's).
    mutating func replanInNewZone(_ person: String) {
        let clock = clock(for: person)
        for nudge in plan.nudges where isIncluded(person, in: nudge.audience) {
            guard case .recurring = nudge.schedule, let entry = draft.scheduledNudge("n|\(nudge.id)|\(person)"),
                  let nominal = nudge.schedule.next(after: now, clock: clock) else { continue }
            put(ScheduledNudge(id: entry.id, due: rules.nextAllowed(nominal, clock: clock), nominal: nominal, priority: entry.priority))
        }
    }

    /// Drops what the coach was waiting for (`cancel`, `skip`, `later`), saying so.
    mutating func drop(_ awaiting: Awaiting, for person: Person) {
        switch awaiting.kind {
        case .forgetMe: _ = confirmForget("no", for: person)
        case .broadcast: _ = confirmBroadcast(awaiting, "no", for: person)
        default:
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            say("nudge_skipped")
        }
    }

    /// Handles a reply to what the coach is waiting for; returns false to treat the message normally.
    mutating func answerAwaiting(_ awaiting: Awaiting, normalized: String, raw: String, for person: Person) -> Bool {
        switch awaiting.kind {
        case .impact:
            return answerImpact(awaiting, normalized, for: person)
        case .forgetMe:
            return confirmForget(normalized, for: person)
        case .broadcast:
            return confirmBroadcast(awaiting, normalized, for: person)
        case .practiceAnswer:
            practiceAnswer(awaiting, raw, for: person)
        case .practiceGrade:
            practiceGrade(awaiting, normalized, for: person)
        case .checkIn:
            guard var checkIn = draft.checkIn(awaiting.ref), case .accepted(let answer) = AnswerCheck.check(normalized, against: .yesNo) else {
                var profile = profile(person)
                profile.awaiting = nil
                draft.put(profile)
                return false
            }
            checkIn.applied = answer == "yes"
            checkIn.answeredAt = now
            draft.put(checkIn)
            var profile = profile(person)
            if answer == "yes" {
                profile.awaiting = Awaiting(kind: .checkInNote, ref: checkIn.id, since: now)
                say("check_in_what_happened")
            } else {
                profile.awaiting = nil
                say("check_in_not_yet", ["skill": checkIn.skill])
            }
            draft.put(profile)
        case .choice:
            return answerChoice(awaiting, normalized, for: person)
        case .moment:
            return answerMoment(awaiting, normalized, for: person)
        case .checkInNote:
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            guard var checkIn = draft.checkIn(awaiting.ref) else { return false }
            checkIn.note = String(raw.trimmed.prefix(content.settings.qa.maxLength))
            draft.put(checkIn)
            recordApplication(skill: checkIn.skill, note: raw.trimmed, source: "check-in", for: person)
        }
        return true
    }
}
