import Foundation

/// Bounded clean-up of state that only needs to live for a while.
public enum Housekeeping {
    /// Handled event ids older than `maxAge` seconds, to forget (at most `limit` per call so one
    /// journal record stays small). A platform re-feeds events for minutes, not days.
    public static func expiredSeen(in state: State, now: Date, maxAge: Double = 7 * 86_400, limit: Int = 500) -> [Change] {
        let cutoff = now.addingTimeInterval(-maxAge)
        var changes: [Change] = []
        for entry in state.seen.values where entry.at < cutoff {
            changes.append(.delete(SeenEvent.self, id: entry.id))
            if changes.count == limit { break }
        }
        return changes
    }
}
