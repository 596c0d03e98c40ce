import Foundation

/// When a nudge is due, in the person's local time: recurring (cron's five fields, or friendly
/// forms such as "weekdays at 09:30"), once at a local date and time, or relative to an anchor
/// (a program's start, an enrolment, the end of a dialog: "+2d at 10:00").
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    case recurring(Cron)
    case once(LocalClock.Day, minute: Int)
    case relative(days: Int, minutes: Int, at: Int?)

    /// Minute, hour, day of month, month, weekday (0 = Sunday), each a set of allowed values.
    public struct Cron: Sendable, Equatable {
        public var minutes: [Int], hours: [Int], daysOfMonth: Set<Int>, months: Set<Int>, weekdays: Set<Int>
        /// Cron's rule: when both day fields are restricted, either may match.
        var dayOfMonthRestricted: Bool, weekdayRestricted: Bool

        func matches(_ day: LocalClock.Day, weekday: Int) -> Bool {
            guard months.contains(day.month) else { return false }
            switch (dayOfMonthRestricted, weekdayRestricted) {
            case (true, true): return daysOfMonth.contains(day.day) || weekdays.contains(weekday)
            case (true, false): return daysOfMonth.contains(day.day)
            case (false, true): return weekdays.contains(weekday)
            case (false, false): return true
            }
        }
    }

    public var description: String {
        switch self {
        case .recurring(let cron): "recurring at \(cron.hours.count * cron.minutes.count) time(s) a day"
        case .once(let day, let minute): "once on \(day) at \(Self.clock(minute))"
        case .relative(let days, let minutes, let at): "+\(days)d\(minutes > 0 ? "\(minutes)m" : "")\(at.map { " at \(Self.clock($0))" } ?? "")"
        }
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// The first due moment strictly after `after` (relative schedules count from `anchor`).
    public func next(after: Date, clock: LocalClock, anchor: Date? = nil) -> Date? {
        switch self {
        case .once(let day, let minute):
            let instant = clock.instant(day, minute: minute)
            return instant > after ? instant : nil
        case .relative(let days, let minutes, let at):
            guard let anchor else { return nil }
            let base = anchor.addingTimeInterval(Double(minutes) * 60)
            var local = clock.local(base)
            local.day = clock.adding(days, to: local.day)
            let instant = clock.instant(local.day, minute: at ?? local.minute)
            return instant > after ? instant : nil
        case .recurring(let cron):
            var day = clock.local(after).day
            for _ in 0..<(366 * 5) {
                if cron.matches(day, weekday: clock.weekday(day)) {
                    for hour in cron.hours {
                        for minute in cron.minutes {
                            let instant = clock.instant(day, minute: hour * 60 + minute)
                            if instant > after { return instant }
                        }
                    }
                }
                day = clock.adding(1, to: day)
            }
            return nil
        }
    }
}

