import FlowCoachCore
import Foundation
import Yams

/// Reads `Config/nudges.yaml`, `Config/programs.yaml` and `Prompts/practice/*.yaml` (each
/// optional) into a `LearningPlan`, logging every problem with its position.
enum LearningLoader {
    static let nudgesFile = "Config/nudges.yaml"
    static let programsFile = "Config/programs.yaml"
    static let practiceDirectory = "Prompts/practice"
    static let nudgesKeys = ["version", "delivery", "practice", "nudges"]
    static let deliveryKeys = ["working_hours", "quiet_hours", "weekends", "holidays", "max_per_day", "grace_hours"]
    static let practiceKeys = ["desired_retention", "mastery_stability_days", "session_size", "learning_steps", "relearning_steps"]
    static let nudgeKeys = ["id", "schedule", "audience", "priority", "message", "knowledge", "practice", "check_in", "dialog"]
    static let contentKeys = ["message", "knowledge", "practice", "check_in", "dialog"]
    static let audienceKeys = ["cohorts", "roles", "users"]
    static let programKeys = ["id", "title", "skills", "cohorts", "sprints", "goals", "report_min_group", "enrol_by_gap"]
    static let cohortKeys = ["id", "start", "room", "members"]
    static let unitKeys = ["id", "kind", "at", "message", "skill", "dialog"]
    static let cardKeys = ["id", "prompt", "answer", "rubric", "examples"]

