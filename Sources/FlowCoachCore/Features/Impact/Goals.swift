/// What a program is for, as admins state it in `Config/programs.yaml` under `goals:`: the
/// business and learning objectives in words, the skills it targets, and measurable targets.
public struct ProgramGoals: Sendable, Equatable {
    public var business: String?
    public var learning: String?
    /// The skills the figures are about; the program's own skills when not given.
    public var skills: [String]
    public var targets: [GoalTarget]

    public init(business: String? = nil, learning: String? = nil, skills: [String] = [], targets: [GoalTarget] = []) {
        self.business = business
        self.learning = learning
        self.skills = skills
        self.targets = targets
    }
}

/// One success metric and the value it should reach (at least).
public struct GoalTarget: Sendable, Equatable {
    public var metric: GoalMetric
    public var target: Double

    public init(metric: GoalMetric, target: Double) {
        self.metric = metric
        self.target = target
    }
}

/// The figures a goal can be set on, all computed by the report over its window.
public enum GoalMetric: String, Sendable, CaseIterable {
    /// Applications of the target skills per participant per week.
    case applicationsPerParticipantPerWeek = "applications_per_participant_per_week"
    /// Mean confidence after minus before, over completed dialogs on the target skills.
    case confidenceLift = "confidence_lift"
    /// Mean impact rating (1-5) of the applications that have one.
    case averageImpact = "average_impact"
    /// Share (0-1) of participants who mastered every target skill they practise.
    case masteryShare = "mastery_share"
    /// Share (0-1) of check-in nudges answered.
    case nudgeResponseRate = "nudge_response_rate"
    /// Share (0-1) of participants who applied a target skill at least once.
    case activeShare = "active_share"

    /// A share (0-1), written as a percentage.
    public var isShare: Bool { self == .masteryShare || self == .nudgeResponseRate || self == .activeShare }

    public var label: String {
        switch self {
        case .applicationsPerParticipantPerWeek: "applications per participant per week"
        case .confidenceLift: "confidence lift"
        case .averageImpact: "average impact (1-5)"
        case .masteryShare: "share of participants with mastery"
        case .nudgeResponseRate: "check-in response rate"
        case .activeShare: "share of participants applying"
        }
    }
}
