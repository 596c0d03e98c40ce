import Foundation

/// Wall-clock arithmetic in one time zone, with daylight-saving gaps and overlaps resolved
/// the same way every time: a local time skipped by a spring-forward jump moves forward by the
/// gap (02:30 → 03:30); a local time that happens twice takes the first.
public struct LocalClock: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar
    private static let gmt: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// A local date: year, month, day.
    public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var year: Int, month: Int, day: Int
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
        public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
        public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

        /// Parses `2026-12-10`.
        public init?(_ text: String) {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
                LocalClock.gmt.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) != nil
            else { return nil }
            self.init(year: parts[0], month: parts[1], day: parts[2])
        }
    }

    /// The local day and minute of day (0-1439) of `instant`.
    public func local(_ instant: Date) -> (day: Day, minute: Int, weekday: Int) {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
        return (Day(year: parts.year!, month: parts.month!, day: parts.day!), parts.hour! * 60 + parts.minute!, parts.weekday! - 1)
    }

    /// The day after `day` (or `count` days later).
    public func adding(_ count: Int, to day: Day) -> Day {
        let date = Self.gmt.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let next = Self.gmt.date(byAdding: .day, value: count, to: date)!
        let parts = Self.gmt.dateComponents([.year, .month, .day], from: next)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// 0 = Sunday ... 6 = Saturday.
    public func weekday(_ day: Day) -> Int {
        let date = Self.gmt.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return Self.gmt.component(.weekday, from: date) - 1
    }

    /// The instant when the wall clock shows `minute` (of the day) on `day`.
    public func instant(_ day: Day, minute: Int) -> Date {
        let wall = Self.gmt.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60))!
        let before = timeZone.secondsFromGMT(for: wall.addingTimeInterval(-86_400))
        let after = timeZone.secondsFromGMT(for: wall.addingTimeInterval(86_400))
        let valid = Set([before, after]).map { wall.addingTimeInterval(-Double($0)) }
            .filter { timeZone.secondsFromGMT(for: $0) == Int(wall.timeIntervalSince($0)) }
        // Repeated: the first of the two; skipped: the offset in force before the jump.
        return valid.min() ?? wall.addingTimeInterval(-Double(before))
    }
}
