/// The whole persistent state: collections of entities keyed by id. It changes only through
/// `apply(_:)`, the one path shared by live turns and journal replay, so both always agree.
public struct State: Sendable, Codable, Equatable {
    public var users: [String: UserRecord] = [:]
    public var conversations: [String: Conversation] = [:]
    public var outbox: [String: Outbound] = [:]
    public var cursors: [String: Cursor] = [:]
    public var seen: [String: SeenEvent] = [:]
    public var profiles: [String: Profile] = [:]
    public var ratings: [String: Rating] = [:]
    public var runs: [String: DialogRun] = [:]
    public var followUps: [String: FollowUp] = [:]
    public var questions: [String: PeerQuestion] = [:]
    public var answers: [String: PeerAnswer] = [:]
    public var scheduled = ScheduleTable()
    public var cards: [String: CardRecord] = [:]
    public var enrolments: [String: Enrolment] = [:]
    public var checkIns: [String: CheckIn] = [:]
    public var counters: [String: Counter] = [:]
    public var applications: [String: Application] = [:]
    public var audit: [String: AuditEntry] = [:]
    /// Derived, not stored: `scheduled` ordered by due time (a 4-ary heap), rebuilt on load.
    public private(set) var dueQueue = DueQueue()
    /// Derived, not stored: answered questions (with their accepted answer) by text, kept in
    /// step by `apply` and rebuilt on load.
    public private(set) var answeredIndex = TextIndex()

    public init() {}

    /// Applies one committed change.
    public mutating func apply(_ change: Change) {
        switch change {
        case .put(let entity):
            switch entity {
            case .user(let value): users[value.id] = value
            case .conversation(let value): conversations[value.id] = value
            case .outbox(let value): outbox[value.id] = value
            case .cursor(let value): cursors[value.id] = value
            case .seen(let value): seen[value.id] = value
            case .profile(let value): profiles[value.id] = value
            case .rating(let value): ratings[value.id] = value
            case .run(let value): runs[value.id] = value
            case .followUp(let value): followUps[value.id] = value
            case .question(let value):
                questions[value.id] = value
                indexAnswered(value)
            case .answer(let value):
                answers[value.id] = value
                if let question = questions[value.question], question.accepted == value.id { indexAnswered(question) }
            case .scheduledNudge(let value):
                scheduled[value.id] = value
                if let due = scheduled.dueSeconds(of: value.id) { dueQueue.push(value.id, due: due) }
            case .card(let value): cards[value.id] = value
            case .enrolment(let value): enrolments[value.id] = value
            case .checkIn(let value): checkIns[value.id] = value
            case .counter(let value): counters[value.id] = value
            case .application(let value): applications[value.id] = value
            case .audit(let value): audit[value.id] = value
            }
        case .delete(let collection, let id):
            switch collection {
            case .users: users[id] = nil
            case .conversations: conversations[id] = nil
            case .outbox: outbox[id] = nil
            case .cursors: cursors[id] = nil
            case .seen: seen[id] = nil
            case .profiles: profiles[id] = nil
            case .ratings: ratings[id] = nil
            case .runs: runs[id] = nil
            case .followUps: followUps[id] = nil
            case .questions:
                questions[id] = nil
                answeredIndex.remove(id)
            case .answers: answers[id] = nil
            case .scheduled: scheduled[id] = nil
            case .cards: cards[id] = nil
            case .enrolments: enrolments[id] = nil
            case .checkIns: checkIns[id] = nil
            case .counters: counters[id] = nil
            case .applications: applications[id] = nil
            case .audit: audit[id] = nil
            }
        }
    }

    /// Keeps `answeredIndex` in step with an answered question: its text weighs 2, the accepted answer 1.
    private mutating func indexAnswered(_ question: PeerQuestion) {
        guard let accepted = question.accepted, question.hidden != true, answers[accepted]?.hidden != true else {
            answeredIndex.remove(question.id)
            return
        }
        answeredIndex.put(question.id, [(question.text, 2), (question.tags.joined(separator: " "), 2), (answers[accepted]?.text ?? "", 1)])
    }

    /// Applies changes in order.
    public mutating func apply(_ changes: [Change]) {
        for change in changes { apply(change) }
        if changes.contains(where: { $0.collection == .scheduled }) { dueQueue.dropStale(scheduled) }
    }
}

extension State {
    private enum Key: String, CodingKey {
        case users, conversations, outbox, cursors, seen, profiles, ratings, runs, followUps, questions, answers
        case scheduled, cards, enrolments, checkIns, counters, applications, audit
    }

    /// Collections missing from an older file decode as empty, so adding a collection needs no migration.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        users = try container.decodeIfPresent([String: UserRecord].self, forKey: .users) ?? [:]
        conversations = try container.decodeIfPresent([String: Conversation].self, forKey: .conversations) ?? [:]
        outbox = try container.decodeIfPresent([String: Outbound].self, forKey: .outbox) ?? [:]
        cursors = try container.decodeIfPresent([String: Cursor].self, forKey: .cursors) ?? [:]
        seen = try container.decodeIfPresent([String: SeenEvent].self, forKey: .seen) ?? [:]
        profiles = try container.decodeIfPresent([String: Profile].self, forKey: .profiles) ?? [:]
        ratings = try container.decodeIfPresent([String: Rating].self, forKey: .ratings) ?? [:]
        runs = try container.decodeIfPresent([String: DialogRun].self, forKey: .runs) ?? [:]
        followUps = try container.decodeIfPresent([String: FollowUp].self, forKey: .followUps) ?? [:]
        questions = try container.decodeIfPresent([String: PeerQuestion].self, forKey: .questions) ?? [:]
        answers = try container.decodeIfPresent([String: PeerAnswer].self, forKey: .answers) ?? [:]
        for question in questions.values { indexAnswered(question) }
        scheduled = try ScheduledText.decode(container.decodeIfPresent(String.self, forKey: .scheduled) ?? "")
        cards = try container.decodeIfPresent([String: CardRecord].self, forKey: .cards) ?? [:]
        enrolments = try container.decodeIfPresent([String: Enrolment].self, forKey: .enrolments) ?? [:]
        checkIns = try container.decodeIfPresent([String: CheckIn].self, forKey: .checkIns) ?? [:]
        counters = try container.decodeIfPresent([String: Counter].self, forKey: .counters) ?? [:]
        applications = try container.decodeIfPresent([String: Application].self, forKey: .applications) ?? [:]
        audit = try container.decodeIfPresent([String: AuditEntry].self, forKey: .audit) ?? [:]
        dueQueue = DueQueue(scheduled)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(users, forKey: .users)
        try container.encode(conversations, forKey: .conversations)
        try container.encode(outbox, forKey: .outbox)
        try container.encode(cursors, forKey: .cursors)
        try container.encode(seen, forKey: .seen)
        try container.encode(profiles, forKey: .profiles)
        try container.encode(ratings, forKey: .ratings)
        try container.encode(runs, forKey: .runs)
        try container.encode(followUps, forKey: .followUps)
        try container.encode(questions, forKey: .questions)
        try container.encode(answers, forKey: .answers)
        try container.encode(ScheduledText.encode(scheduled), forKey: .scheduled)
        try container.encode(cards, forKey: .cards)
        try container.encode(enrolments, forKey: .enrolments)
        try container.encode(checkIns, forKey: .checkIns)
        try container.encode(counters, forKey: .counters)
        try container.encode(applications, forKey: .applications)
        try container.encode(audit, forKey: .audit)
    }
}
