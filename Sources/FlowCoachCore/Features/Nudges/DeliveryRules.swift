import Foundation

/// When nudges may reach people: working hours, quiet hours, weekends and holidays in each
/// person's local time, a daily cap, and how late a missed nudge may still go out.
public struct DeliveryRules: Sendable, Equatable {
    /// Minutes of the day [start, end) when nudges may arrive; nil means any time outside quiet hours.
    public var workingHours: (start: Int, end: Int)?
    /// Minutes of the day [start, end) when nothing arrives; may wrap past midnight (20:00-08:00).
    public var quietHours: (start: Int, end: Int)?
    /// 0 = Sunday ... 6 = Saturday.
    public var weekendDays: Set<Int> = [0, 6]
    public var holidays: Set<LocalClock.Day> = []
    /// At most this many nudges per person per local day; higher priority goes first.
    public var maxPerDay = 3
    /// A nudge missed while the daemon was down is still sent this long after it was due, else dropped.
    public var graceSeconds: Double = 6 * 3600

    public init() {}

    public static func == (a: DeliveryRules, b: DeliveryRules) -> Bool {
        a.workingHours?.start == b.workingHours?.start && a.workingHours?.end == b.workingHours?.end
            && a.quietHours?.start == b.quietHours?.start && a.quietHours?.end == b.quietHours?.end && a.weekendDays == b.weekendDays
            && a.holidays == b.holidays && a.maxPerDay == b.maxPerDay && a.graceSeconds == b.graceSeconds
    }

    func isQuiet(_ minute: Int) -> Bool {
        guard let quiet = quietHours else { return false }
        return quiet.start <= quiet.end ? (quiet.start..<quiet.end).contains(minute) : minute >= quiet.start || minute < quiet.end
    }

    /// `instant` if a nudge may arrive then, else the next moment one may.
    public func nextAllowed(_ instant: Date, clock: LocalClock) -> Date {
        let firstMinute = workingHours?.start ?? quietHours.map { $0.end } ?? 0
        var moment = instant
        for _ in 0..<1000 {
            let local = clock.local(moment)
            if weekendDays.contains(local.weekday) || holidays.contains(local.day) {
                moment = clock.instant(clock.adding(1, to: local.day), minute: firstMinute)
            } else if isQuiet(local.minute), let quiet = quietHours {
                let day = quiet.end > local.minute ? local.day : clock.adding(1, to: local.day)
                moment = clock.instant(day, minute: quiet.end)
            } else if let working = workingHours, local.minute < working.start {
                moment = clock.instant(local.day, minute: working.start)
            } else if let working = workingHours, local.minute >= working.end {
                moment = clock.instant(clock.adding(1, to: local.day), minute: working.start)
            } else {
                return moment
            }
        }
        return moment
    }
}
