import Foundation

/// People's control of their nudges, and replies routed back to a nudge (check-ins, practice).
extension Session {
    /// `stop nudges`, `start nudges`, `snooze 2h`, `snooze tomorrow`, `away until 2026-12-10`,
    /// `timezone Europe/Berlin`. Returns false when `normalized` is none of them.
    mutating func nudgeCommand(_ normalized: String, for person: Person) -> Bool {
        let words = normalized.split(separator: " ").map(String.init)
        guard let first = words.first, ["stop", "start", "snooze", "away", "timezone"].contains(first) else { return false }
        var profile = profile(person)
        let clock = clock(for: person.id)
        switch (words.first, words.count) {
        case ("stop", 2) where words[1] == "nudges":
            profile.nudgesOff = true
            say("nudges_stopped")
        case ("start", 2) where words[1] == "nudges":
            profile.nudgesOff = false
            profile.snoozedUntil = nil
            profile.awayUntil = nil
            profile.nudgePlan = nil
            draft.put(profile)
            scheduleNudges(for: person.id)
            say("nudges_started", ["zone": clock.timeZone.identifier])
            return true
        case ("snooze", 2):
            let until: Date
            if words[1] == "tomorrow" {
                until = clock.instant(clock.adding(1, to: clock.local(now).day), minute: 0)
            } else if let seconds = SpanText.seconds(words[1], units: "mhd") {
                until = now.addingTimeInterval(seconds)
            } else {
                say("snooze_usage")
                return true
            }
            profile.snoozedUntil = until
            say("snoozed", ["until": Self.describe(rules.nextAllowed(until, clock: clock), clock: clock)])
        case ("away", 3) where words[1] == "until":
            guard let day = LocalClock.Day(words[2]), day > clock.local(now).day else {
                say("away_usage")
                return true
            }
            profile.awayUntil = day.description
            say("away_set", ["day": day.description])
        case ("timezone", 2):
            let name = words[1]
            // Time zone names are case-sensitive; take the person's spelling from the known list.
            guard let zone = TimeZone.knownTimeZoneIdentifiers.first(where: { $0.lowercased() == name }) else {
                say("timezone_unknown", ["zone": name])
                return true
            }
            profile.timeZone = zone
            profile.nudgePlan = nil
            say("timezone_set", ["zone": zone])
        default:
            return false
        }
        draft.put(profile)
        return true
    }

    /// Handles a reply to what the coach is waiting for; returns false to treat the message normally.
    mutating func answerAwaiting(_ awaiting: Awaiting, normalized: String, raw: String, for person: Person) -> Bool {
        if ["skip", "stop", "cancel", "later"].contains(normalized) {
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            say("nudge_skipped")
            return true
        }
        switch awaiting.kind {
        case .impact:
            return answerImpact(awaiting, normalized, for: person)
        case .forgetMe:
            return confirmForget(normalized, for: person)
        case .broadcast:
            return confirmBroadcast(awaiting, normalized, for: person)
        case .practiceAnswer:
            practiceAnswer(awaiting, for: person)
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
                profile.awaiting = Awaiting(kind: .checkInNote, ref: checkIn.id)
                say("check_in_what_happened")
            } else {
                profile.awaiting = nil
                say("check_in_not_yet", ["skill": checkIn.skill])
            }
            draft.put(profile)
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
