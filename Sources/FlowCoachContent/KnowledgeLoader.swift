import FlowCoachCore
import Foundation
import Yams

/// Reads one `Prompts/knowledge/*.md` file: YAML front matter between `---` lines, then Markdown.
enum KnowledgeLoader {
    static let keys = ["id", "title", "kind", "skills", "roles", "tags", "summary"]

    /// Returns the item and the node of its id (for duplicate reports).
    static func load(file: String, text: String, log: IssueLog) -> (KnowledgeItem, Node)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            log.add(file, .start, "a knowledge file must start with front matter: a `---` line, `id:`, `title:`, `kind:`, `skills:`, `summary:`, then `---`")
            return nil
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let source = YAMLFile(file: file, text: text, lineOffset: 1, log: log)
        guard let node = source.parse(yaml), let object = YAMLObject(node, in: source, what: "the front matter") else {
            if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                log.add(file, .start, "the front matter is empty; it needs `id`, `title`, `kind`, `skills` and `summary`")
            }
            return nil
        }
        object.rejectUnknownKeys(keys)
        let id = object.string("id", required: true)
        let title = object.string("title", required: true)
        let summary = object.string("summary", required: true)
        let skills = object.strings("skills", required: true)
        let roles = object.strings("roles") ?? []
        let tags = object.strings("tags") ?? []
        var kind: KnowledgeItem.Kind?
        if let raw = object.string("kind", required: true) {
            kind = KnowledgeItem.Kind(rawValue: raw)
            if kind == nil {
                source.add(object.value("kind"), "unknown kind `\(raw)`; expected one of: \(KnowledgeItem.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if skills?.isEmpty == true { source.add(object.value("skills"), "`skills` needs at least one skill") }
        if body.isEmpty { log.add(file, Position(line: close + 2, column: 1), "the body after the front matter is empty") }
        guard let id, let title, let summary, let skills, !skills.isEmpty, let kind, !body.isEmpty,
            let idNode = object.value("id")
        else { return nil }
        if let bad = Identifier.problem(id) { source.add(idNode, bad) }
        let item = KnowledgeItem(
            id: id, title: title, kind: kind, skills: skills.map(\.text), roles: roles.map(\.text), tags: tags.map(\.text),
            summary: summary, body: body)
        return (item, idNode)
    }
}

/// Ids are typed in chat (`show sbi-feedback`), so they are lower-case words joined by `-` or `_`.
enum Identifier {
    static func problem(_ id: String) -> String? {
        let allowed = id.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" || $0 == "_" }
        return allowed && !id.isEmpty ? nil : "id `\(id)` must use only lower-case letters, digits, `-` and `_`"
    }
}
