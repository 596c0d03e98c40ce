import FlowCoachCore
import Foundation
import Yams

/// Reads `Prompts/messages.yaml`: every key of `Messages.keys`, each a template.
enum MessagesLoader {
    static func load(_ source: YAMLFile, _ node: Node) -> Messages? {
        guard let object = YAMLObject(node, in: source, what: "messages.yaml") else { return nil }
        object.rejectUnknownKeys(Messages.keys + Messages.optionalKeys.keys.sorted())
        var templates: [String: Template] = [:]
        for key in Messages.keys {
            guard let text = object.string(key, required: true), let value = object.value(key) else { continue }
            if let template = TemplateCheck.compile(text, at: value, in: source) { templates[key] = template }
        }
        var extra: [String: Template] = [:]
        for key in Messages.optionalKeys.keys.sorted() {
            guard let text = object.string(key), let value = object.value(key) else { continue }
            if let template = TemplateCheck.compile(text, at: value, in: source) { extra[key] = template }
        }
        guard templates.count == Messages.keys.count else { return nil }
        return Messages(
            welcome: templates["welcome"]!, help: templates["help"]!, fallback: templates["fallback"]!,
            cancelled: templates["cancelled"]!, nothingToCancel: templates["nothing_to_cancel"]!,
            resume: templates["resume"]!, tooLong: templates["too_long"]!, giveUp: templates["give_up"]!, extra: extra)
    }
}

/// Compiles a template, logging a parse error at its exact place in the file.
enum TemplateCheck {
    static func compile(_ text: String, at node: Node, in source: YAMLFile) -> Template? {
        do {
            return try Template(text)
        } catch {
            source.log.add(source.file, source.position(inside: node, line: error.line, column: error.column), "invalid template: \(error.message)")
            return nil
        }
    }
}
