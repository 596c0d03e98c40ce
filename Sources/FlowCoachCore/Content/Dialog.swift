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
    /// Ask a 1-5 confidence rating before the first step and after the last (kept for metrics).
    public var asksConfidence: Bool
    /// What to send after the dialog ends, e.g. a reflection question two days later.
    public var followUp: FollowUpPlan?
    /// For a rehearsal scene: the skill it practises (`rehearse <skill>`); it never starts by routing.
    public var rehearses: String?
    /// What the opening message says about the moment, saved into slots: kind → slot.
    public var capture: [Capture.Kind: String] = [:]
    /// With a known time of the moment: the plan comes back this long before it (seconds), the
    /// debrief this long after it. (With only the day: 08:30 on it, and 10:00 the day after.)
    public var remindBefore: Double = 3600
    public var debriefAfter: Double = 7200

    public init(
        id: String, title: String, skill: String, summary: String, triggers: Triggers, steps: [Step], asksConfidence: Bool = false,
        followUp: FollowUpPlan? = nil
    ) {
        self.id = id
        self.title = title
        self.skill = skill
        self.summary = summary
        self.triggers = triggers
        self.steps = steps
        self.asksConfidence = asksConfidence
        self.followUp = followUp
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
    /// Natural messages that should start the dialog; a message scores by its closest one.
    public var examples: [String]

    public init(keywords: [[String]] = [], patterns: [TriggerPattern] = [], commands: [String] = [], examples: [String] = []) {
        self.keywords = keywords
        self.patterns = patterns
        self.commands = commands
        self.examples = examples
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
    /// Knowledge offered with this step's text.
    public var recommend: Recommendation?
    /// The step to go to next; nil means the following step in the file.
    public var next: String?
    /// A dialog to start when this dialog ends after this step.
    public var nextDialog: String?
    /// True when the dialog finishes after this step.
    public var ends: Bool

    public init(
        id: String, action: Action, recommend: Recommendation? = nil, next: String? = nil, nextDialog: String? = nil, ends: Bool = false
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
        /// Go to the first branch whose condition holds (a branch without one always does).
        case branch([Branch])
        /// Read what the person wrote (these slots, joined) against criteria, say how it reads, go on.
        case review(slots: [String], criteria: [RubricCriterion])
    }
}

/// A question whose answer is checked and saved into `slot`.
public struct Question: Sendable {
    public var prompt: Template
    public var slot: String
    public var expect: Expectation
    /// Said before re-asking when an answer does not fit; a default is used when absent.
    public var retry: Template?
    /// One follow-up question, asked once, when an answer is vague in one of these ways.
    public var probes: [Probe] = []
    /// Asked instead of the question when the opening message already gave its answer (a yes keeps it).
    public var confirm: Template?

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
    /// A day: `today`, `tomorrow`, a weekday, `in 3 days`, or `2026-12-03`; saved as yyyy-MM-dd.
    case date
}

/// One way out of a `branch` step.
public struct Branch: Sendable {
    /// The slot to test (or `role` for the person's role); nil means "otherwise".
    public var slot: String?
    /// The branch is taken when the slot's value is one of these (compared normalised).
    public var values: [String]
    /// Or when it mentions one of these words or phrases (by stem): how a rehearsal scene
    /// answers what the person wrote.
    public var mentions: [String] = []
    /// Or when it asks something (has a "?").
    public var asksQuestion = false
    public var target: String

    public init(slot: String? = nil, values: [String] = [], mentions: [String] = [], target: String) {
        self.slot = slot
        self.values = values
        self.mentions = mentions
        self.target = target
    }

    /// Whether `value` takes this branch.
    public func accepts(_ value: String) -> Bool {
        if asksQuestion { return value.contains("?") }
        if !mentions.isEmpty { return RubricCriterion(name: "", rule: .mentions(mentions), met: "", missed: "").isMet(by: value) }
        return values.contains { TextNormalizer.normalize($0) == TextNormalizer.normalize(value) }
    }
}

/// Which knowledge a step offers: named items, and/or the best matches of a filter.
public struct Recommendation: Sendable {
    public var ids: [String]
    public var filter: KnowledgeFilter?
    /// Text to rank by (rendered with the slots), e.g. "{{situation}}".
    public var query: Template?
    public var limit: Int

    public init(ids: [String] = [], filter: KnowledgeFilter? = nil, query: Template? = nil, limit: Int = 2) {
        self.ids = ids
        self.filter = filter
        self.query = query
        self.limit = limit
    }
}

/// When and what to follow up after a dialog ends.
public struct FollowUpPlan: Sendable {
    /// Seconds after the end of the dialog.
    public var after: Double
    /// A local time of day (hour, minute) in the person's time zone to move the moment to.
    public var at: (hour: Int, minute: Int)?
    public var message: Template
    /// A dialog to start with the follow-up, so the answer is routed back into it.
    public var dialog: String?

    public init(after: Double, at: (hour: Int, minute: Int)? = nil, message: Template, dialog: String? = nil) {
        self.after = after
        self.at = at
        self.message = message
        self.dialog = dialog
    }
}
