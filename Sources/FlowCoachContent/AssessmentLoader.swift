import FlowCoachCore
import Foundation
import Yams

/// Reads `Config/assessments.yaml` (optional) into `AssessmentSettings`: the columns of a 360 or
/// assessment export, what it calls each skill, its scale and date format, the target score and
/// how many priority skills each person gets. Every problem is logged at its position.
enum AssessmentLoader {
    static let file = "Config/assessments.yaml"
    static let keys = ["version", "name", "columns", "skills", "scale", "target", "priorities_per_person", "person_id", "date_format"]
    static let columnKeys = ["person", "skill", "score", "rater", "date", "flagged"]

    /// Every skill the content names, as `Content.skillIDs` will: dialogs and knowledge (`skills`),
    /// practice cards, programs and check-ins.
    static func skills(_ skills: Set<String>, _ learning: LearningPlan) -> Set<String> {
        var all = skills.union(learning.cards.map(\.skill))
        for program in learning.programs { all.formUnion(program.skills) }
        for nudge in learning.nudges { if case .checkIn(let skill, _) = nudge.content { all.insert(skill) } }
        all.remove("")
        return all
    }

    static func load(root: String, log: IssueLog, skills: Set<String>) -> AssessmentSettings {
        guard FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(file)) else { return AssessmentSettings() }
        return ContentLoader.loadFile(file, root: root, log: log, required: true) { source, node in
            read(source, node, skills: skills)
        } ?? AssessmentSettings()
    }

    static func read(_ source: YAMLFile, _ node: Node, skills known: Set<String>) -> AssessmentSettings {
        var settings = AssessmentSettings()
        guard let object = YAMLObject(node, in: source, what: "the assessments file") else { return settings }
        object.rejectUnknownKeys(keys)
        if let version = object.int("version"), version != 1 {
            source.add(object.value("version"), "unsupported assessments version \(version); this flowcoach reads version 1")
        }
        settings.name = object.string("name").flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }
        if let columns = object.object("columns") {
            columns.rejectUnknownKeys(columnKeys)
            func column(_ key: String) -> String? {
                guard let text = columns.string(key) else { return nil }
                guard !text.trimmed.isEmpty else {
                    source.add(columns.value(key), "`\(key)` names a column of the export's header; it must not be empty")
                    return nil
                }
                return text.trimmed
            }
            if let text = column("person") { settings.columns.person = text }
            if let text = column("skill") { settings.columns.skill = text }
            if let text = column("score") { settings.columns.score = text }
            if let text = column("rater") { settings.columns.rater = text }
            if let text = column("date") { settings.columns.date = text }
            if let text = column("flagged") { settings.columns.flagged = text }
            let named = [settings.columns.person, settings.columns.skill, settings.columns.score, settings.columns.rater,
                         settings.columns.date, settings.columns.flagged].map(AssessmentSettings.key)
            if Set(named).count != named.count { source.add(columns.node, "two fields of `columns` name the same column") }
        }
        if let mapping = object.object("skills") {
            for name in mapping.keys {
                guard let skill = mapping.string(name, required: true) else { continue }
                guard known.isEmpty || known.contains(skill) else {
                    source.add(mapping.value(name), "no dialog, knowledge item or practice card has the skill `\(skill)`\(hint(skill, known))")
                    continue
                }
                settings.skillNames[AssessmentSettings.key(name)] = skill
            }
        }
        if let scale = object.object("scale") {
            scale.rejectUnknownKeys(["min", "max"])
            let low = scale.double("min") ?? settings.scaleMin, high = scale.double("max") ?? settings.scaleMax
            if low < high { (settings.scaleMin, settings.scaleMax) = (low, high) } else {
                source.add(scale.node, "the scale's `min` must be below its `max`, e.g. `scale: {min: 1, max: 5}`")
            }
        }
        let onScale = { (score: Double) in score > settings.scaleMin && score <= settings.scaleMax }
        if object.has("target") {
            if let target = object.double("target") {
                if onScale(target) { settings.target = target } else {
                    source.add(object.value("target"), "`target` must be on the scale, above \(format(settings.scaleMin)) and at most \(format(settings.scaleMax))")
                }
            }
        } else if !onScale(settings.target) {
            source.add(object.node, "give a `target` score on the scale \(format(settings.scaleMin))-\(format(settings.scaleMax)), e.g. `target: \(format(settings.scaleMin + (settings.scaleMax - settings.scaleMin) * 0.7))`")
        }
        if let count = object.int("priorities_per_person") {
            if count >= 1 { settings.prioritiesPerPerson = count } else {
                source.add(object.value("priorities_per_person"), "`priorities_per_person` must be at least 1")
            }
        }
        if let template = object.string("person_id") {
            if template.contains("{id}") { settings.personID = template } else {
                source.add(object.value("person_id"), "`person_id` must contain `{id}` where the export's value goes, e.g. \"@{id}:example.org\"")
            }
        }
        if let text = object.string("date_format") {
            if let format = AssessmentSettings.DateFormat(rawValue: text.uppercased()) { settings.dateFormat = format } else {
                let formats = AssessmentSettings.DateFormat.allCases.map(\.rawValue)
                source.add(object.value("date_format"), "unknown `date_format` `\(text)`; use one of: \(formats.joined(separator: ", "))")
            }
        }
        return settings
    }

    /// A list of skill ids (`enrol_by_gap: [giving-feedback]`), each checked against the content's skills.
    static func skillList(_ object: YAMLObject, _ key: String, known: Set<String>) -> [String] {
        var skills: [String] = []
        for (skill, node) in object.strings(key) ?? [] {
            guard known.isEmpty || known.contains(skill) else {
                object.source.add(node, "no dialog or knowledge item coaches the skill `\(skill)`\(hint(skill, known))")
                continue
            }
            skills.append(skill)
        }
        return skills
    }

    static func hint(_ skill: String, _ known: Set<String>) -> String {
        Suggestion.closest(to: skill, in: known.sorted()).map { " (did you mean `\($0)`?)" } ?? ""
    }

    static func format(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
