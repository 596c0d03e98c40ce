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
    static let keys = ["id", "title", "skill", "summary", "triggers", "steps"]
    static let triggerKeys = ["keywords", "patterns", "commands"]
    static let stepKeys = ["id", "say", "ask", "expect", "options", "min", "max", "min_length", "save", "retry", "recommend", "next", "next_dialog", "end"]
    static let expectations = ["text", "number", "choice", "yes_no"]

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
        var nextRefs: [(String, Node)] = []
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
                if let next = loaded.next, let node = stepObject.value("next") { nextRefs.append((next, node)) }
                steps.append(loaded)
            }
        }
        for (target, node) in nextRefs where stepNodes[target] == nil {
            let hint = Suggestion.closest(to: target, in: Array(stepNodes.keys)).map { " (did you mean `\($0)`?)" } ?? ""
            source.add(node, "`next` refers to unknown step `\(target)`\(hint)")
        }
        if let id, let bad = Identifier.problem(id) { source.add(object.value("id"), bad) }
        guard let id, let title, let skill, let summary, let triggers, !steps.isEmpty, let idNode = object.value("id") else {
            return Loaded(dialog: nil, idNode: nil, references: references)
        }
        if triggers.commands.isEmpty && triggers.keywords.isEmpty && triggers.patterns.isEmpty {
            source.add(object.value("triggers"), "`triggers` needs at least one of `commands`, `keywords` or `patterns`")
        }
        let dialog = Dialog(id: id, title: title, skill: skill, summary: summary, triggers: triggers, steps: steps)
        return Loaded(dialog: dialog, idNode: idNode, references: references)
    }

    static func loadTriggers(_ object: YAMLObject) -> Triggers {
        object.rejectUnknownKeys(triggerKeys)
        var triggers = Triggers()
        triggers.commands = (object.strings("commands") ?? []).map { TextNormalizer.normalize($0.text) }
        triggers.keywords = (object.strings("keywords") ?? []).map { TextNormalizer.words($0.text) }.filter { !$0.isEmpty }
        for (text, node) in object.strings("patterns") ?? [] {
            do {
                triggers.patterns.append(try TriggerPattern(text))
            } catch {
                object.source.add(node, "invalid regular expression `\(text)`: \(error)")
            }
        }
        return triggers
    }

    static func loadStep(_ object: YAMLObject, index: Int, references: inout [Reference]) -> Step? {
        let source = object.source
        object.rejectUnknownKeys(stepKeys)
        let id = object.string("id", required: true)
        let recommend = object.strings("recommend") ?? []
        for (target, node) in recommend {
            references.append(Reference(kind: .knowledge, id: target, node: node, source: source))
        }
        let nextDialog = object.string("next_dialog")
        if let nextDialog, let node = object.value("next_dialog") {
            references.append(Reference(kind: .dialog, id: nextDialog, node: node, source: source))
        }
        let next = object.string("next")
        let ends = object.bool("end") ?? false
        if next != nil && ends { source.add(object.value("end"), "a step cannot have both `next` and `end: true`") }

        let action: Step.Action?
        switch (object.has("say"), object.has("ask")) {
        case (true, true):
            source.add(object.value("ask"), "a step either says something (`say`) or asks (`ask`), not both")
            action = nil
        case (false, false):
            source.add(object.node, "\(object.what) needs `say:` or `ask:`")
            action = nil
        case (true, false):
            for key in ["expect", "options", "min", "max", "min_length", "save", "retry"] where object.has(key) {
                source.add(object.keyNode(key), "`\(key)` only applies to `ask` steps")
            }
            action = template(object, "say").map(Step.Action.say)
        case (false, true):
            action = question(object).map(Step.Action.ask)
        }
        guard let id, let action else { return nil }
        return Step(id: id, action: action, recommend: recommend.map(\.text), next: next, nextDialog: nextDialog, ends: ends)
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
        return Question(prompt: prompt, slot: slot, expect: expect, retry: retry)
    }

    static func template(_ object: YAMLObject, _ key: String, required: Bool = false) -> Template? {
        guard let text = object.string(key, required: required), let node = object.value(key) else { return nil }
        return TemplateCheck.compile(text, at: node, in: object.source)
    }
}
