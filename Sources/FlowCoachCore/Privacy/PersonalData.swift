import Foundation

/// Everything the state holds about one person, for `my data` (an export) and `forget me` (the
/// deletions). One list of where personal data lives, so the export and the erasure agree.
public struct PersonalData: Sendable, Encodable {
    public var person: String
    public var user: UserRecord?
    public var profile: Profile?
    public var conversation: Conversation?
    public var dialogRuns: [DialogRun] = []
    public var ratings: [Rating] = []
    public var followUps: [FollowUp] = []
    public var questionsAsked: [PeerQuestion] = []
    public var answersWritten: [PeerAnswer] = []
    public var votesCast: [String] = []
    public var scheduledNudges: [ScheduledNudge] = []
    public var practiceCards: [CardRecord] = []
    public var enrolments: [Enrolment] = []
    public var checkIns: [CheckIn] = []
    public var applications: [Application] = []
    public var adminCommands: [AuditEntry] = []
    /// Messages the coach wrote to them that are still kept (the outbox keeps recent ones).
    public var messagesToThem: [Outbound] = []

    /// Collects it from `state`, sorted so the export is stable.
    public init(of person: String, in state: State) {
        self.person = person
        user = state.users[person]
        profile = state.profiles[person]
        conversation = state.conversations[person]
        dialogRuns = state.runs.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        ratings = state.ratings.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        followUps = state.followUps.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        questionsAsked = state.questions.values.filter { $0.asker == person }.sorted { $0.id < $1.id }
        answersWritten = state.answers.values.filter { $0.author == person }.sorted { $0.id < $1.id }
        votesCast = state.answers.values.filter { $0.voters.contains(person) }.map(\.id).sorted()
        scheduledNudges = state.scheduled.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        practiceCards = state.cards.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        enrolments = state.enrolments.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        checkIns = state.checkIns.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        applications = state.applications.values.filter { $0.user == person }.sorted { $0.id < $1.id }
        adminCommands = state.audit.values.filter { $0.actor == person }.sorted { $0.id < $1.id }
        let rooms = Set([profile?.room, conversation?.room].compactMap { $0 })
        messagesToThem = state.outbox.values.filter { rooms.contains($0.room) }.sorted { $0.id < $1.id }
    }

    /// The export as pretty JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The changes that erase it: their entities deleted, their votes and routings taken off
    /// others' posts, answers to their questions deleted with them (they hang off the question).
    /// Aggregate counters are untouched; applications are counted into `forgotten.applications.<skill>`.
    public func erasure(in state: State) -> [Change] {
        var changes: [Change] = []
        func delete(_ collection: CollectionName, _ ids: [String]) { changes += ids.map { .delete(collection, id: $0) } }
        if user != nil { delete(.users, [person]) }
        if profile != nil { delete(.profiles, [person]) }
        if conversation != nil { delete(.conversations, [person]) }
        delete(.runs, dialogRuns.map(\.id))
        delete(.ratings, ratings.map(\.id))
        delete(.followUps, followUps.map(\.id))
        let asked = Set(questionsAsked.map(\.id))
        delete(.questions, questionsAsked.map(\.id))
        let written = Set(answersWritten.map(\.id))
        delete(.answers, state.answers.values.filter { asked.contains($0.question) || written.contains($0.id) }.map(\.id).sorted())
        for answer in state.answers.values.sorted(by: { $0.id < $1.id })
        where answer.voters.contains(person) && !written.contains(answer.id) && !asked.contains(answer.question) {
            var kept = answer
            kept.voters.removeAll { $0 == person }
            changes.append(.put(.answer(kept)))
        }
        for question in state.questions.values.sorted(by: { $0.id < $1.id }) where !asked.contains(question.id) {
            let acceptedTheirs = question.accepted.map(written.contains) ?? false
            guard question.routedTo.contains(person) || acceptedTheirs else { continue }
            var kept = question
            kept.routedTo.removeAll { $0 == person }
            if acceptedTheirs { kept.accepted = nil }
            changes.append(.put(.question(kept)))
        }
        delete(.scheduled, scheduledNudges.map(\.id))
        delete(.cards, practiceCards.map(\.id))
        delete(.enrolments, enrolments.map(\.id))
        delete(.checkIns, checkIns.map(\.id))
        delete(.applications, applications.map(\.id))
        delete(.audit, adminCommands.map(\.id))
        delete(.outbox, messagesToThem.map(\.id))
        for (skill, rows) in Dictionary(grouping: applications, by: \.skill).sorted(by: { $0.key < $1.key }) {
            let id = "forgotten.applications.\(skill)"
            changes.append(.put(.counter(Counter(id: id, value: (state.counters[id]?.value ?? 0) + rows.count))))
        }
        let people = "forgotten.people"
        changes.append(.put(.counter(Counter(id: people, value: (state.counters[people]?.value ?? 0) + 1))))
        return changes
    }
}
