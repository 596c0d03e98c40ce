import FlowCoachCore
import Foundation
import Yams

extension DialogLoader {
    /// Every `{{name}}` in the dialog's texts must be a slot it saves or captures, or one of the
    /// values always there: a typo (`{{focsu}}`) would otherwise render as nothing at all.
    static func checkSlots(in object: YAMLObject, dialog: Dialog) {
        var known: Set<String> = ["user", "dialog", "skill", "role"]
        for step in dialog.steps { if case .ask(let question) = step.action { known.insert(question.slot) } }
        known.formUnion(dialog.capture.values)
        if dialog.asksConfidence { known.formUnion(["confidence_before", "confidence_after"]) }
        var texts: [(String, Node)] = []
        let collect = { (mapping: YAMLObject, keys: [String]) in
            for key in keys { if let node = mapping.value(key), let text = node.scalar?.string { texts.append((text, node)) } }
        }
        for item in object.list("steps") ?? [] {
            guard let step = YAMLObject(item, in: object.source, what: "step") else { continue }
            collect(step, ["ask", "say", "retry", "confirm"])
            if let probes = step.object("probe") { collect(probes, probes.keys) }
            if step.value("recommend")?.mapping != nil, let recommend = step.object("recommend") { collect(recommend, ["query"]) }
        }
        if let followUp = object.object("follow_up") { collect(followUp, ["say"]) }
        for (text, node) in texts {
            for name in slotNames(in: text) where !known.contains(name) {
                let hint = Suggestion.closest(to: name, in: Array(known)).map { " (did you mean `\($0)`?)" } ?? ""
                object.source.add(node, "`{{\(name)}}` is not a slot this dialog saves or captures\(hint); it would always be empty")
            }
        }
    }

    /// The names a template reads, inside any transforms: `{{you(clause(story))}}` reads `story`.
    static func slotNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("!") || tag.hasPrefix("%") { continue }  // a comment or a pragma
            tag = String(tag.drop { "#^/&{".contains($0) }).trimmingCharacters(in: .whitespaces)
            if let paren = tag.lastIndex(of: "(") { tag = String(tag[tag.index(after: paren)...].prefix { $0 != ")" }) }
            if !tag.isEmpty, tag != "." { names.append(tag) }
        }
        return names
    }
}
