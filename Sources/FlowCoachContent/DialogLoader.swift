import FlowCoachCore
import Foundation
import Yams

/// A reference from one file to an id defined elsewhere, checked once everything is loaded.
struct Reference {
    enum Kind: String { case knowledge = "knowledge item", dialog }
    var kind: Kind
    var id: String
    var node: Node
    var source: YAMLFile
}

/// Reads one `Prompts/dialogs/*.yaml` file (one dialog).
enum DialogLoader {
    static let keys = ["id", "title", "skill", "summary", "triggers", "steps", "confidence", "follow_up", "capture", "moment", "rehearses"]
    static let followUpKeys = ["after", "at", "say", "dialog"]
    static let recommendKeys = ["ids", "skills", "kinds", "tags", "query", "limit"]
    static let branchKeys = ["slot", "equals", "one_of", "mentions", "asks_question", "goto"]
    static let triggerKeys = ["keywords", "patterns", "commands", "examples"]
    static let stepKeys = [
        "id", "say", "ask", "branch", "expect", "options", "min", "max", "min_length", "save", "retry", "recommend", "next", "next_dialog", "end",
        "probe", "confirm", "review",
    ]
    static let expectations = ["text", "number", "choice", "yes_no", "date"]

    /// What a file gave: the dialog when it is complete, and its references to check either way.
    struct Loaded {
        var dialog: Dialog?
        var idNode: Node?
        var references: [Reference]
    }

    static func load(_ source: YAMLFile, _ node: Node) -> Loaded? {
        guard let object = YAMLObject(node, in: source, what: "the dialog") else { return nil }
        object.rejectUnknownKeys(keys)
        let id = object.string("id", required: true)
        let title = object.string("title", required: true)
        let skill = object.string("skill", required: true)
        let summary = object.string("summary", required: true)
        let triggers = object.object("triggers", required: true).map { loadTriggers($0) }
        var references: [Reference] = []
        var steps: [Step] = []
        var stepNodes: [String: Node] = [:]
        var nextRefs: [(target: String, node: Node, key: String)] = []
        if let list = object.list("steps", required: true) {
            if list.isEmpty { source.add(object.value("steps"), "`steps` needs at least one step") }
            for (index, item) in list.enumerated() {
                guard let stepObject = YAMLObject(item, in: source, what: "step \(index + 1)") else { continue }
                guard let loaded = loadStep(stepObject, index: index, references: &references) else { continue }
                if let first = stepNodes[loaded.id] {
                    source.add(stepObject.value("id"), "duplicate step id `\(loaded.id)` (first at line \(source.position(of: first).line))")
                    continue
                }
                stepNodes[loaded.id] = stepObject.value("id")
                if let next = loaded.next, let node = stepObject.value("next") { nextRefs.append((next, node, "next")) }
                if case .branch(let branches) = loaded.action, let list = stepObject.list("branch") {
                    for (branch, node) in zip(branches, list) { nextRefs.append((branch.target, node.mapping?["goto"] ?? node, "goto")) }
                }
                steps.append(loaded)
            }
        }
        for (target, node, key) in nextRefs where stepNodes[target] == nil {
            let hint = Suggestion.closest(to: target, in: Array(stepNodes.keys)).map { " (did you mean `\($0)`?)" } ?? ""
            source.add(node, "`\(key)` refers to unknown step `\(target)`\(hint)")
        }
        if let id, let bad = Identifier.problem(id) { source.add(object.value("id"), bad) }
        guard let id, let title, let skill, let summary, let triggers, !steps.isEmpty, let idNode = object.value("id") else {
            return Loaded(dialog: nil, idNode: nil, references: references)
        }
        if triggers.commands.isEmpty && triggers.keywords.isEmpty && triggers.patterns.isEmpty && triggers.examples.isEmpty {
            source.add(object.value("triggers"), "`triggers` needs at least one of `commands`, `keywords`, `patterns` or `examples`")
        }
        let followUp = object.object("follow_up").flatMap { loadFollowUp($0, references: &references) }
        var dialog = Dialog(
            id: id, title: title, skill: skill, summary: summary, triggers: triggers, steps: steps,
            asksConfidence: object.bool("confidence") ?? false, followUp: followUp)
        dialog.rehearses = object.string("rehearses")
        if let moment = object.object("moment") {
            moment.rejectUnknownKeys(["remind_before", "debrief_after"])
            for (key, path) in [("remind_before", \Dialog.remindBefore), ("debrief_after", \Dialog.debriefAfter)] {
                guard let text = moment.string(key) else { continue }
                if let seconds = Duration.seconds(text) { dialog[keyPath: path] = seconds } else {
                    source.add(moment.value(key), "`\(key)` must be a duration such as 30m, 2h or 1d")
                }
            }
        }
        if let capture = object.object("capture") {
            capture.rejectUnknownKeys(Capture.Kind.allCases.map(\.rawValue))
            for key in capture.keys {
                guard let kind = Capture.Kind(rawValue: key), let slot = capture.string(key) else { continue }
                dialog.capture[kind] = slot
            }
        }
        checkSlots(in: object, dialog: dialog)
        return Loaded(dialog: dialog, idNode: idNode, references: references)
    }