    /// `skills`: the skills the dialogs and knowledge coach; a card file for another one is a typo.
    static func load(root: String, log: IssueLog, references: inout [Reference], skills: Set<String> = []) -> LearningPlan {
        var plan = LearningPlan()
        let exists = { (file: String) in FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(file)) }
        if exists(practiceDirectory) {
            var firstCard: [String: String] = [:]
            for file in ContentLoader.files(in: practiceDirectory, root: root, extensions: ["yaml", "yml"], log: log) {
                let cards = ContentLoader.loadFile(file, root: root, log: log, required: true) { source, node in
                    loadCards(source, node, first: &firstCard, skills: skills)
                } ?? []
                plan.cards += cards
            }
        }
        if exists(nudgesFile) {
            ContentLoader.loadFile(nudgesFile, root: root, log: log, required: true) { source, node in
                loadNudges(source, node, into: &plan, references: &references)
            }
        }
        if exists(programsFile) {
            plan.programs = ContentLoader.loadFile(programsFile, root: root, log: log, required: true) { source, node in
                loadPrograms(source, node, references: &references, skills: skills)
            } ?? []
        }
        return plan
    }

    // MARK: nudges

    static func loadNudges(_ source: YAMLFile, _ node: Node, into plan: inout LearningPlan, references: inout [Reference]) {
        guard let object = YAMLObject(node, in: source, what: "the nudges file") else { return }
        object.rejectUnknownKeys(nudgesKeys)
        if let version = object.int("version"), version != 1 {
            source.add(object.value("version"), "unsupported nudges version \(version); this flowcoach reads version 1")
        }
        if let delivery = object.object("delivery") { plan.rules = loadDelivery(delivery) }
        if let practice = object.object("practice") { plan.practice = loadPractice(practice) }
        var ids: Set<String> = []
        for (index, item) in (object.list("nudges") ?? []).enumerated() {
            guard let nudge = YAMLObject(item, in: source, what: "nudge \(index + 1)") else { continue }
            nudge.rejectUnknownKeys(nudgeKeys)
            let id = word(nudge, "id")
            let schedule = self.schedule(nudge, "schedule")
            let audience = self.audience(nudge)
            let priority = nudge.int("priority") ?? 1
            let content = self.content(nudge, plan: plan, references: &references)
            if let id, !ids.insert(id).inserted { source.add(nudge.value("id"), "duplicate nudge id `\(id)`") }
            if case .relative = schedule { source.add(nudge.value("schedule"), "a nudge's schedule is recurring or a date; relative times (`+2d`) belong to program units") }
            guard let id, schedule != nil, let text = nudge.string("schedule"), let audience, let content,
                let definition = try? NudgeDefinition(id: id, schedule: text, audience: audience, priority: priority, content: content)
            else { continue }
            plan.nudges.append(definition)
        }
    }

    static func loadDelivery(_ object: YAMLObject) -> DeliveryRules {
        object.rejectUnknownKeys(deliveryKeys)
        var rules = DeliveryRules()
        rules.workingHours = hours(object, "working_hours")
        rules.quietHours = hours(object, "quiet_hours")
        if let days = object.strings("weekends") {
            rules.weekendDays = []
            for (text, node) in days {
                guard let index = ScheduleParser.dayNames.firstIndex(of: String(text.lowercased().prefix(3))) else {
                    object.source.add(node, "`\(text)` is not a day; use sun, mon, tue, wed, thu, fri or sat")
                    continue
                }
                rules.weekendDays.insert(index)
            }
        }
        for (text, node) in object.strings("holidays") ?? [] {
            guard let day = LocalClock.Day(text) else {
                object.source.add(node, "`\(text)` is not a date; write YYYY-MM-DD")
                continue
            }
            rules.holidays.insert(day)
        }
        if let cap = object.int("max_per_day") {
            if cap < 1 { object.source.add(object.value("max_per_day"), "`max_per_day` must be at least 1") } else { rules.maxPerDay = cap }
        }
        if let grace = object.double("grace_hours") { rules.graceSeconds = grace * 3600 }
        return rules
    }

    static func loadPractice(_ object: YAMLObject) -> PracticeSettings {
        object.rejectUnknownKeys(practiceKeys)
        var practice = PracticeSettings()
        if let retention = object.double("desired_retention") {
            if retention > 0.5 && retention < 1 {
                practice.fsrs.desiredRetention = retention
            } else {
                object.source.add(object.value("desired_retention"), "`desired_retention` must be between 0.5 and 1 (e.g. 0.9)")
            }
        }
        if let days = object.double("mastery_stability_days") { practice.masteryStabilityDays = days }
        if let size = object.int("session_size"), size > 0 { practice.sessionSize = size }
        for key in ["learning_steps", "relearning_steps"] {
            guard let steps = object.strings(key) else { continue }
            var seconds: [Double] = []
            for (text, node) in steps {
                guard let value = Duration.seconds(text), value > 0 else {
                    object.source.add(node, "`\(text)` is not a duration; write e.g. 10m, 1h or 1d")
                    continue
                }
                seconds.append(value)
            }
            if key == "learning_steps" { practice.fsrs.learningSteps = seconds } else { practice.fsrs.relearningSteps = seconds }
        }
        return practice
    }

    /// `09:00-17:30` → minutes of the day.
    static func hours(_ object: YAMLObject, _ key: String) -> (Int, Int)? {
        guard let text = object.string(key) else { return nil }
        let parts = text.split(separator: "-").map { String($0).trimmed }
        guard parts.count == 2, let start = try? ScheduleParser.time(parts[0]), let end = try? ScheduleParser.time(parts[1]), start != end else {
            object.source.add(object.value(key), "`\(key)` should be two times, e.g. \"09:00-17:30\"")
            return nil
        }
        return (start, end)
    }

    static func schedule(_ object: YAMLObject, _ key: String) -> Schedule? {
        guard let text = object.string(key, required: true) else { return nil }
        do {
            return try ScheduleParser.parse(text)
        } catch {
            object.source.add(object.value(key), error.description)
            return nil
        }
    }

    static func audience(_ object: YAMLObject) -> Audience? {
        guard let node = object.value("audience") else { return .everyone }
        if node.string == "everyone" { return .everyone }
        guard let audience = YAMLObject(node, in: object.source, what: "`audience`") else { return nil }
        audience.rejectUnknownKeys(audienceKeys)
        if let cohorts = audience.strings("cohorts") { return .cohorts(cohorts.map(\.text)) }
        if let roles = audience.strings("roles") { return .roles(roles.map(\.text)) }
        if let users = audience.strings("users") { return .users(users.map(\.text)) }
        object.source.add(node, "`audience` is `everyone` or one of `cohorts: [...]`, `roles: [...]`, `users: [...]`")
        return nil
    }

    static func content(_ object: YAMLObject, plan: LearningPlan, references: inout [Reference]) -> NudgeContent? {
        let given = contentKeys.filter(object.has)
        guard given.count == 1, let key = given.first else {
            object.source.add(object.node, "\(object.what) needs exactly one of `message`, `knowledge`, `practice`, `check_in`, `dialog`")
            return nil
        }
        switch key {
        case "message":
            return DialogLoader.template(object, "message").map(NudgeContent.message)
        case "knowledge":
            guard let id = object.string("knowledge", required: true) else { return nil }
            references.append(Reference(kind: .knowledge, id: id, node: object.value("knowledge")!, source: object.source))
            return .knowledge(id)
        case "dialog":
            guard let id = object.string("dialog", required: true) else { return nil }
            references.append(Reference(kind: .dialog, id: id, node: object.value("dialog")!, source: object.source))
            return .dialog(id)
        case "practice":
            let skill = object.string("practice")
            if let skill, skill != "true", !plan.cards.contains(where: { $0.skill == skill }) {
                object.source.add(object.value("practice"), "no practice cards for skill `\(skill)` in Prompts/practice/")
            }
            return .practice(skill: skill == "true" ? nil : skill)
        default:
            guard let checkIn = object.object("check_in") else { return nil }
            checkIn.rejectUnknownKeys(["skill", "question"])
            guard let skill = checkIn.string("skill", required: true), let question = DialogLoader.template(checkIn, "question", required: true) else { return nil }
            return .checkIn(skill: skill, question: question)
        }
    }

    /// An id made of letters, digits, `-`, `_` and `.`: it becomes part of stored keys.
    static func word(_ object: YAMLObject, _ key: String) -> String? {
        guard let text = object.string(key, required: true) else { return nil }
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            object.source.add(object.value(key), "`\(key)` may use only letters, digits, `-`, `_` and `.`")
            return nil
        }
        return text
    }

    // MARK: programs

    static func loadPrograms(_ source: YAMLFile, _ node: Node, references: inout [Reference], skills known: Set<String> = []) -> [Program] {
        guard let object = YAMLObject(node, in: source, what: "the programs file") else { return [] }
        object.rejectUnknownKeys(["version", "programs"])
        var programs: [Program] = []
        for (index, item) in (object.list("programs", required: true) ?? []).enumerated() {
            guard let program = YAMLObject(item, in: source, what: "program \(index + 1)") else { continue }
            program.rejectUnknownKeys(programKeys)
            let id = word(program, "id")
            let title = program.string("title", required: true)
            let skills = program.strings("skills")?.map(\.text) ?? []
            for (skill, node) in program.strings("skills") ?? [] where !known.isEmpty && !known.contains(skill) {
                let hint = Suggestion.closest(to: skill, in: Array(known)).map { " (did you mean `\($0)`?)" } ?? ""
                source.add(node, "no dialog or knowledge item coaches the skill `\(skill)`\(hint)")
            }
            var cohorts: [Cohort] = []
            for (number, cohortNode) in (program.list("cohorts") ?? []).enumerated() {
                guard let cohort = YAMLObject(cohortNode, in: source, what: "cohort \(number + 1)") else { continue }
                cohort.rejectUnknownKeys(cohortKeys)
                guard let cohortID = cohort.string("id", required: true) else { continue }
                var start: LocalClock.Day?
                if let text = cohort.string("start") {
                    start = LocalClock.Day(text)
                    if start == nil { source.add(cohort.value("start"), "`start` should be a date, YYYY-MM-DD") }
                }
                cohorts.append(Cohort(id: cohortID, start: start, room: cohort.string("room"), members: cohort.strings("members")?.map(\.text) ?? []))
            }
            var units: [ProgramUnit] = []
            for (sprintIndex, sprintNode) in (program.list("sprints", required: true) ?? []).enumerated() {
                guard let sprint = YAMLObject(sprintNode, in: source, what: "sprint \(sprintIndex + 1)") else { continue }
                sprint.rejectUnknownKeys(["title", "units"])
                for (unitIndex, unitNode) in (sprint.list("units", required: true) ?? []).enumerated() {
                    guard let unit = YAMLObject(unitNode, in: source, what: "unit \(unitIndex + 1) of sprint \(sprintIndex + 1)") else { continue }
                    unit.rejectUnknownKeys(unitKeys)
                    let unitID = word(unit, "id")
                    let kindText = unit.string("kind", required: true)
                    let kind = kindText.flatMap(ProgramUnit.Kind.init(rawValue:))
                    if kindText != nil && kind == nil {
                        source.add(unit.value("kind"), "unknown unit kind `\(kindText!)`; use one of: \(ProgramUnit.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let schedule = self.schedule(unit, "at")
                    if let schedule, case .relative = schedule {} else if schedule != nil {
                        source.add(unit.value("at"), "a unit's `at` is relative to the cohort's start, e.g. \"+0d at 09:30\" or \"+2d at 10:00\"")
                    }
                    let message = DialogLoader.template(unit, "message")
                    if let dialog = unit.string("dialog") {
                        references.append(Reference(kind: .dialog, id: dialog, node: unit.value("dialog")!, source: source))
                    }
                    if message == nil && !unit.has("dialog") && kind != .practice {
                        source.add(unit.node, "\(unit.what) needs a `message` (or a `dialog` for a reflection)")
                    }
                    guard let unitID, let kind, let schedule, case .relative = schedule else { continue }
                    units.append(ProgramUnit(id: unitID, kind: kind, sprint: sprintIndex + 1, schedule: schedule, message: message, skill: unit.string("skill"), dialog: unit.string("dialog")))
                }
            }
            let goals = program.object("goals").map { loadGoals($0, skills: skills) }
            let minimumGroup = program.reportMinimumGroup("report_min_group")
            guard let id, let title else { continue }
            var loaded = Program(id: id, title: title, skills: skills, cohorts: cohorts, units: units, goals: goals)
            loaded.reportMinimumGroup = minimumGroup
            loaded.enrolByGap = AssessmentLoader.skillList(program, "enrol_by_gap", known: known)
            programs.append(loaded)
        }
        return programs
    }

    static func loadGoals(_ goals: YAMLObject, skills programSkills: [String]) -> ProgramGoals {
        goals.rejectUnknownKeys(["business", "learning", "skills", "targets"])
        var result = ProgramGoals(business: goals.string("business"), learning: goals.string("learning"),
                                  skills: goals.strings("skills")?.map(\.text) ?? programSkills)
        for (index, node) in (goals.list("targets") ?? []).enumerated() {
            guard let target = YAMLObject(node, in: goals.source, what: "goal target \(index + 1)") else { continue }
            target.rejectUnknownKeys(["metric", "target"])
            let name = target.string("metric", required: true)
            let metric = name.flatMap(GoalMetric.init(rawValue:))
            if let name, metric == nil {
                goals.source.add(target.value("metric"), "unknown metric `\(name)`; use one of: \(GoalMetric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let value = target.double("target")
            if !target.has("target") { goals.source.add(target.node, "\(target.what) needs a numeric `target`, e.g. `target: 2`") }
            if let metric, let value { result.targets.append(GoalTarget(metric: metric, target: value)) }
        }
        return result
    }
}
