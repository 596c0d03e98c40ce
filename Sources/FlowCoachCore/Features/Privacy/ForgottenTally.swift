import Foundation

/// What a forgotten person contributed to the report's totals, with nothing that says who they
/// were: their applications counted per skill and day, and the programs they were in (so a
/// program's report keeps its totals too). One tally per erasure, numbered in order.
public struct ForgottenTally: Sendable, Codable, Hashable {
    public var id: String
    /// skill → day (YYYY-MM-DD, UTC) → applications.
    public var applications: [String: [String: Int]]
    public var programs: [String]

    public init(id: String, applications: [String: [String: Int]], programs: [String]) {
        self.id = id
        self.applications = applications
        self.programs = programs
    }
}

extension ForgottenTally: StoredEntity {
    public static let collection: CollectionName = "forgotten"
    /// Nobody's: it names no one.
    public var owner: String? { nil }
}
