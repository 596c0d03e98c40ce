import Foundation

/// Computes a `Report` from the state and content. Pure: the window is given, nothing is read
/// from the clock.
public struct ReportBuilder {
    public let state: State
    public let content: Content
    public let since: Date
    public let until: Date
    public let minimumGroup: Int

    public init(state: State, content: Content, since: Date, until: Date, minimumGroup: Int = 5) {
        self.state = state
        self.content = content
        self.since = since
        self.until = until
        self.minimumGroup = max(1, minimumGroup)
    }

    /// Who a set of figures is about: some people (nil = everyone) and some skills (nil = all).
    struct Scope {
        var people: Set<String>?
        var skills: Set<String>?

        func has(_ person: String) -> Bool { people?.contains(person) ?? true }
        func covers(_ skill: String) -> Bool { skills?.contains(skill) ?? true }
    }

    /// Weeks in the window (a window reaching back to year 1 is still a countable number of weeks).
    var weeks: Int { max(1, Int(min(1_000_000, (until.timeIntervalSince(since) / (7 * 86_400)).rounded(.up)))) }
    var weekSpan: Double { max(1, until.timeIntervalSince(since) / 86_400) / 7 }

    func inWindow(_ date: Date) -> Bool { date >= since && date < until }

    var activePeople: Set<String> { Set(state.users.values.filter { inWindow($0.lastSeen) }.map(\.id)) }

    /// A program's participants: enrolled, or listed in one of its cohorts.
    func participants(of program: Program) -> Set<String> {
        var people = Set(state.enrolments.values.filter { $0.program == program.id }.map(\.user))
        for cohort in program.cohorts { people.formUnion(cohort.members) }
        return people
    }

    /// Builds the report, for one program (its participants and goal skills) or for everyone.
    public func build(program programID: String? = nil) throws(ReportError) -> Report {
        var suppressed: [String] = []
        var scope = Scope()
        let program = try programID.map { id throws(ReportError) in
            guard let program = content.learning.programs.first(where: { $0.id == id }) else {
                throw ReportError.unknownProgram(id, known: content.learning.programs.map(\.id))
            }
            return program
        }
        let participants: Set<String>
        if let program {
            participants = self.participants(of: program)
            scope.people = participants
            let skills = program.goals?.skills ?? program.skills
            if !skills.isEmpty { scope.skills = Set(skills) }
        } else {
            participants = activePeople
        }
        let active = activePeople.filter(scope.has)
        var report = Report(
            since: since, until: until, program: programID, minimumGroup: minimumGroup,
            activePeople: guarded(active.count, people: active.count, "active people", &suppressed),
            participants: guarded(participants.count, people: participants.count, "participants", &suppressed),
            weeks: weeks,
            applications: applications(scope, participants: participants.count, &suppressed),
            confidence: confidence(scope, &suppressed),
            mastery: mastery(scope, &suppressed),
            nudges: nudges(scope, &suppressed),
            questions: questions(&suppressed),
            recommendations: recommendations(scope, &suppressed),
            goals: [], suppressed: [])
        report.criteria = criteria(scope, &suppressed)
        let programs = program.map { [$0] } ?? content.learning.programs
        for program in programs {
            guard let goals = program.goals else { continue }
            report.goals += goalProgress(program, goals, &suppressed)
        }
        report.suppressed = suppressed
        return report
    }

    /// `value` when `people` reaches the minimum group, else nil and a note.
    func guarded<T>(_ value: T?, people: Int, _ what: String, _ suppressed: inout [String]) -> T? {
        guard let value else { return nil }
        guard people >= minimumGroup else {
            if people > 0 { suppressed.append("\(what): fewer than \(minimumGroup) people") }
            return nil
        }
        return value
    }

    // MARK: - Sections

