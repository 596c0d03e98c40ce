import Foundation

/// A coaching dialog: when it starts (triggers) and the steps it walks through.
public struct Dialog: Sendable {
    public var id: String
    public var title: String
    /// The skill this dialog coaches, e.g. `client-presentations`.
    public var skill: String
    /// One line shown in help and fallback lists.
    public var summary: String
    public var triggers: Triggers
    /// Steps in file order; the first one starts the dialog.
    public var steps: [Step]

    public init(id: String, title: String, skill: String, summary: String, triggers: Triggers, steps: [Step]) {
        self.id = id
        self.title = title
        self.skill = skill
        self.summary = summary
        self.triggers = triggers
        self.steps = steps
    }

    public func step(_ id: String) -> Step? {
        steps.first { $0.id == id }
    }

    /// The step after `step`: its `next`, or the following one in file order, or none (the end).
    public func step(after step: Step) -> Step? {
        if step.ends || step.nextDialog != nil { return nil }
        if let next = step.next { return self.step(next) }
        guard let index = steps.firstIndex(where: { $0.id == step.id }), index + 1 < steps.count else { return nil }
        return steps[index + 1]
    }
}

/// What starts a dialog. Keywords and commands are stored normalised (see `TextNormalizer`).
public struct Triggers: Sendable {
    /// Words or phrases; each one found in a message adds its word count to the dialog's score.
    public var keywords: [[String]]
    /// Regular expressions matched against the normalised message; a match adds 3.
    public var patterns: [TriggerPattern]
    /// Exact commands such as `coach presentation`; a match always wins.
    public var commands: [String]

    public init(keywords: [[String]] = [], patterns: [TriggerPattern] = [], commands: [String] = []) {
        self.keywords = keywords
        self.patterns = patterns
        self.commands = commands
    }
}

/// A compiled trigger regular expression (case-insensitive, on normalised text).
public struct TriggerPattern: @unchecked Sendable {
    // Regex<AnyRegexOutput> is not declared Sendable, but a compiled regex is immutable.
    public let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; the error's description says what is wrong with it.
    public init(_ source: String) throws {
        self.source = source
        self.regex = try Regex(source).ignoresCase()
    }

    public func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}

/// One step of a dialog.
public struct Step: Sendable {
    public var id: String
    public var action: Action
    /// Knowledge item ids offered with this step's text.
    public var recommend: [String]
    /// The step to go to next; nil means the following step in the file.
    public var next: String?
    /// A dialog to start when this dialog ends after this step.
    public var nextDialog: String?
    /// True when the dialog finishes after this step.
    public var ends: Bool

    public init(
        id: String, action: Action, recommend: [String] = [], next: String? = nil, nextDialog: String? = nil, ends: Bool = false
    ) {
        self.id = id
        self.action = action
        self.recommend = recommend
        self.next = next
        self.nextDialog = nextDialog
        self.ends = ends
    }

    /// What a step does.
    public enum Action: Sendable {
        /// Say something and move on.
        case say(Template)
        /// Ask a question, check the answer and save it into a slot.
        case ask(Question)
    }
}

/// A question whose answer is checked and saved into `slot`.
public struct Question: Sendable {
    public var prompt: Template
    public var slot: String
    public var expect: Expectation
    /// Said before re-asking when an answer does not fit; a default is used when absent.
    public var retry: Template?

    public init(prompt: Template, slot: String, expect: Expectation, retry: Template? = nil) {
        self.prompt = prompt
        self.slot = slot
        self.expect = expect
        self.retry = retry
    }
}

/// The kind of answer a question accepts.
public enum Expectation: Sendable, Equatable {
    /// Free text of at least this many characters.
    case text(minLength: Int)
    /// A number, optionally bounded.
    case number(min: Double?, max: Double?)
    /// One of the options, by number or by text.
    case choice([String])
    /// yes or no (and common synonyms).
    case yesNo
}