/// Reads schedules as admins write them; errors say what form was expected.
public enum ScheduleParser {
    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public static func parse(_ text: String) throws(ScheduleError) -> Schedule {
        let source = text.trimmed.lowercased()
        let words = source.split(separator: " ").map(String.init)
        if source.hasPrefix("+") { return try relative(source) }
        if words.count == 5, words.allSatisfy({ $0.allSatisfy { "0123456789*/,-".contains($0) } || dayNames.contains(String($0.prefix(3))) }) {
            return .recurring(try cron(words))
        }
        // "2026-12-01 10:00", "on 2026-12-01 at 10:00", "at 2026-12-01 10:00"
        let dated = words.filter { $0 != "on" && $0 != "at" }
        if dated.count == 2, let day = LocalClock.Day(dated[0]) {
            return .once(day, minute: try time(dated[1]))
        }
        // "<days> at HH:MM"
        guard let at = words.firstIndex(of: "at"), at + 1 == words.count - 1 else {
            throw ScheduleError("`\(text)` is not a schedule; write e.g. \"weekdays at 09:30\", \"daily at 10:00\", \"mondays at 9:00\", \"30 9 * * 1-5\", \"2026-12-01 10:00\" or \"+2d at 10:00\"")
        }
        let minute = try time(words[at + 1])
        let days = words[..<at].filter { $0 != "every" && $0 != "on" && $0 != "and" }.joined(separator: " ")
        let weekdays: Set<Int>
        switch days {
        case "daily", "day", "":
            weekdays = Set(0...6)
        case "weekdays", "weekday":
            weekdays = Set(1...5)
        case "weekends", "weekend":
            weekdays = [0, 6]
        default:
            var set: Set<Int> = []
            for name in days.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let index = dayNames.firstIndex(of: String(name.prefix(3))) else {
                    throw ScheduleError("`\(name)` is not a day; use daily, weekdays, weekends or day names such as monday")
                }
                set.insert(index)
            }
            weekdays = set
        }
        return .recurring(
            Schedule.Cron(
                minutes: [minute % 60], hours: [minute / 60], daysOfMonth: Set(1...31), months: Set(1...12), weekdays: weekdays,
                dayOfMonthRestricted: false, weekdayRestricted: weekdays.count < 7))
    }

    /// `HH:MM` → minute of the day.
    public static func time(_ text: String) throws(ScheduleError) -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else {
            throw ScheduleError("`\(text)` is not a time of day; write HH:MM, e.g. 09:30")
        }
        return hour * 60 + minute
    }

    /// `+2d at 10:00`, `+1w`, `+3h`, `+90m`.
    static func relative(_ text: String) throws(ScheduleError) -> Schedule {
        let words = text.split(separator: " ").map(String.init)
        let amount = words[0].dropFirst()
        guard let unit = amount.last, let count = Int(amount.dropLast()), count >= 0 else {
            throw ScheduleError("`\(text)` is not a relative schedule; write e.g. \"+2d at 10:00\", \"+1w\" or \"+3h\"")
        }
        var at: Int?
        if words.count == 3, words[1] == "at" {
            at = try time(words[2])
        } else if words.count != 1 {
            throw ScheduleError("`\(text)` is not a relative schedule; write e.g. \"+2d at 10:00\"")
        }
        switch unit {
        case "d": return .relative(days: count, minutes: 0, at: at)
        case "w": return .relative(days: count * 7, minutes: 0, at: at)
        case "h": return .relative(days: 0, minutes: count * 60, at: at)
        case "m": return .relative(days: 0, minutes: count, at: at)
        default: throw ScheduleError("unknown unit `\(unit)` in `\(text)`; use m, h, d or w")
        }
    }

    static func cron(_ fields: [String]) throws(ScheduleError) -> Schedule.Cron {
        let minutes = try values(fields[0], 0...59, "minute")
        let hours = try values(fields[1], 0...23, "hour")
        let days = try values(fields[2], 1...31, "day of month")
        let months = try values(fields[3], 1...12, "month")
        var weekdays = try values(fields[4], 0...7, "weekday", names: dayNames)
        if weekdays.contains(7) { weekdays.insert(0) }
        weekdays.remove(7)
        return Schedule.Cron(
            minutes: minutes.sorted(), hours: hours.sorted(), daysOfMonth: days, months: months, weekdays: weekdays,
            dayOfMonthRestricted: fields[2] != "*", weekdayRestricted: fields[4] != "*")
    }

    /// One cron field: `*`, `*/n`, `a`, `a-b`, `a-b/n`, comma lists.
    static func values(_ field: String, _ range: ClosedRange<Int>, _ what: String, names: [String] = []) throws(ScheduleError) -> Set<Int> {
        var result: Set<Int> = []
        for part in field.split(separator: ",") {
            let pieces = part.split(separator: "/")
            let step = pieces.count == 2 ? Int(pieces[1]) : 1
            guard let step, step > 0, pieces.count <= 2 else { throw ScheduleError("bad step in \(what) field `\(field)`") }
            var low = range.lowerBound
            var high = range.upperBound
            if pieces[0] != "*" {
                let bounds = pieces[0].split(separator: "-").map { bound -> Int? in Int(bound) ?? names.firstIndex(of: String(bound.prefix(3))) }
                guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds.last ?? nil, range.contains(first), range.contains(last), first <= last else {
                    throw ScheduleError("\(what) field `\(field)` must use values \(range.lowerBound)-\(range.upperBound)")
                }
                low = first
                high = pieces.count == 2 && bounds.count == 1 ? range.upperBound : last
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }
}

/// Why a schedule did not parse.
public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
