import Foundation

/// The aggregate picture of impact over a window, computed from the state: applications per
/// skill and week, impact, confidence lift, mastery, nudge responses, Q&A, active people and
/// progress against each program's goals. Aggregates only: a figure drawn from fewer people than
/// `minimumGroup` is left out (nil) and named in `suppressed`.
public struct Report: Sendable, Encodable, Equatable {
    public var since: Date
    public var until: Date
    public var program: String?
    public var minimumGroup: Int
    /// People who wrote to the coach in the window.
    public var activePeople: Int?
    /// Whom the per-participant figures count: the program's enrolled people, else the active ones.
    public var participants: Int?
    public var weeks: Int
    public var applications: Applications
    public var confidence: Confidence
    public var mastery: [SkillMastery]
    /// Per skill and rubric criterion: how often practice answers and rehearsals met it.
    public var criteria: [CriterionRate] = []
    public var nudges: Nudges
    public var questions: Questions
    public var recommendations: Recommendations
    public var goals: [GoalProgress]
    /// What was left out, and why.
    public var suppressed: [String]

    public struct Applications: Sendable, Encodable, Equatable {
        public var total: Int?
        public var perParticipantPerWeek: Double?
        /// Rows for skills applied by at least `minimumGroup` people.
        public var bySkill: [SkillApplications]
        public var rated: Int?
        public var averageImpact: Double?
        /// Impact ratings by kind (time, quality, customer, other), and the figures reported with them summed.
        public var byKind: [String: Int]
        public var amountByKind: [String: Double]
    }

    public struct SkillApplications: Sendable, Encodable, Equatable {
        public var skill: String
        public var total: Int
        public var people: Int
        public var perParticipant: Double?
        /// Applications in each week of the window, oldest first.
        public var weekly: [Int]
    }

    public struct Confidence: Sendable, Encodable, Equatable {
        public var completedDialogs: Int?
        public var rated: Int?
        public var averageBefore: Double?
        public var averageAfter: Double?
        public var lift: Double?
    }

    /// Which part of a skill people miss: one rubric criterion's share of answers that met it.
    public struct CriterionRate: Sendable, Encodable, Equatable {
        public var skill: String
        public var criterion: String
        public var people: Int
        public var answers: Int
        public var metShare: Double
    }

    public struct SkillMastery: Sendable, Encodable, Equatable {
        public var skill: String
        public var practising: Int
        public var mastered: Int
    }

    public struct Nudges: Sendable, Encodable, Equatable {
        public var checkInsSent: Int?
        public var checkInsAnswered: Int?
        public var responseRate: Double?
        public var appliedRate: Double?
        /// All-time delivery counters (sent, deferred, dropped, skipped by reason).
        public var counters: [String: Int]
    }

    public struct Questions: Sendable, Encodable, Equatable {
        public var asked: Int?
        public var answeredShare: Double?
        public var medianHoursToFirstAnswer: Double?
        public var acceptedShare: Double?
    }

    /// 👍/👎 on knowledge items shown.
    public struct Recommendations: Sendable, Encodable, Equatable {
        public var rated: Int?
        public var helpfulShare: Double?
    }

    public struct GoalProgress: Sendable, Encodable, Equatable {
        public var program: String
        public var metric: String
        public var label: String
        public var target: Double
        /// Nil when suppressed or when nothing could be measured yet.
        public var value: Double?
        public var met: Bool?
    }
}
