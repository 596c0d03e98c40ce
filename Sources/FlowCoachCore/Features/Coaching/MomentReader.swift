import Foundation

/// Reads the moment out of an opening message: who it is with, when, and what it is
/// ("I'm giving a talk to the sales team on Monday" → the sales team, Monday, talk).
struct MomentReader {
    let now: Date
    let timeZone: TimeZone

    struct Moment {
        var counterpart: String?
        /// The day as typed ("tomorrow", "on Thursday") and as yyyy-MM-dd when it can be told.
        var when: String?
        var day: String?
        /// HH:mm, when a time of day was given.
        var time: String?
        var occasion: String?
    }

    static let roles: Set<String> = [
        "manager", "boss", "team", "client", "clients", "customer", "customers", "report", "reports", "colleague", "colleagues",
        "coworker", "cfo", "ceo", "cto", "coo", "vp", "director", "board", "lead", "mentee", "peer", "peers", "stakeholders",
        "stakeholder", "supplier", "vendor", "partner", "intern", "engineer", "designer", "investors", "prospect", "recruiter",
    ]
    static let occasions: [String] = [
        "performance review", "one-on-one", "one on one", "1:1", "1on1", "presentation", "talk", "pitch", "demo", "keynote",
        "meeting", "review", "negotiation", "conversation", "interview", "call", "workshop", "standup", "offsite", "webinar",
        "speech", "catch-up", "check-in",
    ]
    static let weekdays = DateAnswer.weekdays
    static let weekdayShort = ["sun": 0, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6]

    func read(_ text: String) -> Moment {
        let words = text.split(whereSeparator: \.isWhitespace).map { String($0).trimmingCharacters(in: .punctuationCharacters.subtracting(["'", ":", "-"])) }
            .filter { !$0.isEmpty }
        let lower = words.map { $0.lowercased() }
        var moment = Moment()
        readWhen(words, lower, into: &moment)
        moment.counterpart = counterpart(words, lower)
        let folded = " " + lower.joined(separator: " ") + " "
        moment.occasion = Self.occasions.first { folded.contains(" \($0) ") }
        return moment
    }

    private func readWhen(_ words: [String], _ lower: [String], into moment: inout Moment) {
        for (index, word) in lower.enumerated() {
            var phrase: (typed: String, key: String)?
            switch word {
            case "today", "tonight": phrase = (words[index], "today")
            case "tomorrow", "tmrw", "tmr", "tomorow": phrase = (words[index], "tomorrow")
            default:
                let weekday = Self.weekdays.firstIndex(of: word) ?? Self.weekdayShort[word]
                if let weekday {
                    let on = index > 0 && ["on", "next", "this"].contains(lower[index - 1])
                    phrase = ((on ? words[index - 1] + " " : "") + words[index], Self.weekdays[weekday])
                } else if word.count == 10, word.split(separator: "-").count == 3 {
                    phrase = ((index > 0 && lower[index - 1] == "on" ? "on " : "") + words[index], word)
                } else if word == "in", index + 2 < lower.count, let count = Int(lower[index + 1]), lower[index + 2].hasPrefix("day") {
                    phrase = ("in \(count) days", "in \(count) days")
                }
            }
            if let phrase, moment.when == nil {
                moment.when = phrase.typed
                moment.day = DateAnswer.parse(phrase.key, now: now, timeZone: timeZone)
            }
            if moment.time == nil, let time = time(at: index, lower) { moment.time = time }
        }
        if moment.time != nil, moment.day == nil {
            moment.day = DateAnswer.parse("today", now: now, timeZone: timeZone)
        }
    }

