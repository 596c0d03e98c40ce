@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Testing

/// Every registered collection, filled with generated entities, round-trips through the journal
/// and the snapshot; every entity a person owns is in their export and gone after their
/// erasure, and nothing else mentions them afterwards.
@Suite struct CollectionRegistryTests {
    static let people = ["@ana:x", "@bo:x", "@cy:x"]

    /// The `n`th generated entity of each registered collection, owned by `person` where it has
    /// an owner. A collection without a generator here fails `everyCollectionHasAGenerator`.
    static let generators: [CollectionName: @Sendable (Int, String, inout SystemRandomNumberGenerator) -> any StoredEntity] = [
        UserRecord.collection: { n, p, _ in UserRecord(id: p, displayName: "Name \(n)", firstSeen: at(n), lastSeen: at(n + 1)) },
        Conversation.collection: { n, p, _ in Conversation(id: p, dialogID: "d\(n)", stepID: "s", slots: ["k": "v \(n) \"é\""], room: "!dm-\(p)", startedAt: at(n), updatedAt: at(n)) },
        Outbound.collection: { n, p, _ in Outbound(id: "$e\(n).reply", room: "!dm-\(p)", text: "reply \(n) to \(p)") },
        Cursor.collection: { n, _, _ in Cursor(id: "platform\(n)", value: "s\(n)") },
        SeenEvent.collection: { n, _, _ in SeenEvent(id: "$e\(n)", at: at(n)) },
        Profile.collection: { n, p, _ in
            var profile = Profile(id: p, role: "role\(n)", shown: ["k\(n)"], lastShown: "k\(n)")
            profile.room = "!dm-\(p)"
            return profile
        },
        Rating.collection: { n, p, _ in Rating(user: p, item: "item\(n)", helpful: n % 2 == 0, at: at(n)) },
        RubricResult.collection: { n, p, _ in
            RubricResult(user: p, card: "card\(n)", skill: "skill\(n % 3)", criterion: "criterion\(n % 4)", review: n, met: n % 2 == 0, at: at(n))
        },
        DialogRun.collection: { n, p, _ in DialogRun(user: p, dialog: "d\(n)", skill: "s", startedAt: at(n)) },
        FollowUp.collection: { n, p, _ in FollowUp(id: "f\(n)|\(p)", user: p, displayName: "N", room: "!dm-\(p)", due: at(n), dialog: "d", slots: [:]) },
        PeerQuestion.collection: { n, p, random in
            PeerQuestion(id: "q\(n)", asker: p, askerName: "N", room: "!dm-\(p)", text: "question \(n) from \(p)?", tags: ["t"], askedAt: at(n),
                         routedTo: [people.randomElement(using: &random)!])
        },
        PeerAnswer.collection: { n, p, random in
            var answer = PeerAnswer(id: "a\(n)", question: "q\(Int.random(in: 0..<4, using: &random))", author: p, authorName: "N", text: "answer \(n) by \(p)", at: at(n))
            answer.voters = [people.randomElement(using: &random)!]
            return answer
        },
        ScheduledNudge.collection: { n, p, _ in ScheduledNudge(id: "n|nudge\(n)|\(p)", due: at(n), nominal: at(n), priority: n % 3) },
        CardRecord.collection: { n, p, _ in CardRecord(user: p, card: "card\(n)", memory: CardMemory(due: at(n))) },
        Enrolment.collection: { n, p, _ in Enrolment(program: "prog\(n)", cohort: "c", user: p, start: at(n)) },
        CheckIn.collection: { n, p, _ in CheckIn(id: "c\(n)|\(p)", user: p, skill: "s", sentAt: at(n)) },
        Counter.collection: { n, _, _ in Counter(id: "counter.\(n)", value: n) },
        Application.collection: { n, p, _ in Application(user: p, skill: "skill\(n % 2)", note: "note \(n)", at: at(n), source: "chat") },
        AssessmentHistory.collection: { n, p, _ in
            AssessmentHistory(id: p).merging([AssessmentRow(person: p, skill: "skill\(n % 3)", score: Double(n % 5) + 0.5, rater: "Peer", date: "2026-11-0\(n % 9 + 1)",
                                                            flagged: n % 2 == 0)], at: at(n))
        },
        Barrier.collection: { n, p, _ in Barrier(user: p, text: "no time \(n)", category: "time", skill: "s", program: nil, at: at(n)) },
        NudgeDelivery.collection: { n, p, _ in NudgeDelivery(id: "n|tip|\(p)@\(n)", user: p, kind: "message", sentAt: at(n), localHour: n % 24) },
        ForgottenTally.collection: { n, _, _ in ForgottenTally(id: "forgotten-\(n)", applications: ["skill\(n % 2)": ["2026-11-0\(n % 9 + 1)": n]], programs: []) },
        AuditEntry.collection: { n, p, _ in AuditEntry(actor: p, command: "admin stats \(n)", room: "!dm-\(p)", at: at(n), allowed: true, event: "$a\(n)") },
        SharingConsent.collection: { n, p, random in SharingConsent(person: p, manager: people.filter { $0 != p }.randomElement(using: &random)!, since: at(n)) },
        TeamDesk.collection: { n, p, random in
            var desk = TeamDesk(manager: p)
            desk.shown = people.filter { $0 != p }.shuffled(using: &random)
            desk.digests = ["m|\(p)@\(n)"]
            return desk
        },
        ManagerDigest.collection: { n, p, _ in ManagerDigest(id: "m|\(p)@\(n)", manager: p, sentAt: at(n)) },
        Recognition.collection: { n, p, _ in Recognition(manager: p, at: at(n)) },
    ]

