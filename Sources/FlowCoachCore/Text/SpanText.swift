/// Lengths of time as people type them: `30m`, `2h`, `3d`, `12w`. Each caller says which units it
/// takes (a snooze of weeks makes no sense; a report window of minutes neither).
public enum SpanText {
    static let unitSeconds: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400]

    /// The length in seconds, or nil when `text` is not a positive number followed by one of `units`.
    public static func seconds(_ text: String, units: String) -> Double? {
        guard let unit = text.last, units.contains(unit), let perUnit = unitSeconds[unit],
              let amount = Double(text.dropLast()), amount > 0, amount.isFinite else { return nil }
        return amount * perUnit
    }
}
