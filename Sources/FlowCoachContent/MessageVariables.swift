import FlowCoachCore
import Foundation

/// The names a template uses, for checking them against what its message is rendered with.
enum MessageVariables {
    /// The names used outside any section, and inside `{{#dialogs}}` the names that are not a
    /// dialog's menu fields.
    static func unknown(in source: String, allowed: Set<String>) -> [String] {
        var unknown: [String] = []
        var sections: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()) }
            guard let sigil = tag.first else { continue }
            let name = ["#", "^", "/", "&"].contains(sigil) ? tag.dropFirst().trimmingCharacters(in: .whitespaces) : tag
            if sigil == "!" || name.isEmpty || name == "." { continue }
            if sigil == "/" {
                if sections.last == name { sections.removeLast() }
                continue
            }
            let inDialogs = sections.contains("dialogs")
            // `one_count` is true when `count` is 1 (`Template.countFlags`).
            let counted = name.hasPrefix(Template.countFlag) && allowed.contains(String(name.dropFirst(Template.countFlag.count)))
            if !(allowed.contains(name) || counted || name == "user" || (inDialogs && Messages.dialogFields.contains(name))) {
                unknown.append(name)
            }
            if sigil == "#" || sigil == "^" { sections.append(name) }
        }
        return unknown
    }
}