    /// "at 3pm", "at 15:30", "3pm", "9am", "in an hour".
    private func time(at index: Int, _ lower: [String]) -> String? {
        let word = lower[index]
        // "in an hour", "in 20 minutes", "in 2 hours", "in half an hour".
        if word == "in", index + 2 < lower.count {
            let count: Double? = ["an", "a"].contains(lower[index + 1]) ? 1 : Double(lower[index + 1])
            let unit = lower[index + 2]
            var seconds: Double?
            if let count, unit.hasPrefix("hour") || unit == "hr" || unit == "hrs" { seconds = count * 3600 }
            if let count, unit.hasPrefix("min") { seconds = count * 60 }
            if lower[index + 1] == "half", index + 3 < lower.count, lower[index + 3].hasPrefix("hour") { seconds = 1800 }
            if let seconds, seconds <= 12 * 3600 {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = timeZone
                let at = calendar.dateComponents([.hour, .minute], from: now.addingTimeInterval(seconds))
                return String(format: "%02d:%02d", at.hour ?? 0, at.minute ?? 0)
            }
        }
        var text = word
        var pm = false
        if text.hasSuffix("pm") || text.hasSuffix("am") {
            pm = text.hasSuffix("pm")
            text = String(text.dropLast(2))
        } else if index + 1 < lower.count, ["pm", "am"].contains(lower[index + 1]) {
            pm = lower[index + 1] == "pm"
        } else if !(index > 0 && lower[index - 1] == "at" && text.contains(":")) {
            return nil
        }
        let parts = text.split(separator: ":").map { Int($0) }
        guard let first = parts.first, var hour = first, (0...23).contains(hour) else { return nil }
        let minute = parts.count > 1 ? (parts[1] ?? 0) : 0
        guard (0...59).contains(minute) else { return nil }
        if pm, hour < 12 { hour += 12 }
        return String(format: "%02d:%02d", hour, minute)
    }

    /// "with Sam", "to the sales team", "for my manager", or else "my manager" anywhere.
    private func counterpart(_ words: [String], _ lower: [String]) -> String? {
        for (index, word) in lower.enumerated() where ["with", "to", "for"].contains(word) && index + 1 < words.count {
            let rest = Array(words[(index + 1)...]), restLower = Array(lower[(index + 1)...])
            if let name = name(rest) { return name }
            if let role = role(rest, restLower) { return role }
        }
        // "my manager" anywhere, but not "someone on my team": a group someone belongs to.
        for (index, word) in lower.enumerated() where ["my", "our"].contains(word) && (index == 0 || !["on", "in", "from", "of", "across", "within"].contains(lower[index - 1])) {
            if let role = role(Array(words[index...]), Array(lower[index...])) { return role }
        }
        return nil
    }

    /// A person's name: one or two capitalised words that are not a weekday, month or "I".
    private func name(_ words: [String]) -> String? {
        guard let first = words.first, let initial = first.first, initial.isUppercase, first != "I",
              !Self.weekdays.contains(first.lowercased()), Self.weekdayShort[first.lowercased()] == nil,
              first.count > 1, first.dropFirst().allSatisfy({ $0.isLowercase || $0 == "'" }) else { return nil }
        let clean = first.hasSuffix("'s") ? String(first.dropLast(2)) : first
        if words.count > 1, let second = words[1].first, second.isUppercase, words[1] != "I", words[1].count > 1,
           words[1].dropFirst().allSatisfy(\.isLowercase), !Self.weekdays.contains(words[1].lowercased()) {
            return clean + " " + words[1]
        }
        return clean
    }

    /// "my manager", "the sales team", "our biggest client": a determiner, up to two words, a role.
    private func role(_ words: [String], _ lower: [String]) -> String? {
        guard let first = lower.first, ["my", "the", "our", "a", "an", "his", "her", "their"].contains(first) else { return nil }
        guard var end = (1..<min(4, lower.count)).first(where: { Self.roles.contains(lower[$0]) }) else { return nil }
        while end + 1 < lower.count, Self.roles.contains(lower[end + 1]) { end += 1 }  // "my team lead"
        return words[0...end].joined(separator: " ")
    }
}
