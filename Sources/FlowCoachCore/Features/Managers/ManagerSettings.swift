import Foundation

/// Who manages whom (`managers:` in Config/flowcoach.yaml, person id → manager id) and when
/// managers get their weekly digest (`manager_digest:`, in each manager's local time).
public struct ManagerSettings: Sendable {
    /// When the digest goes out unless Config says otherwise.
    public static let defaultDigest = "fridays at 15:00"

    /// Each person's manager, by immutable id.
    public let managerOf: [String: String]
    /// Each manager's direct reports, sorted by id.
    public let teams: [String: [String]]
    /// The digest's schedule as written, and parsed (nil: no digests).
    public let digestText: String
    public let digest: Schedule?
    /// Names this set of managers and schedule: when it changes, every manager's digest is scheduled again.
    public let version: String

    public init(managerOf: [String: String] = [:], digest: String = ManagerSettings.defaultDigest) {
        self.managerOf = managerOf
        var teams: [String: [String]] = [:]
        for (person, manager) in managerOf where person != manager { teams[manager, default: []].append(person) }
        self.teams = teams.mapValues { $0.sorted() }
        digestText = digest
        self.digest = try? ScheduleParser.parse(digest)
        version = ([digest] + self.teams.keys.sorted()).joined(separator: "\n")
    }

    /// Whether `person` reports to `manager`.
    public func reports(_ person: String, to manager: String) -> Bool {
        person != manager && managerOf[person] == manager
    }
}
