import FlowCoachCore
import Foundation
import Yams

/// Reads `Prompts/messages.yaml`: every key of `Messages.keys`, each a template.
enum MessagesLoader {
    static func load(_ source: YAMLFile, _ node: Node) -> Messages? {
        guard let object = YAMLObject(node, in: source, what: "messages.yaml") else { return nil }
        object.rejectUnknownKeys(Messages.keys + Messages.optionalKeys)
        var templates: [String: Template] = [:]
        for key in Messages.keys {
            guard let text = object.string(key, required: true), let value = object.value(key) else { continue }
            if let template = TemplateCheck.compile(text, at: value, in: source) { templates[key] = template }
            checkVariables(key, text, at: value, in: source)
        }
        var extra: [String: Template] = [:]
        for key in Messages.optionalKeys {
            guard let text = object.string(key, required: true), let value = object.value(key) else { continue }
            if let template = TemplateCheck.compile(text, at: value, in: source) { extra[key] = template }
            checkVariables(key, text, at: value, in: source)
        }
        guard templates.count == Messages.keys.count else { return nil }
        let messages = Messages(
            welcome: templates["welcome"]!, help: templates["help"]!, fallback: templates["fallback"]!,
            cancelled: templates["cancelled"]!, nothingToCancel: templates["nothing_to_cancel"]!,
            resume: templates["resume"]!, tooLong: templates["too_long"]!, giveUp: templates["give_up"]!, extra: extra)
        if !messages.boardPostNamesItsQuestion {
            source.add(object.value("qa_board_post"), "`qa_board_post` must begin with \"Question {{id}}\": a reply in the post's thread is matched to its question by these words")
        }
        return messages
    }
}

extension MessagesLoader {
    /// Reports a `{{name}}` the message is not rendered with (it would always come out empty).
    static func checkVariables(_ key: String, _ text: String, at node: Node, in source: YAMLFile) {
        guard let declared = Messages.variables[key], let allowed = declared else { return }
        for name in MessageVariables.unknown(in: text, allowed: allowed) {
            let offered = (allowed.sorted() + ["user"]).map { "{{\($0)}}" }.joined(separator: ", ")
            source.add(node, "`\(key)` has no value `{{\(name)}}`; it can use \(offered)")
        }
    }
}

/// Compiles a template, logging a parse error at its exact place in the file.
enum TemplateCheck {
    static func compile(_ text: String, at node: Node, in source: YAMLFile) -> Template? {
        // An unknown transform renders nothing at all: refuse it here, by name.
        for name in Template.transforms(in: text) where !Template.knownTransforms.contains(name) {
            let known = Template.knownTransforms.sorted().joined(separator: ", ")
            source.add(node, "unknown transform `\(name)(…)`; the known ones are \(known)")
        }
        do {
            return try Template(text)
        } catch {
            source.log.add(source.file, source.position(inside: node, line: error.line, column: error.column), "invalid template: \(error.message)")
            return nil
        }
    }
}
