import FlowCoachCore
import Foundation
import Yams

/// Reads `Prompts/tests/*.yaml`: a list of conversations, each `name:` and `steps:`, each step
/// `say:` with any of `dialog:`, `reply_contains:`, `reply_lacks:` and `slots:`.
public enum ConversationTestLoader {
    public static let directory = "Prompts/tests"
    static let testKeys = ["name", "steps"]
    static let stepKeys = ["say", "dialog", "reply_contains", "reply_lacks", "slots"]

    /// Every test under `root`, or every problem in the files (path:line:column).
    public static func load(root: String) throws(ContentError) -> [ConversationTest] {
        let log = IssueLog()
        var tests: [ConversationTest] = []
        guard LanguageLoader.exists(directory, root: root) else { return [] }
        for file in ContentLoader.files(in: directory, root: root, extensions: ["yaml", "yml"], log: log) {
            tests += ContentLoader.loadFile(file, root: root, log: log, required: true) { source, node in load(source, node) } ?? []
        }
        guard log.issues.isEmpty else { throw ContentError(issues: log.issues.sorted()) }
        return tests
    }

    static func load(_ source: YAMLFile, _ node: Node) -> [ConversationTest] {
        guard let list = node.sequence else {
            source.add(node, "a tests file is a list of conversations (`- name: …`), found \(YAMLObject.kind(of: node))")
            return []
        }
        return list.compactMap { item in
            guard let object = YAMLObject(item, in: source, what: "test") else { return nil }
            object.rejectUnknownKeys(testKeys)
            guard let name = object.string("name", required: true), let steps = object.list("steps", required: true) else { return nil }
            return ConversationTest(name: name, file: source.file, line: source.position(of: item).line, steps: steps.compactMap { step(source, $0) })
        }
    }

    static func step(_ source: YAMLFile, _ node: Node) -> ConversationTest.Step? {
        guard let object = YAMLObject(node, in: source, what: "step") else { return nil }
        object.rejectUnknownKeys(stepKeys)
        guard let say = object.string("say", required: true) else { return nil }
        var step = ConversationTest.Step(say: say, line: source.position(of: node).line, dialog: object.string("dialog"))
        step.replyContains = texts(object, "reply_contains")
        step.replyLacks = texts(object, "reply_lacks")
        if let slots = object.object("slots") {
            for key in slots.keys { step.slots[key] = slots.string(key) }
        }
        return step
    }

    /// One text or a list of them.
    static func texts(_ object: YAMLObject, _ key: String) -> [String] {
        if object.value(key)?.sequence != nil { return object.strings(key)?.map(\.text) ?? [] }
        return object.string(key).map { [$0] } ?? []
    }
}
