/// The names of the state's collections, as written in the journal's `c` field.
public enum CollectionName: String, Sendable, Codable, CaseIterable {
    case users, conversations, outbox, cursors, seen, profiles, ratings, runs, followUps, questions, answers
    case scheduled, cards, enrolments, checkIns, counters, applications, audit
}

/// One entity of the state, tagged with the collection it belongs to.
public enum Entity: Sendable, Hashable {
    case user(UserRecord)
    case conversation(Conversation)
    case outbox(Outbound)
    case cursor(Cursor)
    case seen(SeenEvent)
    case profile(Profile)
    case rating(Rating)
    case run(DialogRun)
    case followUp(FollowUp)
    case question(PeerQuestion)
    case answer(PeerAnswer)
    case scheduledNudge(ScheduledNudge)
    case card(CardRecord)
    case enrolment(Enrolment)
    case checkIn(CheckIn)
    case counter(Counter)
    case application(Application)
    case audit(AuditEntry)

    public var collection: CollectionName {
        switch self {
        case .user: .users
        case .conversation: .conversations
        case .outbox: .outbox
        case .cursor: .cursors
        case .seen: .seen
        case .profile: .profiles
        case .rating: .ratings
        case .run: .runs
        case .followUp: .followUps
        case .question: .questions
        case .answer: .answers
        case .scheduledNudge: .scheduled
        case .card: .cards
        case .enrolment: .enrolments
        case .checkIn: .checkIns
        case .counter: .counters
        case .application: .applications
        case .audit: .audit
        }
    }

    public var id: String {
        switch self {
        case .user(let value): value.id
        case .conversation(let value): value.id
        case .outbox(let value): value.id
        case .cursor(let value): value.id
        case .seen(let value): value.id
        case .profile(let value): value.id
        case .rating(let value): value.id
        case .run(let value): value.id
        case .followUp(let value): value.id
        case .question(let value): value.id
        case .answer(let value): value.id
        case .scheduledNudge(let value): value.id
        case .card(let value): value.id
        case .enrolment(let value): value.id
        case .checkIn(let value): value.id
        case .counter(let value): value.id
        case .application(let value): value.id
        case .audit(let value): value.id
        }
    }
}

/// One write to the state. In the journal: `{"c":"users","id":"…","v":{…}}` or
/// `{"c":"users","id":"…","del":true}`.
public enum Change: Sendable, Hashable {
    case put(Entity)
    case delete(CollectionName, id: String)

    public var collection: CollectionName {
        switch self {
        case .put(let entity): entity.collection
        case .delete(let collection, _): collection
        }
    }

    public var id: String {
        switch self {
        case .put(let entity): entity.id
        case .delete(_, let id): id
        }
    }
}

extension Change: Codable {
    private enum Key: String, CodingKey { case c, id, v, del }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let collection = try container.decode(CollectionName.self, forKey: .c)
        let id = try container.decode(String.self, forKey: .id)
        if try container.decodeIfPresent(Bool.self, forKey: .del) == true {
            self = .delete(collection, id: id)
            return
        }
        let entity: Entity =
            switch collection {
            case .users: .user(try container.decode(UserRecord.self, forKey: .v))
            case .conversations: .conversation(try container.decode(Conversation.self, forKey: .v))
            case .outbox: .outbox(try container.decode(Outbound.self, forKey: .v))
            case .cursors: .cursor(try container.decode(Cursor.self, forKey: .v))
            case .seen: .seen(try container.decode(SeenEvent.self, forKey: .v))
            case .profiles: .profile(try container.decode(Profile.self, forKey: .v))
            case .ratings: .rating(try container.decode(Rating.self, forKey: .v))
            case .runs: .run(try container.decode(DialogRun.self, forKey: .v))
            case .followUps: .followUp(try container.decode(FollowUp.self, forKey: .v))
            case .questions: .question(try container.decode(PeerQuestion.self, forKey: .v))
            case .answers: .answer(try container.decode(PeerAnswer.self, forKey: .v))
            case .scheduled: .scheduledNudge(try container.decode(ScheduledNudge.self, forKey: .v))
            case .cards: .card(try container.decode(CardRecord.self, forKey: .v))
            case .enrolments: .enrolment(try container.decode(Enrolment.self, forKey: .v))
            case .checkIns: .checkIn(try container.decode(CheckIn.self, forKey: .v))
            case .counters: .counter(try container.decode(Counter.self, forKey: .v))
            case .applications: .application(try container.decode(Application.self, forKey: .v))
            case .audit: .audit(try container.decode(AuditEntry.self, forKey: .v))
            }
        guard entity.id == id else {
            throw DecodingError.dataCorruptedError(
                forKey: .id, in: container, debugDescription: "id \(id) does not match the value's id \(entity.id)")
        }
        self = .put(entity)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(collection, forKey: .c)
        try container.encode(id, forKey: .id)
        switch self {
        case .delete:
            try container.encode(true, forKey: .del)
        case .put(let entity):
            switch entity {
            case .user(let value): try container.encode(value, forKey: .v)
            case .conversation(let value): try container.encode(value, forKey: .v)
            case .outbox(let value): try container.encode(value, forKey: .v)
            case .cursor(let value): try container.encode(value, forKey: .v)
            case .seen(let value): try container.encode(value, forKey: .v)
            case .profile(let value): try container.encode(value, forKey: .v)
            case .rating(let value): try container.encode(value, forKey: .v)
            case .run(let value): try container.encode(value, forKey: .v)
            case .followUp(let value): try container.encode(value, forKey: .v)
            case .question(let value): try container.encode(value, forKey: .v)
            case .answer(let value): try container.encode(value, forKey: .v)
            case .scheduledNudge(let value): try container.encode(value, forKey: .v)
            case .card(let value): try container.encode(value, forKey: .v)
            case .enrolment(let value): try container.encode(value, forKey: .v)
            case .checkIn(let value): try container.encode(value, forKey: .v)
            case .counter(let value): try container.encode(value, forKey: .v)
            case .application(let value): try container.encode(value, forKey: .v)
            case .audit(let value): try container.encode(value, forKey: .v)
            }
        }
    }
}