    func applications(_ scope: Scope, participants: Int, _ suppressed: inout [String]) -> Report.Applications {
        let applications = state.applications.values.filter { inWindow($0.at) && scope.has($0.user) && scope.covers($0.skill) }
        let people = Set(applications.map(\.user)).count
        var section = Report.Applications(bySkill: [], byKind: [:], amountByKind: [:])
        section.total = guarded(applications.count, people: people, "applications", &suppressed)
        if section.total != nil, participants >= minimumGroup {
            section.perParticipantPerWeek = Double(applications.count) / Double(participants) / weekSpan
        }
        for (skill, rows) in Dictionary(grouping: applications, by: \.skill).sorted(by: { $0.key < $1.key }) {
            let skillPeople = Set(rows.map(\.user)).count
            guard skillPeople >= minimumGroup else {
                suppressed.append("applications of \(skill): fewer than \(minimumGroup) people")
                continue
            }
            var weekly = Array(repeating: 0, count: weeks)
            for row in rows { weekly[min(weeks - 1, Int(row.at.timeIntervalSince(since) / (7 * 86_400)))] += 1 }
            section.bySkill.append(Report.SkillApplications(
                skill: skill, total: rows.count, people: skillPeople,
                perParticipant: participants >= minimumGroup ? Double(rows.count) / Double(participants) : nil, weekly: weekly))
        }
        let rated = applications.filter { $0.impact != nil }
        let ratedPeople = Set(rated.map(\.user)).count
        section.rated = guarded(rated.count, people: ratedPeople, "impact ratings", &suppressed)
        if section.rated != nil, !rated.isEmpty {
            section.averageImpact = Double(rated.compactMap(\.impact).reduce(0, +)) / Double(rated.count)
            for kind in Application.ImpactKind.allCases {
                let ofKind = rated.filter { $0.impactKind == kind }
                guard Set(ofKind.map(\.user)).count >= minimumGroup else { continue }
                section.byKind[kind.rawValue] = ofKind.count
                let amounts = ofKind.compactMap(\.amount)
                if !amounts.isEmpty { section.amountByKind[kind.rawValue] = amounts.reduce(0, +) }
            }
        }
        return section
    }

    func confidence(_ scope: Scope, _ suppressed: inout [String]) -> Report.Confidence {
        let runs = state.runs.values.filter { $0.completed && inWindow($0.endedAt ?? $0.startedAt) && scope.has($0.user) && scope.covers($0.skill) }
        var section = Report.Confidence()
        section.completedDialogs = guarded(runs.count, people: Set(runs.map(\.user)).count, "completed dialogs", &suppressed)
        let rated = runs.filter { $0.confidenceBefore != nil && $0.confidenceAfter != nil }
        section.rated = guarded(rated.count, people: Set(rated.map(\.user)).count, "confidence ratings", &suppressed)
        if section.rated != nil, !rated.isEmpty {
            let before = Double(rated.compactMap(\.confidenceBefore).reduce(0, +)) / Double(rated.count)
            let after = Double(rated.compactMap(\.confidenceAfter).reduce(0, +)) / Double(rated.count)
            section.averageBefore = before
            section.averageAfter = after
            section.lift = after - before
        }
        return section
    }