    static func loadTriggers(_ object: YAMLObject) -> Triggers {
        object.rejectUnknownKeys(triggerKeys)
        var triggers = Triggers()
        triggers.commands = (object.strings("commands") ?? []).map { TextNormalizer.normalize($0.text) }
        triggers.keywords = (object.strings("keywords") ?? []).map { TextNormalizer.words($0.text) }.filter { !$0.isEmpty }
        triggers.examples = (object.strings("examples") ?? []).map(\.text).filter { !TextNormalizer.words($0).isEmpty }
        for (text, node) in object.strings("patterns") ?? [] {
            do {
                triggers.patterns.append(try TriggerPattern(text))
            } catch {
                object.source.add(node, "invalid regular expression `\(text)`: \(error)")
            }
        }
        return triggers
    }

    static func loadFollowUp(_ object: YAMLObject, references: inout [Reference]) -> FollowUpPlan? {
        object.rejectUnknownKeys(followUpKeys)
        let message = template(object, "say", required: true)
        var after: Double?
        if let text = object.string("after", required: true) {
            after = Duration.seconds(text)
            if after == nil { object.source.add(object.value("after"), "`after` must be a duration such as 30m, 2h or 2d (s for seconds, w for weeks)") }
        }
        var at: (hour: Int, minute: Int)?
        if let text = object.string("at") {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            if parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) {
                at = (parts[0], parts[1])
            } else {
                object.source.add(object.value("at"), "`at` must be a time of day such as 10:00")
            }
        }
        let dialog = object.string("dialog")
        if let dialog, let node = object.value("dialog") { references.append(Reference(kind: .dialog, id: dialog, node: node, source: object.source)) }
        guard let message, let after else { return nil }
        return FollowUpPlan(after: after, at: at, message: message, dialog: dialog)
    }

    static func loadRecommendation(_ object: YAMLObject, references: inout [Reference]) -> Recommendation? {
        guard let node = object.value("recommend") else { return nil }
        if node.sequence != nil {
            let ids = object.strings("recommend") ?? []
            for (target, node) in ids { references.append(Reference(kind: .knowledge, id: target, node: node, source: object.source)) }
            return Recommendation(ids: ids.map(\.text))
        }
        guard let spec = object.object("recommend") else { return nil }
        spec.rejectUnknownKeys(recommendKeys)
        let ids = spec.strings("ids") ?? []
        for (target, node) in ids { references.append(Reference(kind: .knowledge, id: target, node: node, source: object.source)) }
        var kinds: [KnowledgeItem.Kind] = []
        for (text, node) in spec.strings("kinds") ?? [] {
            if let kind = KnowledgeItem.Kind(rawValue: text) {
                kinds.append(kind)
            } else {
                object.source.add(node, "unknown kind `\(text)`; expected one of: \(KnowledgeItem.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let filter = KnowledgeFilter(skills: (spec.strings("skills") ?? []).map(\.text), kinds: kinds, tags: (spec.strings("tags") ?? []).map(\.text))
        let query = spec.has("query") ? template(spec, "query") : nil
        let limit = spec.int("limit") ?? 2
        if !(1...10).contains(limit) { object.source.add(spec.value("limit"), "`limit` must be between 1 and 10") }
        return Recommendation(ids: ids.map(\.text), filter: filter, query: query, limit: min(max(limit, 1), 10))
    }


    static func loadStep(_ object: YAMLObject, index: Int, references: inout [Reference]) -> Step? {
        let source = object.source
        object.rejectUnknownKeys(stepKeys)
        let id = object.string("id", required: true)
        let recommend = loadRecommendation(object, references: &references)
        let nextDialog = object.string("next_dialog")
        if let nextDialog, let node = object.value("next_dialog") {
            references.append(Reference(kind: .dialog, id: nextDialog, node: node, source: source))
        }
        let next = object.string("next")
        let ends = object.bool("end") ?? false
        if next != nil && ends { source.add(object.value("end"), "a step cannot have both `next` and `end: true`") }

        let action: Step.Action?
        let kinds = ["say", "ask", "branch", "review"].filter(object.has)
        switch (object.has("say"), object.has("ask")) {
        case _ where kinds.count > 1:
            source.add(object.value(kinds[1]), "a step does one thing: `say`, `ask` or `branch` (found \(kinds.joined(separator: " and ")))")
            action = nil
        case (false, false) where object.has("branch"):
            action = loadBranches(object).map(Step.Action.branch)
        case (false, false) where object.has("review"):
            action = loadReview(object)
        case (false, false):
            source.add(object.node, "\(object.what) needs `say:`, `ask:`, `branch:` or `review:`")
            action = nil
        case (true, false):
            for key in ["expect", "options", "min", "max", "min_length", "save", "retry", "probe", "confirm"] where object.has(key) {
                source.add(object.keyNode(key), "`\(key)` only applies to `ask` steps")
            }
            action = template(object, "say").map(Step.Action.say)
        case (false, true):
            action = question(object).map(Step.Action.ask)
        default:
            action = nil
        }
        guard let id, let action else { return nil }
        return Step(id: id, action: action, recommend: recommend, next: next, nextDialog: nextDialog, ends: ends)
    }

    static func question(_ object: YAMLObject) -> Question? {
        let source = object.source
        let prompt = template(object, "ask", required: true)
        let retry = object.has("retry") ? template(object, "retry") : nil
        let slot = object.string("save", required: true)
        if let slot, !slot.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            source.add(object.value("save"), "slot name `\(slot)` must use only letters, digits and `_` (it is used as {{\(slot)}} in templates)")
        }
        let kind = object.string("expect") ?? "text"
        var expect: Expectation?
        switch kind {
        case "text":
            expect = .text(minLength: object.int("min_length") ?? 1)
        case "number":
            expect = .number(min: object.double("min"), max: object.double("max"))
        case "yes_no":
            expect = .yesNo
        case "date":
            expect = .date
        case "choice":
            let options = object.strings("options", required: true)?.map(\.text)
            if let options, options.count < 2 {
                source.add(object.value("options"), "a choice needs at least 2 `options`")
            } else if let options {
                expect = .choice(options)
            }
        default:
            source.add(object.value("expect"), "unknown `expect` value `\(kind)`; expected one of: \(expectations.joined(separator: ", "))")
        }
        if kind != "choice", object.has("options") { source.add(object.keyNode("options"), "`options` only applies to `expect: choice`") }
        guard let prompt, let slot, let expect else { return nil }
        var question = Question(prompt: prompt, slot: slot, expect: expect, retry: retry)
        question.confirm = object.has("confirm") ? template(object, "confirm") : nil
        if let probes = object.object("probe") {
            probes.rejectUnknownKeys(Probe.Kind.allCases.map(\.rawValue))
            for key in probes.keys {
                guard let kind = Probe.Kind(rawValue: key), let ask = template(probes, key) else { continue }
                question.probes.append(Probe(kind: kind, ask: ask))
            }
        }
        return question
    }

    static func template(_ object: YAMLObject, _ key: String, required: Bool = false) -> Template? {
        guard let text = object.string(key, required: required), let node = object.value(key) else { return nil }
        return TemplateCheck.compile(text, at: node, in: object.source)
    }
}

/// Durations in content: `45s`, `30m`, `2h`, `2d`, `1w`.
enum Duration {
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount >= 0 else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        case "w": return amount * 604_800
        default: return nil
        }
    }
}
