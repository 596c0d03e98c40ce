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
            lines.append("OK, no more nudges. Say \"start nudges\" whenever you want them back.")
        case ("start", 2) where words[1] == "nudges":
            profile.nudgesOff = false
            profile.snoozedUntil = nil
            profile.awayUntil = nil
            profile.nudgePlan = nil
            draft.put(profile)
            scheduleNudges(for: person.id)
            lines.append("Nudges are on again, in your working hours (\(clock.timeZone.identifier)).")
            return true
        case ("snooze", 2):
            let until: Date
            if words[1] == "tomorrow" {
                until = clock.instant(clock.adding(1, to: clock.local(now).day), minute: 0)
            } else if let seconds = SpanText.seconds(words[1], units: "mhd") {
                until = now.addingTimeInterval(seconds)
            } else {
                lines.append("Say \"snooze 2h\", \"snooze 30m\", \"snooze 3d\" or \"snooze tomorrow\".")
                return true
            }
            profile.snoozedUntil = until
            lines.append("Snoozed: nothing until \(Self.describe(rules.nextAllowed(until, clock: clock), clock: clock)).")
        case ("away", 3) where words[1] == "until":
            guard let day = LocalClock.Day(words[2]), day > clock.local(now).day else {
                lines.append("Say \"away until YYYY-MM-DD\" with a date after today, e.g. \"away until 2026-12-10\".")
                return true
            }
            profile.awayUntil = day.description
            lines.append("Enjoy your time away. Nudges resume on \(day).")
        case ("timezone", 2):
            let name = words[1]
            // Time zone names are case-sensitive; take the person's spelling from the known list.
            guard let zone = TimeZone.knownTimeZoneIdentifiers.first(where: { $0.lowercased() == name }) else {
                lines.append("I don't know the time zone \"\(SafeText.neutralise(name))\". Use a name like Europe/Berlin or America/New_York.")
                return true
            }
            profile.timeZone = zone
            profile.nudgePlan = nil
            lines.append("Your time zone is now \(zone); nudges follow your local working hours.")
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
            lines.append("OK, skipped.")
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
                lines.append("Great. What happened? A sentence or two is plenty (or \"skip\").")
            } else {
                profile.awaiting = nil
                lines.append("Thanks for being honest. Next time the chance comes, say \"coach \(checkIn.skill)\" and we'll prepare it together.")
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
