import Foundation

/// One person's 360 and assessment results, by date: what each rater group scored each skill,
/// and which skills their manager flagged. Kept per person (the id is theirs), so every reader
/// (`my skills`, practice, nudges, recommendations) finds it by id.
public struct AssessmentHistory: Sendable, Codable, Hashable {
    /// The person's user id.
    public var id: String
    /// Oldest first, one per date.
    public var rounds: [AssessmentRound]

    public init(id: String, rounds: [AssessmentRound] = []) {
        self.id = id
        self.rounds = rounds
    }
}

/// The results of one date.
public struct AssessmentRound: Sendable, Codable, Hashable {
    /// `YYYY-MM-DD`.
    public var date: String
    /// By skill id.
    public var skills: [String: SkillRating]
    /// When the last import touching this date was committed.
    public var importedAt: Date

    public init(date: String, skills: [String: SkillRating] = [:], importedAt: Date) {
        self.date = date
        self.skills = skills
        self.importedAt = importedAt
    }
}

/// One skill's scores on one date.
public struct SkillRating: Sendable, Codable, Hashable {
    /// Each rater group's scores (one per rater); `""` when the export names no group.
    public var raters: [String: [Double]]
    /// The manager flagged the skill as a priority.
    public var flagged: Bool

    public init(raters: [String: [Double]] = [:], flagged: Bool = false) {
        self.raters = raters
        self.flagged = flagged
    }

    /// The average over rater groups of each group's average, so a group with many raters
    /// (peers) weighs as much as one with one (the manager).
    public var score: Double {
        let groups = raters.values.filter { !$0.isEmpty }.map { $0.reduce(0, +) / Double($0.count) }
        return groups.isEmpty ? 0 : groups.reduce(0, +) / Double(groups.count)
    }
}

extension AssessmentHistory: StoredEntity {
    public static let collection: CollectionName = "assessments"
    public var owner: String? { id }
}

extension AssessmentHistory {
    /// The history with one import's rows for this person merged in: for each date and skill the
    /// rows name, they replace what that date held for the skill, so importing a file again
    /// changes nothing and a second file of the same date adds its skills.
    public func merging(_ rows: [AssessmentRow], at now: Date) -> AssessmentHistory {
        var rounds = Dictionary(self.rounds.map { ($0.date, $0) }) { _, last in last }
        for (date, dated) in Dictionary(grouping: rows, by: \.date) {
            var round = rounds[date] ?? AssessmentRound(date: date, importedAt: now)
            round.importedAt = now
            for (skill, scored) in Dictionary(grouping: dated, by: \.skill) {
                var rating = SkillRating()
                for row in scored { rating.raters[row.rater, default: []].append(row.score) }
                rating.flagged = scored.contains(where: \.flagged)
                round.skills[skill] = rating
            }
            rounds[date] = round
        }
        return AssessmentHistory(id: id, rounds: rounds.values.sorted { $0.date < $1.date })
    }

    /// Only the rounds dated on or before `day` (`YYYY-MM-DD`), for a report as of then.
    public func asOf(_ day: String) -> AssessmentHistory {
        AssessmentHistory(id: id, rounds: rounds.filter { $0.date <= day })
    }
}
