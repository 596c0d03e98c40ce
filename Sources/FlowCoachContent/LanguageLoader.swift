import FlowCoachCore
import Foundation
import Yams

/// Reads `Prompts/synonyms.yaml` and `Prompts/smalltalk.yaml`; both are optional.
enum LanguageLoader {
    static let synonymsFile = "Prompts/synonyms.yaml"
    static let smallTalkFile = "Prompts/smalltalk.yaml"
    static let barriersFile = "Prompts/barriers.yaml"

    static func load(root: String, log: IssueLog) -> Language {
        var language = Language()
        if exists(synonymsFile, root: root) {
            language.synonyms = ContentLoader.loadFile(synonymsFile, root: root, log: log, required: false) { source, node in
                loadSynonyms(source, node)
            } ?? []
        }
        if exists(smallTalkFile, root: root) {
            ContentLoader.loadFile(smallTalkFile, root: root, log: log, required: false) { source, node in
                loadSmallTalk(source, node, into: &language)
            }
        }
        if exists(barriersFile, root: root) {
            language.barriers = ContentLoader.loadFile(barriersFile, root: root, log: log, required: false) { source, node in
                loadBarriers(source, node)
            } ?? []
        }
        return language
    }

    /// `categories:`, each with an `id`, a `label` and the `phrases` that put a barrier in it.
    static func loadBarriers(_ source: YAMLFile, _ node: Node) -> [BarrierCategory] {
        guard let object = YAMLObject(node, in: source, what: "barriers.yaml") else { return [] }
        object.rejectUnknownKeys(["categories"])
        var categories: [BarrierCategory] = []
        for (index, entry) in (object.list("categories", required: true) ?? []).enumerated() {
            guard let category = YAMLObject(entry, in: source, what: "category \(index + 1)") else { continue }
            category.rejectUnknownKeys(["id", "label", "phrases"])
            guard let id = category.string("id", required: true), let label = category.string("label", required: true),
                  let phrases = category.strings("phrases", required: true) else { continue }
            if id == BarrierCategory.other { source.add(category.value("id"), "`other` is kept for what no category matches; choose another id") }
            if categories.contains(where: { $0.id == id }) { source.add(category.value("id"), "duplicate category id `\(id)`") }
            categories.append(BarrierCategory(id: id, label: label, phrases: phrases.map(\.text)))
        }
        return categories
    }

    static func exists(_ file: String, root: String) -> Bool {
        FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(file))
    }

    /// `canonical: [variant, …]`, in file order.
    static func loadSynonyms(_ source: YAMLFile, _ node: Node) -> [(canonical: String, variants: [String])] {
        guard let object = YAMLObject(node, in: source, what: "synonyms.yaml") else { return [] }
        var seen: [String: String] = [:]
        var result: [(canonical: String, variants: [String])] = []
        for key in object.keys {
            guard let variants = object.strings(key, required: true) else { continue }
            for (text, node) in variants {
                let words = TextNormalizer.words(text).joined(separator: " ")
                if words.isEmpty { source.add(node, "a synonym of `\(key)` needs at least one word") }
                if let other = seen[words], other != key { source.add(node, "`\(text)` is already a synonym of `\(other)`") }
                seen[words] = key
            }
            result.append((key, variants.map(\.text)))
        }
        return result
    }

    /// `small_talk:` kinds (each `reply:` a message key and `phrases:`), `stress:` and `crisis:` phrases.
    static func loadSmallTalk(_ source: YAMLFile, _ node: Node, into language: inout Language) {
        guard let object = YAMLObject(node, in: source, what: "smalltalk.yaml") else { return }
        object.rejectUnknownKeys(["small_talk", "stress", "crisis", "hedging", "judgement"])
        language.hedging = object.strings("hedging")?.map(\.text) ?? []
        language.judgement = object.strings("judgement")?.map(\.text) ?? []
        language.stress = object.strings("stress")?.map(\.text) ?? []
        language.crisis = object.strings("crisis")?.map(\.text) ?? []
        guard let kinds = object.object("small_talk", required: true) else { return }
        for name in kinds.keys {
            guard let kindNode = kinds.value(name), let kind = YAMLObject(kindNode, in: source, what: "small talk `\(name)`") else { continue }
            kind.rejectUnknownKeys(["reply", "phrases"])
            guard let reply = kind.string("reply", required: true), let phrases = kind.strings("phrases", required: true) else { continue }
            if Messages.variables[reply] == nil {
                source.add(kind.value("reply"), "`\(reply)` is not a message key of Prompts/messages.yaml")
            }
            language.smallTalk.append(SmallTalkKind(name: name, reply: reply, phrases: phrases.map(\.text)))
        }
    }
}
