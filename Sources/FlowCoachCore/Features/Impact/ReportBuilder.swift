import Foundation

/// Computes a `Report` from the state and content. Pure: the window is given, nothing is read
/// from the clock. Every figure is guarded by the people it is drawn from (`guarded`).
public struct ReportBuilder {
    public let state: State
    public let content: Content
    public let since: Date
    public let until: Date
    /// Set by the caller (`--min-group`), else the program's `report_min_group`, else `limits.report_min_group`.
    public private(set) var minimumGroup: Int
    let explicitMinimum: Bool

    public init(state: State, content: Content, since: Date, until: Date, minimumGroup: Int? = nil) {
        self.state = state
        self.content = content
        self.since = since
        self.until = until
        self.minimumGroup = max(1, minimumGroup ?? content.settings.reportMinimumGroup)
        explicitMinimum = minimumGroup != nil
    }

    /// Who a set of figures is about: some people (nil = everyone) and some skills (nil = all).
    struct Scope {
        var people: Set<String>?
        var skills: Set<String>?
        var program: String?

        func has(_ person: String) -> Bool { people?.contains(person) ?? true }
        func covers(_ skill: String) -> Bool { skills?.contains(skill) ?? true }
    }

    static let week: TimeInterval = 7 * 86_400

    /// Weeks in the window (a window reaching back to year 1 is still a countable number of weeks).
    var weeks: Int { max(1, Int(min(1_000_000, (until.timeIntervalSince(since) / Self.week).rounded(.up)))) }

    func inWindow(_ date: Date) -> Bool { date >= since && date <= until }

    /// A program's participants: enrolled, or listed in one of its cohorts.
    func participants(of program: Program) -> Set<String> {
        var people = Set(state.enrolments.values.filter { $0.program == program.id }.map(\.user))
        for cohort in program.cohorts { people.formUnion(cohort.members) }
        return people
    }

    /// The weeks `people` were around in the window, summed: each from when they first wrote
    /// (or enrolled) to the window's end, at least one week each, so a newcomer's first days
    /// are not spread over the whole window.
    func personWeeks(_ people: Set<String>, program: String?) -> Double {
        people.reduce(0) { total, person in
            var start = state.users[person]?.firstSeen ?? since
            if let program, let enrolment = state.enrolments["\(program)|\(person)"] { start = min(start, enrolment.start) }
            return total + max(1, until.timeIntervalSince(max(since, start)) / Self.week)
        }
    }

    /// Builds the report, for one program (its participants and goal skills) or for everyone.
    public func build(program programID: String? = nil) throws(ReportError) -> Report {
        let program = try programID.map { id throws(ReportError) in
            guard let program = content.learning.programs.first(where: { $0.id == id }) else {
                throw ReportError.unknownProgram(id, known: content.learning.programs.map(\.id))
            }
            return program
        }
        var builder = self
        if !explicitMinimum, let pilot = program?.reportMinimumGroup { builder.minimumGroup = pilot }
        return builder.report(for: program)
    }

    func report(for program: Program?) -> Report {
        var hidden: [String] = []
        var scope = Scope(program: program?.id)
        let participants: Set<String>
        let active = Activity.people(in: state, since: since, until: until)
        if let program {
            participants = self.participants(of: program)
            scope.people = participants
            let skills = program.goals?.skills ?? program.skills
            if !skills.isEmpty { scope.skills = Set(skills) }
        } else {
            participants = active
        }
        let activeInScope = active.filter(scope.has)
        var report = Report(
            since: since, until: until, program: program?.id, minimumGroup: minimumGroup,
            activePeople: guarded(activeInScope.count, people: activeInScope.count, "people/active", &hidden),
            participants: guarded(participants.count, people: participants.count, "people/participants", &hidden),
            weeks: weeks,
            applications: applications(scope, participants: participants, &hidden),
            confidence: confidence(scope, &hidden),
            mastery: mastery(scope, &hidden),
            nudges: nudges(scope, &hidden),
            questions: questions(scope, &hidden),
            recommendations: recommendations(scope, &hidden),
            goals: [], hidden: [])
        report.criteria = criteria(scope, &hidden)
        report.funnels = funnels(scope, &hidden)
        report.managers = managerEngagement(scope, &hidden)
        report.intake = intake(scope, active: activeInScope, &hidden)
        report.barriers = barriers(scope, &hidden)
        for program in program.map({ [$0] }) ?? content.learning.programs {
            guard let goals = program.goals else { continue }
            report.goals += goalProgress(program, goals, &hidden)
            report.goalSkills[program.id] = goals.skills
        }
        var seen = Set<String>()
        report.hidden = hidden.filter { seen.insert($0).inserted }
        return report
    }

    /// `value` when `people` reaches the minimum group, else nil with `key` (and the figures
    /// `derived` from it) noted as hidden; nothing is noted when there is nothing to show anyway.
    func guarded<T>(_ value: T?, people: Int, _ key: String, derived: [String] = [], _ hidden: inout [String]) -> T? {
        guard let value else { return nil }
        guard people >= minimumGroup else {
            if people > 0 {
                let section = key.prefix { $0 != "/" }
                hidden += [key] + derived.map { "\(section)/\($0)" }
            }
            return nil
        }
        return value
    }

    /// Whether a group of rows drawn from `people` is shown; notes `key` as hidden when not.
    func shows(people: Int, _ key: String, _ hidden: inout [String]) -> Bool {
        guarded(true, people: people, key, &hidden) ?? false
    }

