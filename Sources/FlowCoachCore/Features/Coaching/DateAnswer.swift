import Foundation

/// Reads a day from what a person typed, relative to `now` in their time zone.
enum DateAnswer {
    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The day as yyyy-MM-dd, or nil.
    static func parse(_ text: String, now: Date, timeZone: TimeZone) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let fillers: Set<String> = ["on", "next", "this"]
        let words: [String] = text.split(separator: " ").map(String.init).filter { !fillers.contains($0) }
        var day: Date?
        if words == ["today"] {
            day = today
        } else if words == ["tomorrow"] {
            day = calendar.date(byAdding: .day, value: 1, to: today)
        } else if words.count == 1, let weekday = weekdays.firstIndex(where: { $0.hasPrefix(words[0]) && words[0].count >= 3 }) {
            let current = calendar.component(.weekday, from: today) - 1
            let ahead = (weekday - current + 7) % 7
            day = calendar.date(byAdding: .day, value: ahead == 0 ? 7 : ahead, to: today)
        } else if words.count == 3, words[0] == "in", let count = Int(words[1]), (0...366).contains(count), words[2].hasPrefix("day") {
            day = calendar.date(byAdding: .day, value: count, to: today)
        } else if words.count == 1 {
            let parts = words[0].split(separator: "-").compactMap { Int($0) }
            if parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.month, from: date) == parts[1]
            {
                day = date
            }
        }
        guard let day else { return nil }
        let components = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
    }
}
