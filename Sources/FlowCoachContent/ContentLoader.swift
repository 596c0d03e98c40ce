import FlowCoachCore
import Foundation
import Yams

/// Loads `Config/` and `Prompts/` under a root directory into a `Content`, or reports every
/// problem found, each with its file, line and column.
public enum ContentLoader {
    public static let configFile = "Config/flowcoach.yaml"
    public static let messagesFile = "Prompts/messages.yaml"
    public static let dialogsDirectory = "Prompts/dialogs"
    public static let knowledgeDirectory = "Prompts/knowledge"

    /// Loads everything under `root`; `config` names another configuration file (relative to
    /// `root` or absolute) than `Config/flowcoach.yaml`. A platform's section of the configuration
    /// (`matrix:`) is accepted unread: `load(root:config:readPlatforms:)` reads it.
    public static func load(root: String, config: String? = nil) throws(ContentError) -> Content {
        try load(root: root, config: config) { _, _ in }
    }

    /// Loads like `load(root:config:)` and hands the configuration's top-level mapping, with the
    /// settings read from it, to `readPlatforms`, which reads the platform sections into the
    /// platforms' own types; what it reports joins every other problem in the one `ContentError`.
    public static func load(
        root: String, config: String? = nil, readPlatforms: (ConfigSection, Settings) -> Void
    ) throws(ContentError) -> Content {
        let log = IssueLog()
        let settings =
            loadFile(config ?? configFile, root: root, log: log, required: true) { SettingsLoader.load($0, $1, readPlatforms: readPlatforms) }
            ?? Settings()
        let messages = loadFile(messagesFile, root: root, log: log, required: true) { MessagesLoader.load($0, $1) } ?? nil

        var knowledge: [KnowledgeItem] = []
        var firstKnowledge: [String: String] = [:]
        for file in files(in: knowledgeDirectory, root: root, extensions: ["md"], log: log) {
            guard let text = read(file, root: root, log: log),
                let (item, idNode) = KnowledgeLoader.load(file: file, text: text, log: log)
            else { continue }
            let source = YAMLFile(file: file, text: text, lineOffset: 1, log: log)
            if let first = firstKnowledge[item.id] {
                source.add(idNode, "duplicate knowledge id `\(item.id)` (also defined at \(first))")
                continue
            }
            let position = source.position(of: idNode)
            firstKnowledge[item.id] = "\(file):\(position.line):\(position.column)"
            knowledge.append(item)
        }

        var dialogs: [Dialog] = []
        var firstDialog: [String: String] = [:]
        var references: [Reference] = []
        for file in files(in: dialogsDirectory, root: root, extensions: ["yaml", "yml"], log: log) {
            guard let loaded = loadFile(file, root: root, log: log, required: true, { DialogLoader.load($0, $1) }) ?? nil
            else { continue }
            references += loaded.references
            guard let dialog = loaded.dialog, let idNode = loaded.idNode else { continue }
            let position = YAMLFile(file: file, text: "", log: log).position(of: idNode)
            if let first = firstDialog[dialog.id] {
                log.add(file, position, "duplicate dialog id `\(dialog.id)` (also defined at \(first))")
                continue
            }
            firstDialog[dialog.id] = "\(file):\(position.line):\(position.column)"
            dialogs.append(dialog)
        }

        let skills = Set(dialogs.map(\.skill) + knowledge.flatMap(\.skills))
        var learning = LearningLoader.load(root: root, log: log, references: &references, skills: skills)
        learning.assessments = AssessmentLoader.load(root: root, log: log, skills: AssessmentLoader.skills(skills, learning))
        let language = LanguageLoader.load(root: root, log: log)

        for reference in references {
            let known = reference.kind == .knowledge ? Array(firstKnowledge.keys) : Array(firstDialog.keys)
            guard !known.contains(reference.id) else { continue }
            let hint = Suggestion.closest(to: reference.id, in: known).map { " (did you mean `\($0)`?)" } ?? ""
            reference.source.add(reference.node, "unknown \(reference.kind.rawValue) `\(reference.id)`\(hint)")
        }
        checkCommands(dialogs, log: log)

        guard log.issues.isEmpty, let messages else {
            throw ContentError(issues: log.issues.sorted())
        }
        return Content(settings: settings, messages: messages, dialogs: dialogs, knowledge: knowledge, learning: learning, language: language)
    }

    /// Two dialogs must not claim the same command.
    static func checkCommands(_ dialogs: [Dialog], log: IssueLog) {
        var owner: [String: String] = [:]
        for dialog in dialogs {
            for command in dialog.triggers.commands {
                if let other = owner[command], other != dialog.id {
                    log.add(dialogsDirectory, .start, "command `\(command)` is claimed by both `\(other)` and `\(dialog.id)`")
                }
                owner[command] = dialog.id
            }
        }
    }

    static func loadFile<T>(
        _ file: String, root: String, log: IssueLog, required: Bool, _ body: (YAMLFile, Node) -> T
    ) -> T? {
        guard let text = read(file, root: root, log: log) else { return nil }
        let source = YAMLFile(file: file, text: text, log: log)
        guard let node = source.parse(text) else {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { log.add(file, .start, "the file is empty") }
            return nil
        }
        return body(source, node)
    }

    static func read(_ file: String, root: String, log: IssueLog) -> String? {
        let path = file.hasPrefix("/") ? file : (root as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            log.add(file, .start, "cannot read the file (missing or not readable)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.add(file, .start, "the file is not valid UTF-8")
            return nil
        }
        return text
    }

    /// The files of a directory with the given extensions, sorted by name, relative to the root.
    static func files(in directory: String, root: String, extensions: Set<String>, log: IssueLog) -> [String] {
        let path = (root as NSString).appendingPathComponent(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            log.add(directory, .start, "cannot read the directory (missing or not readable)")
            return []
        }
        return names.filter { extensions.contains(($0 as NSString).pathExtension) && !$0.hasPrefix(".") }
            .sorted().map { directory + "/" + $0 }
    }
}