    /// Per skill and criterion, in the window: the share of answers that met it (groups too small are left out).
    func criteria(_ scope: Scope, _ suppressed: inout [String]) -> [Report.CriterionRate] {
        let results = state[RubricResult.self].values.filter { scope.has($0.user) && scope.covers($0.skill) && $0.at >= since && $0.at < until }
        var rows: [Report.CriterionRate] = []
        let groups = Dictionary(grouping: results) { [$0.skill, $0.criterion] }
        for (key, group) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let (skill, criterion) = (key[0], key[1])
            let people = Set(group.map(\.user)).count
            guard people >= minimumGroup else {
                suppressed.append("practice \(skill), \(criterion): fewer than \(minimumGroup) people")
                continue
            }
            rows.append(Report.CriterionRate(skill: skill, criterion: criterion, people: people, answers: group.count,
                                             metShare: Double(group.filter(\.met).count) / Double(group.count)))
        }
        return rows
    }

    /// Per practised skill: how many people practise it and how many mastered it (as of now).
    func mastery(_ scope: Scope, _ suppressed: inout [String]) -> [Report.SkillMastery] {
        let plan = content.learning
        var rows: [Report.SkillMastery] = []
        let byUser = Dictionary(grouping: state.cards.values.filter { scope.has($0.user) }, by: \.user)
        for skill in plan.practiceSkills where scope.covers(skill) {
            let cards = Set(plan.cards(for: skill).map(\.id))
            var practising = 0
            var mastered = 0
            for records in byUser.values {
                let mine = records.filter { cards.contains($0.card) }
                guard !mine.isEmpty else { continue }
                practising += 1
                if mine.count == cards.count, mine.allSatisfy({ ($0.memory.stability ?? 0) >= plan.practice.masteryStabilityDays }) { mastered += 1 }
            }
            guard practising >= minimumGroup else {
                if practising > 0 { suppressed.append("mastery of \(skill): fewer than \(minimumGroup) people") }
                continue
            }
            rows.append(Report.SkillMastery(skill: skill, practising: practising, mastered: mastered))
        }
        return rows
    }

    func nudges(_ scope: Scope, _ suppressed: inout [String]) -> Report.Nudges {
        let checkIns = state.checkIns.values.filter { inWindow($0.sentAt) && scope.has($0.user) && scope.covers($0.skill) }
        let answered = checkIns.filter { $0.answeredAt != nil }
        var section = Report.Nudges(counters: [:])
        for counter in state.counters.values where counter.id.hasPrefix("nudges.") { section.counters[counter.id] = counter.value }
        section.checkInsSent = guarded(checkIns.count, people: Set(checkIns.map(\.user)).count, "check-ins", &suppressed)
        if section.checkInsSent != nil, !checkIns.isEmpty {
            section.checkInsAnswered = answered.count
            section.responseRate = Double(answered.count) / Double(checkIns.count)
            section.appliedRate = Double(answered.filter { $0.applied == true }.count) / Double(checkIns.count)
        }
        return section
    }

    /// The Q&A board over the window (not scoped to a program: the board is everyone's).
    func questions(_ suppressed: inout [String]) -> Report.Questions {
        let asked = state.questions.values.filter { inWindow($0.askedAt) && !$0.hidden }
        let answers = Dictionary(grouping: state.answers.values.filter { !$0.hidden }, by: \.question)
        var section = Report.Questions()
        section.asked = guarded(asked.count, people: Set(asked.map(\.asker)).count, "questions", &suppressed)
        guard section.asked != nil, !asked.isEmpty else { return section }
        let firstAnswers = asked.compactMap { question in answers[question.id]?.map(\.at).min().map { $0.timeIntervalSince(question.askedAt) / 3600 } }
        section.answeredShare = Double(firstAnswers.count) / Double(asked.count)
        section.medianHoursToFirstAnswer = Self.median(firstAnswers)
        section.acceptedShare = Double(asked.filter { $0.accepted != nil }.count) / Double(asked.count)
        return section
    }

    func recommendations(_ scope: Scope, _ suppressed: inout [String]) -> Report.Recommendations {
        let ratings = state.ratings.values.filter { inWindow($0.at) && scope.has($0.user) }
        var section = Report.Recommendations()
        section.rated = guarded(ratings.count, people: Set(ratings.map(\.user)).count, "recommendation ratings", &suppressed)
        if section.rated != nil, !ratings.isEmpty {
            section.helpfulShare = Double(ratings.filter(\.helpful).count) / Double(ratings.count)
        }
        return section
    }

    func goalProgress(_ program: Program, _ goals: ProgramGoals, _ suppressed: inout [String]) -> [Report.GoalProgress] {
        let people = participants(of: program)
        let scope = Scope(people: people, skills: goals.skills.isEmpty ? nil : Set(goals.skills))
        var notes: [String] = []
        let applications = applications(scope, participants: people.count, &notes)
        let confidence = confidence(scope, &notes)
        let nudges = nudges(scope, &notes)
        let applying = Set(state.applications.values.filter { inWindow($0.at) && scope.has($0.user) && scope.covers($0.skill) }.map(\.user)).count
        return goals.targets.map { target in
            var value: Double?
            switch target.metric {
            case .applicationsPerParticipantPerWeek: value = applications.perParticipantPerWeek
            case .confidenceLift: value = confidence.lift
            case .averageImpact: value = applications.averageImpact
            case .nudgeResponseRate: value = nudges.responseRate
            case .activeShare:
                value = people.count >= minimumGroup && applying >= minimumGroup ? Double(applying) / Double(people.count) : nil
            case .masteryShare: value = masteryShare(scope)
            }
            if value == nil { suppressed.append("goal \(program.id) \(target.metric.rawValue): not measurable yet or fewer than \(minimumGroup) people") }
            return Report.GoalProgress(program: program.id, metric: target.metric.rawValue, label: target.metric.label,
                                       target: target.target, value: value, met: value.map { $0 >= target.target })
        }
    }

    /// Of the people practising any skill in scope, the share who mastered every one they practise.
    func masteryShare(_ scope: Scope) -> Double? {
        let plan = content.learning
        var practising = 0
        var mastered = 0
        for (_, records) in Dictionary(grouping: state.cards.values.filter { scope.has($0.user) }, by: \.user) {
            let skills = Set(records.compactMap { record in plan.cards.first { $0.id == record.card }?.skill }.filter(scope.covers))
            guard !skills.isEmpty else { continue }
            practising += 1
            let all = skills.allSatisfy { skill in
                plan.cards(for: skill).allSatisfy { card in
                    records.first { $0.card == card.id }.map { ($0.memory.stability ?? 0) >= plan.practice.masteryStabilityDays } ?? false
                }
            }
            if all { mastered += 1 }
        }
        return practising >= minimumGroup ? Double(mastered) / Double(practising) : nil
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
