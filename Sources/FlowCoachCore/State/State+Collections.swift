/// Named reads of the collections the code uses most; `state[T.self]` reads any of them.
extension State {
    public var users: [String: UserRecord] { self[UserRecord.self] }
    public var conversations: [String: Conversation] { self[Conversation.self] }
    public var outbox: [String: Outbound] { self[Outbound.self] }
    public var cursors: [String: Cursor] { self[Cursor.self] }
    public var seen: [String: SeenEvent] { self[SeenEvent.self] }
    public var profiles: [String: Profile] { self[Profile.self] }
    public var ratings: [String: Rating] { self[Rating.self] }
    public var runs: [String: DialogRun] { self[DialogRun.self] }
    public var followUps: [String: FollowUp] { self[FollowUp.self] }
    public var questions: [String: PeerQuestion] { self[PeerQuestion.self] }
    public var answers: [String: PeerAnswer] { self[PeerAnswer.self] }
    public var scheduled: ScheduleTable { self[ScheduledNudge.self] }
    public var cards: [String: CardRecord] { self[CardRecord.self] }
    public var enrolments: [String: Enrolment] { self[Enrolment.self] }
    public var checkIns: [String: CheckIn] { self[CheckIn.self] }
    public var counters: [String: Counter] { self[Counter.self] }
    public var applications: [String: Application] { self[Application.self] }
    public var audit: [String: AuditEntry] { self[AuditEntry.self] }
}
