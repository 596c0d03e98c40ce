import FlowCoachCore
import Foundation
import Yams

/// Reads `Prompts/synonyms.yaml` and `Prompts/smalltalk.yaml`; both are optional.
enum LanguageLoader {
    static let synonymsFile = "Prompts/synonyms.yaml"
    static let smallTalkFile = "Prompts/smalltalk.yaml"

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
        return language
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
