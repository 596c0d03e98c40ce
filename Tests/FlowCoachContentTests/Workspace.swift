import FlowCoachContent
import FlowCoachCore
import Foundation

/// A temporary content root: a small valid set of files that each test breaks in one place.
struct Workspace {
    let root: String

    static let config = """
        version: 1
        platform: console
        time_zone: UTC
        """

    /// Every message key; the shorter lines just say their key (the board post names its question
    /// as it must).
    static let messages = requiredMessages + Messages.optionalKeys.map { "\n\($0): \($0 == "qa_board_post" ? "Question {{id}}" : "\($0) text")" }.joined() + "\n"

    static let requiredMessages = """
        welcome: Hi {{user}}
        help: "{{#dialogs}}{{title}}{{/dialogs}}"
        fallback: Sorry
        cancelled: Stopped {{dialog}}
        nothing_to_cancel: Nothing to cancel
        resume: Back to {{dialog}}
        too_long: Max {{limit}}
        give_up: Paused {{dialog}}
        """

    static let dialog = """
        id: alpha
        title: Alpha
        skill: alpha-skill
        summary: The first dialog.
        triggers:
          commands: [coach alpha]
          keywords: [alpha]
        steps:
          - id: one
            ask: What is one?
            save: one
          - id: two
            say: Thanks {{one}}
            recommend: [item-a]
        """

    static let knowledge = """
        ---
        id: item-a
        title: Item A
        kind: tip
        skills: [alpha-skill]
        summary: A tip.
        ---
        Body of A.
        """

    init() throws {
        root = NSTemporaryDirectory() + "flowcoach-content-" + UUID().uuidString
        try write("Config/flowcoach.yaml", Self.config)
        try write("Prompts/messages.yaml", Self.messages)
        try write("Prompts/dialogs/alpha.yaml", Self.dialog)
        try write("Prompts/knowledge/item-a.md", Self.knowledge)
    }

    func write(_ file: String, _ text: String) throws {
        let path = root + "/" + file
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The issues a load reports, as `file:line:column: message` lines relative to the root.
    func issues() -> [String] {
        do {
            _ = try ContentLoader.load(root: root)
            return []
        } catch {
            return error.issues.map { $0.formatted(root: ".") }
        }
    }
}
