import Foundation

/// When a follow-up is due: `after` seconds from the end of the dialog, moved to the plan's
/// local time of day on that date when it names one.
enum FollowUpClock {
    static func due(after end: Date, plan: FollowUpPlan, timeZone: TimeZone) -> Date {
        let base = end.addingTimeInterval(plan.after)
        guard let at = plan.at else { return base }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var components = calendar.dateComponents([.year, .month, .day], from: base)
        components.hour = at.hour
        components.minute = at.minute
        // A time skipped by a daylight-saving jump resolves to the next valid moment.
        return calendar.date(from: components) ?? base
    }
}
