/// The registry of stored collections: every type the state keeps, in snapshot order. A new
/// collection is its type (conforming to `StoredEntity`) plus one line here; the journal, the
/// snapshot, `State`, `Draft`, `my data` and `forget me` all read this list.
public enum Collections {
    public static let all: [any StoredEntity.Type] = [
        UserRecord.self, Conversation.self, Outbound.self, Cursor.self, SeenEvent.self, Profile.self, Rating.self,
        DialogRun.self, FollowUp.self, PeerQuestion.self, PeerAnswer.self, ScheduledNudge.self, CardRecord.self,
        Enrolment.self, CheckIn.self, Counter.self, Application.self, AuditEntry.self, RubricResult.self,
        NudgeDelivery.self, ForgottenTally.self, Barrier.self, AssessmentHistory.self,
        SharingConsent.self, TeamDesk.self, ManagerDigest.self, Recognition.self,
    ]

    /// Each collection's place in `all` (and in `State`'s boxes).
    static let positions: [CollectionName: Int] = {
        var positions: [CollectionName: Int] = [:]
        for (index, type) in all.enumerated() {
            precondition(positions[type.collection] == nil, "two stored types share the collection \(type.collection)")
            positions[type.collection] = index
        }
        return positions
    }()

    /// The type kept in the collection called `name`, if there is one.
    public static func type(named name: CollectionName) -> (any StoredEntity.Type)? {
        positions[name].map { all[$0] }
    }

    static func emptyBoxes() -> [AnyTableBox] {
        all.map { box(for: $0) }
    }

    static func box<T: StoredEntity>(for type: T.Type) -> AnyTableBox { TableBox<T>() }
}
