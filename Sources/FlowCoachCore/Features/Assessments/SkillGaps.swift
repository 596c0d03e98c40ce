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
    /// Results dated within this many days of an assessment's first are the same assessment: a
    /// 360's rater groups answer on different days.
    public static let sameAssessmentDays = 30

    /// One skill's assessments, oldest first: the rounds of each span of `sameAssessmentDays`
    /// taken together (every rater group's scores, flagged if any was), dated by their latest day.
    public func assessments(of skill: String) -> [(date: String, rating: SkillRating)] {
        var spans: [(start: String, date: String, rating: SkillRating)] = []
        for round in rounds.sorted(by: { $0.date < $1.date }) {
            guard let rating = round.skills[skill] else { continue }
            if var last = spans.last, let gap = Self.days(from: last.start, to: round.date), gap <= Self.sameAssessmentDays {
                for (group, scores) in rating.raters { last.rating.raters[group, default: []] += scores }
                last.rating.flagged = last.rating.flagged || rating.flagged
                last.date = round.date
                spans[spans.count - 1] = last
            } else {
                spans.append((round.date, round.date, rating))
            }
        }
        return spans.map { ($0.date, $0.rating) }
    }

    /// Days between two `YYYY-MM-DD` dates.
    static func days(from start: String, to end: String) -> Int? {
        guard let a = LocalClock.Day(start), let b = LocalClock.Day(end) else { return nil }
        let utc = LocalClock(.gmt)
        return Int((utc.instant(b, minute: 0).timeIntervalSince(utc.instant(a, minute: 0)) / 86_400).rounded())
    }

    /// Per skill (sorted by id): its latest assessment's score and the one before.
    public var standings: [SkillStanding] {
        let skills = Set(rounds.flatMap(\.skills.keys)).sorted()
        return skills.compactMap { skill in
            let assessed = assessments(of: skill)
            guard let now = assessed.last else { return nil }
            let before = assessed.count > 1 ? assessed[assessed.count - 2] : nil
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
