import Foundation

/// Where a person stands on one skill: the latest score (averaged over rater groups on the latest
/// date the skill was assessed) and the one before, if any.
public struct SkillStanding: Sendable, Equatable {
    public var skill: String
    public var score: Double
    /// `YYYY-MM-DD`.
    public var date: String
    /// Their manager flagged it on that date.
    public var flagged: Bool
    public var previousScore: Double?
    public var previousDate: String?
}

/// A skill a person should work on first, and why.
public struct PrioritySkill: Sendable, Equatable {
    public var standing: SkillStanding
    /// One of their lowest scores below the target.
    public var belowTarget: Bool
    /// Their manager flagged it.
    public var flagged: Bool

    public var skill: String { standing.skill }
}

extension AssessmentHistory {
    /// Per skill (sorted by id): its latest score and the one before.
    public var standings: [SkillStanding] {
        var latest: [String: (date: String, rating: SkillRating)] = [:]
        var previous: [String: (date: String, rating: SkillRating)] = [:]
        for round in rounds.sorted(by: { $0.date < $1.date }) {
            for (skill, rating) in round.skills {
                previous[skill] = latest[skill]
                latest[skill] = (round.date, rating)
            }
        }
        return latest.keys.sorted().map { skill in
            let now = latest[skill]!
            let before = previous[skill]
            return SkillStanding(skill: skill, score: now.rating.score, date: now.date, flagged: now.rating.flagged,
                                 previousScore: before?.rating.score, previousDate: before?.date)
        }
    }

    /// The person's priority skills: their `prioritiesPerPerson` lowest scores below the target
    /// (lowest first), then every other skill their manager flagged.
    public func priorities(_ settings: AssessmentSettings) -> [PrioritySkill] {
        let standings = self.standings
        let gaps = standings.filter { $0.score < settings.target }
            .sorted { ($0.score, $0.skill) < ($1.score, $1.skill) }
            .prefix(max(0, settings.prioritiesPerPerson))
        let chosen = Set(gaps.map(\.skill))
        return gaps.map { PrioritySkill(standing: $0, belowTarget: true, flagged: $0.flagged) }
            + standings.filter { $0.flagged && !chosen.contains($0.skill) }.map { PrioritySkill(standing: $0, belowTarget: false, flagged: true) }
    }
}
