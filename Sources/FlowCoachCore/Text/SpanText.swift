/// Lengths of time as people type them: `30m`, `2h`, `3d`, `12w`. Each caller says which units it
/// takes (a snooze of weeks makes no sense; a report window of minutes neither).
public enum SpanText {
    static let unitSeconds: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400]

    /// The longest span anyone means: ten years.
    static let longest = 10 * 366 * 86_400.0

    /// The length in seconds, or nil when `text` is not a positive number followed by one of
    /// `units`, or is longer than ten years (`snooze 99999999999w` is a typo, not a plan).
    public static func seconds(_ text: String, units: String) -> Double? {
        guard let unit = text.last, units.contains(unit), let perUnit = unitSeconds[unit],
              let amount = Double(text.dropLast()), amount > 0, amount.isFinite, amount * perUnit <= longest else { return nil }
        return amount * perUnit
    }
}
