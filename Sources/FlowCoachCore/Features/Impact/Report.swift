import Foundation

/// The aggregate picture of impact over a window, computed from the state: applications per
/// skill and week, impact, confidence lift, mastery, nudge responses, Q&A, active people and
/// progress against each program's goals. Aggregates only: a figure drawn from fewer people than
/// `minimumGroup` is left out (nil) and named in `hidden`, each figure by the people it is drawn from.
public struct Report: Sendable, Encodable, Equatable {
    public var since: Date
    public var until: Date
    public var program: String?
    public var minimumGroup: Int
    /// People who wrote to the coach in the window (`Activity`, shared with `admin stats`).
    public var activePeople: Int?
    /// Whom the per-participant figures count: the program's enrolled people, else the active ones.
    public var participants: Int?
    public var weeks: Int
    public var applications: Applications
    public var confidence: Confidence
    public var mastery: [SkillMastery]
    /// 360 and assessment results: who has one, and how gaps moved by skill.
    public var intake = Intake()
    /// Per skill and rubric criterion: how often practice answers and rehearsals met it.
    public var criteria: [CriterionRate] = []
    /// Per dialog: how many people started it and how far they got.
    public var funnels: [DialogFunnel] = []
    public var nudges: Nudges
    /// Managers' digests, their opening and recognitions (`Features/Managers`).
    public var managers = ManagerEngagement()
    /// What got in the way, by category and by program and skill, without names.
    public var barriers: [BarrierCount] = []
    public var questions: Questions
    public var recommendations: Recommendations
    public var goals: [GoalProgress]
    /// The skills each program's goals are measured on.
    public var goalSkills: [String: [String]] = [:]
    /// Figures left out because they are drawn from fewer than `minimumGroup` people: a single
    /// figure as `section/name`, a whole group of rows as its section (e.g. `skill delegation`).
    public var hidden: [String]

    /// Whether the figure `name` of `section` (or the whole section) was hidden.
    public func isHidden(_ section: String, _ name: String? = nil) -> Bool {
        hidden.contains(section) || name.map { hidden.contains("\(section)/\($0)") } ?? false
    }

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
        /// The same per skill, for skills rated by at least `minimumGroup` people.
        public var bySkill: [SkillConfidence] = []
    }

    public struct SkillConfidence: Sendable, Encodable, Equatable {
        public var skill: String
        public var people: Int
        public var averageBefore: Double
        public var averageAfter: Double
        public var lift: Double { averageAfter - averageBefore }
    }

    /// Where people stop in one dialog: how many runs reached each question, in the dialog's order.
    public struct DialogFunnel: Sendable, Encodable, Equatable {
        public var dialog: String
        public var title: String
        public var people: Int
        public var started: Int
        public var steps: [FunnelStep]
        public var completed: Int
    }

    public struct FunnelStep: Sendable, Encodable, Equatable {
        public var step: String
        /// The question as people read it, shortened.
        public var question: String
        public var reached: Int
        /// Runs that ended on this question without finishing.
        public var stoppedHere: Int
    }

    /// Which part of a skill people miss: one rubric criterion's share of answers that met it.
    public struct CriterionRate: Sendable, Encodable, Equatable {
        public var skill: String
        public var criterion: String
        public var people: Int
        public var answers: Int
        public var metShare: Double
    }

    /// Intake coverage (active people with an assessment) and gap movement by skill.
    public struct Intake: Sendable, Encodable, Equatable {
        /// Active people in scope with an assessment dated up to the window's end.
        public var assessed: Int?
        /// `assessed` as a share of the active people.
        public var coverage: Double?
        /// The target the export's scores are read against.
        public var target: Double?
        public var bySkill: [SkillGap] = []
    }

    /// One skill across the people assessed on it: how many have it as a priority, and for
    /// those assessed on it twice, the average before (earliest) and after (latest).
    public struct SkillGap: Sendable, Encodable, Equatable {
        public var skill: String
        public var assessed: Int
        /// People with it among their priority skills, and below the target; nil when more than
        /// none but fewer than the minimum group (a count of a few in a known group points at them).
        public var prioritised: Int?
        public var belowTarget: Int?
        /// People assessed on it on two dates or more; nil (with the averages) under the minimum group.
        public var reassessed: Int?
        public var averageBefore: Double?
        public var averageAfter: Double?
    }

    public struct SkillMastery: Sendable, Encodable, Equatable {
        public var skill: String
        public var practising: Int
        public var mastered: Int
    }

    /// Barriers in one category (and, for the breakdown, one program and skill).
    public struct BarrierCount: Sendable, Encodable, Equatable {
        public var category: String
        public var program: String?
        public var skill: String?
        public var count: Int
        public var people: Int
        /// A few of them in people's words, newest first (none in the breakdown rows).
        public var examples: [String]
    }

    public struct Nudges: Sendable, Encodable, Equatable {
        public var checkInsSent: Int?
        public var checkInsAnswered: Int?
        public var responseRate: Double?
        public var appliedRate: Double?
        /// All-time delivery counters (sent, deferred, dropped, skipped by reason); everyone's,
        /// so left out of a program's report.
        public var counters: [String: Int]
        /// Nudges delivered in the window and answered within a day, by kind and by local hour.
        public var byKind: [NudgeResponse] = []
        public var byHour: [NudgeResponse] = []
    }

    public struct NudgeResponse: Sendable, Encodable, Equatable {
        /// The kind (message, check-in, ...) or the local hour ("09:00").
        public var group: String
        public var people: Int
        public var sent: Int
        public var answered: Int
        public var rate: Double { sent == 0 ? 0 : Double(answered) / Double(sent) }
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
        /// Items rated by at least `minimumGroup` people, most helpful first.
        public var items: [ItemRating] = []
    }

    public struct ItemRating: Sendable, Encodable, Equatable {
        public var item: String
        public var title: String
        public var people: Int
        public var helpful: Int
        public var notHelpful: Int
        public var helpfulShare: Double { Double(helpful) / Double(max(1, helpful + notHelpful)) }
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