    // MARK: - Applications and confidence

    func applications(_ scope: Scope, participants: Set<String>, _ hidden: inout [String]) -> Report.Applications {
        let applications = state.applications.values.filter { inWindow($0.at) && scope.has($0.user) && scope.covers($0.skill) }
        let forgotten = forgottenApplications(scope)
        let people = Set(applications.map(\.user)).count + Set(forgotten.map(\.tally)).count
        let enoughParticipants = participants.count >= minimumGroup
        var section = Report.Applications(bySkill: [], byKind: [:], amountByKind: [:])
        section.total = guarded(applications.count + forgotten.count, people: people, "applications/total",
                                derived: ["per participant per week"], &hidden)
        if section.total != nil, enoughParticipants {
            section.perParticipantPerWeek = Double(applications.count + forgotten.count) / personWeeks(participants, program: scope.program)
        }
        let dates = Dictionary(grouping: applications.map { ($0.skill, $0.user, $0.at) } + forgotten.map { ($0.skill, $0.tally, $0.at) }, by: \.0)
        for (skill, rows) in dates.sorted(by: { $0.key < $1.key }) {
            let skillPeople = Set(rows.map(\.1)).count
            guard shows(people: skillPeople, "skill \(skill)", &hidden) else { continue }
            var weekly = Array(repeating: 0, count: weeks)
            for row in rows { weekly[max(0, min(weeks - 1, Int(row.2.timeIntervalSince(since) / Self.week)))] += 1 }
            section.bySkill.append(Report.SkillApplications(
                skill: skill, total: rows.count, people: skillPeople,
                perParticipant: enoughParticipants ? Double(rows.count) / Double(participants.count) : nil, weekly: weekly))
        }
        let rated = applications.filter { $0.impact != nil }
        section.rated = guarded(rated.count, people: Set(rated.map(\.user)).count, "impact/rated applications", derived: ["average (1-5)"], &hidden)
        if section.rated != nil, !rated.isEmpty {
            section.averageImpact = Double(rated.compactMap(\.impact).reduce(0, +)) / Double(rated.count)
            for kind in Application.ImpactKind.allCases {
                let ofKind = rated.filter { $0.impactKind == kind }
                guard shows(people: Set(ofKind.map(\.user)).count, "impact/\(kind.rawValue) ratings", &hidden) else { continue }
                section.byKind[kind.rawValue] = ofKind.count
                let amounts = ofKind.compactMap(\.amount)
                if !amounts.isEmpty { section.amountByKind[kind.rawValue] = amounts.reduce(0, +) }
            }
        }
        return section
    }

    /// Applications of forgotten people in the window and scope, one per application, each
    /// with its tally (standing in for the person) and its day.
    func forgottenApplications(_ scope: Scope) -> [(tally: String, skill: String, at: Date)] {
        var rows: [(String, String, Date)] = []
        let utc = LocalClock(.gmt)
        for tally in state[ForgottenTally.self].values where scope.program.map(tally.programs.contains) ?? true {
            for (skill, days) in tally.applications where scope.covers(skill) {
                for (text, count) in days {
                    guard let day = LocalClock.Day(text) else { continue }
                    let noon = utc.instant(day, minute: 12 * 60)
                    guard inWindow(noon) else { continue }
                    rows += Array(repeating: (tally.id, skill, noon), count: count)
                }
            }
        }
        return rows
    }

    func confidence(_ scope: Scope, _ hidden: inout [String]) -> Report.Confidence {
        let runs = state.runs.values.filter { $0.completed && inWindow($0.endedAt ?? $0.startedAt) && scope.has($0.user) && scope.covers($0.skill) }
        var section = Report.Confidence()
        section.completedDialogs = guarded(runs.count, people: Set(runs.map(\.user)).count, "confidence/completed dialogs", &hidden)
        let rated = runs.filter { $0.confidenceBefore != nil && $0.confidenceAfter != nil }
        section.rated = guarded(rated.count, people: Set(rated.map(\.user)).count, "confidence/rated before and after",
                                derived: ["average before", "average after", "lift"], &hidden)
        guard section.rated != nil, !rated.isEmpty else { return section }
        (section.averageBefore, section.averageAfter) = Self.averages(rated)
        section.lift = (section.averageAfter ?? 0) - (section.averageBefore ?? 0)
        for (skill, runs) in Dictionary(grouping: rated, by: \.skill).sorted(by: { $0.key < $1.key }) {
            let people = Set(runs.map(\.user)).count
            guard shows(people: people, "confidence \(skill)", &hidden) else { continue }
            let (before, after) = Self.averages(runs)
            section.bySkill.append(Report.SkillConfidence(skill: skill, people: people, averageBefore: before, averageAfter: after))
        }
        return section
    }

    static func averages(_ runs: [DialogRun]) -> (before: Double, after: Double) {
        let count = Double(max(1, runs.count))
        return (Double(runs.compactMap(\.confidenceBefore).reduce(0, +)) / count, Double(runs.compactMap(\.confidenceAfter).reduce(0, +)) / count)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A report that cannot be made as asked.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case unknownProgram(String, known: [String])

    public var description: String {
        switch self {
        case .unknownProgram(let id, let known):
            "no program \"\(id)\" in Config/programs.yaml; programs: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        }
    }
}
