/// Everything in `Config/nudges.yaml`, `Config/programs.yaml` and `Prompts/practice/`: what
/// nudges go to whom and when, the learning programs, and the practice cards.
public struct LearningPlan: Sendable {
    public var rules = DeliveryRules()
    public var nudges: [NudgeDefinition] = []
    public var programs: [Program] = []
    public var cards: [PracticeCard] = []
    public var practice = PracticeSettings()
    /// `Config/assessments.yaml`: how 360 and assessment exports read, and what counts as a gap.
    public var assessments = AssessmentSettings()

    public init() {}

    /// Names the nudge set; people scheduled for another version are scheduled again.
    public var version: String { nudges.map { "\($0.id)@\($0.scheduleText)" }.joined(separator: ",") }

    public func nudge(_ id: String) -> NudgeDefinition? { nudges.first { $0.id == id } }
    public func program(_ id: String) -> Program? { programs.first { $0.id == id } }
    public func card(_ id: String) -> PracticeCard? { cards.first { $0.id == id } }
    public func cards(for skill: String) -> [PracticeCard] { cards.filter { $0.skill == skill } }
    /// Skills that have practice cards, in file order.
    public var practiceSkills: [String] {
        var seen: [String] = []
        for card in cards where !seen.contains(card.skill) { seen.append(card.skill) }
        return seen
    }
}

/// One recurring or one-off nudge from `Config/nudges.yaml`.
public struct NudgeDefinition: Sendable {
    public var id: String
    public var schedule: Schedule
    /// The schedule as the admin wrote it.
    public var scheduleText: String
    public var audience: Audience
    /// Higher goes first when a person's daily cap is reached.
    public var priority: Int
    public var content: NudgeContent

    public init(id: String, schedule: String, audience: Audience = .everyone, priority: Int = 1, content: NudgeContent) throws(ScheduleError) {
        self.id = id
        self.schedule = try ScheduleParser.parse(schedule)
        self.scheduleText = schedule
        self.audience = audience
        self.priority = priority
        self.content = content
    }
}

/// Who a nudge is for.
public enum Audience: Sendable, Equatable {
    case everyone
    case cohorts([String])
    case roles([String])
    case users([String])
}

/// What a nudge says.
public enum NudgeContent: Sendable {
    /// A message (Mustache: {{user}}).
    case message(Template)
    /// A knowledge item, shown in full.
    case knowledge(String)
    /// "Time to practise": starts practice of due cards (of one skill, or any).
    case practice(skill: String?)
    /// A yes/no question about applying a skill; a yes asks what happened. Both are recorded.
    case checkIn(skill: String, question: Template)
    /// Starts a dialog.
    case dialog(String)
}

/// A learning program: sprints of units, run for cohorts.
public struct Program: Sendable {
    public var id: String
    public var title: String
    public var skills: [String]
    public var cohorts: [Cohort]
    public var units: [ProgramUnit]
    /// What it is for and the targets reports measure it against.
    public var goals: ProgramGoals?
    /// A pilot's smaller privacy threshold for this program's report (at least 3); else `limits.report_min_group`.
    public var reportMinimumGroup: Int?
    /// People whose priority skills (from a 360 or assessment) include one of these are enrolled.
    public var enrolByGap: [String] = []

    public init(id: String, title: String, skills: [String], cohorts: [Cohort], units: [ProgramUnit], goals: ProgramGoals? = nil) {
        self.id = id
        self.title = title
        self.skills = skills
        self.cohorts = cohorts
        self.units = units
        self.goals = goals
    }
}

/// People who go through a program together from one start date; `join` adds anyone to the
/// self-paced cohort, whose start is the moment they join.
public struct Cohort: Sendable {
    public var id: String
    public var start: LocalClock.Day?
    /// The cohort's room: kickoffs and peer discussion prompts go there.
    public var room: String?
    public var members: [String]

    public init(id: String, start: LocalClock.Day?, room: String?, members: [String]) {
        self.id = id
        self.start = start
        self.room = room
        self.members = members
    }
}

/// One step of a program, due relative to the cohort's start (or the person's enrolment).
public struct ProgramUnit: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case kickoff, burst, practice, discussion, reflection }
    public var id: String
    public var kind: Kind
    public var sprint: Int
    public var schedule: Schedule
    public var message: Template?
    public var skill: String?
    public var dialog: String?

    /// Kickoffs and discussion prompts go to the cohort room; the rest to each person.
    public var toRoom: Bool { kind == .kickoff || kind == .discussion }

    public init(id: String, kind: Kind, sprint: Int, schedule: Schedule, message: Template?, skill: String? = nil, dialog: String? = nil) {
        self.id = id
        self.kind = kind
        self.sprint = sprint
        self.schedule = schedule
        self.message = message
        self.skill = skill
        self.dialog = dialog
    }
}
