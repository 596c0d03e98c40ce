import Foundation

/// One row of the command table: the words that call it, what follows them, where it applies,
/// who may use it, the help line that explains it and the handler that runs it.
///
/// Each feature declares its rows beside its code (`Features/<Feature>/…Commands.swift`);
/// `Commands.table` lists them all in one order. Help, usage lines and "did you mean" are
/// made from the rows, so a command is declared in exactly one place.
struct Command: Sendable {
    /// When a command applies.
    enum Scope: Sendable {
        /// A control word: it applies even while a question is waiting for its answer.
        case always
        /// Only when nothing is waiting for an answer.
        case idle
    }

    /// Who may use a command.
    enum Access: Sendable {
        case everyone
        /// Only in a direct message (personal data stays out of shared rooms).
        case directOnly
        /// Only the admins listed in Config, only in a direct message; every attempt is audited.
        case admin
    }

    /// What may follow the command's words.
    enum Arguments: Sendable {
        /// Nothing.
        case none
        /// Anything, including nothing.
        case optional
        /// Exactly one word.
        case one
        /// At least one word.
        case some
        /// A post id (`q12`, `a7`) and nothing else.
        case postID
        /// A post id and then some text.
        case postIDAndText
        /// One word naming a help section.
        case section
    }

    /// Help sections: `help` lists them, `help <section>` lists a section's commands.
    enum Section: String, Sendable, CaseIterable {
        case coaching, knowledge, questions, practice, nudges, privacy, admin
    }

    /// The ways to say it, each a sequence of normalised words (`["my", "questions"]`).
    let words: [[String]]
    let arguments: Arguments
    var scope: Scope = .idle
    var access: Access = .everyone
    /// A word that itself turns down a pending confirmation (`cancel`, `later`): nothing more to do after.
    var declines = false
    /// The section its help line appears in; nil for commands that help does not list.
    let section: Section?
    /// The `Prompts/messages.yaml` key of its help line (also its usage line).
    let help: String
    let run: @Sendable (inout Session, Invocation) -> Void

    /// How many of `said`'s words name this command, when they do and its arguments fit.
    func match(_ said: Utterance) -> Int? {
        let typed = Self.withoutCourtesy(said.words)
        return words.filter { typed.starts(with: $0) && arguments.fit(Array(typed.dropFirst($0.count))) }.map(\.count).max()
    }

    /// How many of `said`'s words name this command, whatever follows them.
    func named(by said: Utterance) -> Int? {
        words.filter { said.words.starts(with: $0) }.map(\.count).max()
    }

    /// "cancel please" is "cancel": a courtesy at the end is not an argument.
    static func withoutCourtesy(_ words: [String]) -> [String] {
        var words = words
        while words.count > 1, let last = words.last, ["please", "pls", "plz", "thanks", "thx"].contains(last) { words.removeLast() }
        return words
    }
}

extension Command.Arguments {
    func fit(_ rest: [String]) -> Bool {
        switch self {
        case .none: rest.isEmpty
        case .optional: true
        case .one: rest.count == 1
        case .some: !rest.isEmpty
        case .postID: rest.count == 1 && Session.isPostID(rest[0])
        case .postIDAndText: rest.count >= 2 && Session.isPostID(rest[0])
        case .section: rest.count == 1 && Command.Section(rawValue: rest[0]) != nil
        }
    }
}

/// A command as it was said: who said it, where, and what followed its words.
struct Invocation {
    let said: Utterance
    /// How many words named the command.
    let length: Int
    let person: Person
    let room: String
    /// The person's dialog, if one is open.
    let active: Conversation?

    /// The argument at `position` (0 is the first after the command's words), neutralised
    /// because ids and names are echoed back in replies; "" past the end.
    func argument(_ position: Int = 0) -> String {
        SafeText.neutralise(said.word(length + position) ?? "")
    }

    /// All arguments as normalised words joined by spaces, neutralised.
    var rest: String { SafeText.neutralise(said.rest(from: length)) }

    /// The text as typed from the argument at `position` on (a question's or answer's wording).
    func text(from position: Int = 0) -> String { said.text(from: length + position) }
}
