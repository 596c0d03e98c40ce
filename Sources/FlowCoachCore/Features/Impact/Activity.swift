import Foundation

/// Who counts as active: someone who wrote to the coach in a window. One definition, for the
/// report and `admin stats` alike.
public enum Activity {
    /// Ids of people whose last message falls in `since...until`.
    public static func people(in state: State, since: Date, until: Date) -> Set<String> {
        Set(state.users.values.filter { $0.lastSeen >= since && $0.lastSeen <= until }.map(\.id))
    }
}