    static func at(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_795_000_000 + Double(n) * 60) }

    @Test func everyCollectionHasAGenerator() {
        for type in Collections.all { #expect(Self.generators[type.collection] != nil, "no generator for \(type.collection)") }
    }

    /// A random state with every collection filled, as the changes that build it.
    static func changes(seed: Int, random: inout SystemRandomNumberGenerator) -> [Change] {
        // Everyone has written once (their profile knows their room), as everyone the coach knows has.
        var changes = people.map { change(generators[Profile.collection]!(seed, $0, &random)) }
        for type in Collections.all {
            guard let make = generators[type.collection] else { continue }
            for n in 0..<Int.random(in: 1...6, using: &random) {
                changes.append(change(make(seed * 100 + n, people.randomElement(using: &random)!, &random)))
            }
        }
        return changes
    }

    static func change(_ entity: any StoredEntity) -> Change { .put(entity) }

    @Test func everyCollectionRoundTripsThroughJournalAndSnapshot() throws {
        var random = SystemRandomNumberGenerator()
        for seed in 0..<20 {
            let dir = StoreFixture.directory()
            let store = try StateStore(directory: dir)
            let changes = Self.changes(seed: seed, random: &random)
            for chunk in stride(from: 0, to: changes.count, by: 7) {
                try store.commit(Array(changes[chunk..<min(chunk + 7, changes.count)]), at: Self.at(seed))
            }
            let live = store.state
            #expect(Collections.all.allSatisfy { live.counts[$0.collection, default: 0] > 0 }, "every collection is filled")
            store.close()
            let replayed = try StateStore(directory: dir)
            #expect(replayed.state == live, "journal replay, seed \(seed)")
            try replayed.snapshot(at: Self.at(seed))
            replayed.close()
            let loaded = try StateStore(directory: dir)
            #expect(loaded.state == live, "snapshot, seed \(seed)")
            loaded.close()
        }
    }

    @Test func exportAndErasureCoverEveryOwnedEntity() throws {
        var random = SystemRandomNumberGenerator()
        for seed in 0..<20 {
            var state = State()
            state.apply(Self.changes(seed: seed, random: &random))
            for person in Self.people {
                let data = PersonalData(of: person, in: state)
                let exported = Set(data.collections.flatMap { name, entities in entities.map { "\(name)/\($0.id)" } })
                for type in Collections.all {
                    for entity in Self.entities(type, in: state) where entity.owner == person {
                        #expect(exported.contains("\(type.collection)/\(entity.id)"), "\(type.collection)/\(entity.id) is in \(person)'s export")
                    }
                }
                var erased = state
                erased.apply(data.erasure(in: state))
                let json = String(decoding: try JSONEncoder().encode(erased), as: UTF8.self)
                let left = json.components(separatedBy: person).dropFirst().map { String($0.prefix(40)) }
                #expect(left.isEmpty, "nothing mentions \(person) after forget me (seed \(seed)): \(left)")
                for other in Self.people where other != person {
                    let kept = Self.entities(UserRecord.self, in: state).filter { $0.id == other }.count
                    #expect(Self.entities(UserRecord.self, in: erased).filter { $0.id == other }.count == kept, "\(other) is kept")
                }
            }
        }
    }

    static func entities<T: StoredEntity>(_ type: T.Type, in state: State) -> [T] { state[T.self].entities }
    static func entities(_ type: any StoredEntity.Type, in state: State) -> [any StoredEntity] {
        func open<T: StoredEntity>(_ type: T.Type) -> [any StoredEntity] { state[T.self].entities }
        return open(type)
    }
}
