import Foundation

/// The weekly digest: one scheduled entry per manager (`m|<manager>`) in the due queue, fired
/// like any nudge (`fire`: their local time, working hours, daily cap, never into a dialog), and
/// "opened" when the manager writes to the coach within a day of it.
extension Session {
    static func digestEntry(_ manager: String) -> String { "m|\(manager)" }

    /// Schedules `person`'s next digest when they manage a team and none is scheduled, and
    /// remembers their direct room when they are writing from one.
    mutating func scheduleDigest(for person: String) {
        guard managers.teams[person] != nil else { return }
        if let inbound, inbound.sender.id == person, inbound.isDirect, digestRoom(person) != inbound.room {
            var desk = draft[TeamDesk.self, id: person] ?? TeamDesk(manager: person)
            desk.directRoom = inbound.room
            draft.put(desk)
        }
        guard draft.scheduledNudge(Self.digestEntry(person)) == nil,
              let profile = draft.profile(person), !profile.nudgesOff,
              let next = nextDigest(for: person, after: now, clock: clock(for: person)) else { return }
        put(next)
    }

    /// The cursor that records which set of managers has had its digests scheduled.
    static let digestCursor = "manager-digests"

    /// After Config's managers or digest schedule changed (a reload), schedules every manager
    /// who has written to the coach, instead of waiting for their next message. Once per change.
    mutating func scheduleDigests() {
        let done = draft.cursor(Self.digestCursor)?.value
        guard done != managers.version, done != nil || !managers.teams.isEmpty else { return }
        for manager in managers.teams.keys.sorted() {
            if let scheduled = draft.scheduledNudge(Self.digestEntry(manager)), scheduled.nominal > now,
               let next = nextDigest(for: manager, after: now, clock: clock(for: manager)), next.nominal != scheduled.nominal {
                put(next)
            }
            scheduleDigest(for: manager)
        }
        draft.put(Cursor(id: Self.digestCursor, value: managers.version))
    }

    /// The digest after `after`, or nil when `manager` no longer manages anyone (or Config has no schedule).
    func nextDigest(for manager: String, after: Date, clock: LocalClock) -> ScheduledNudge? {
        guard managers.teams[manager] != nil, let nominal = managers.digest?.next(after: after, clock: clock) else { return nil }
        return ScheduledNudge(id: Self.digestEntry(manager), due: rules.nextAllowed(nominal, clock: clock), nominal: nominal, priority: 2)
    }

    /// Where `manager`'s digests go: the room they last wrote to the coach from directly.
    func digestRoom(_ manager: String) -> String? { draft[TeamDesk.self, id: manager]?.directRoom }

    /// The digest's lines for `manager`, recorded and audited; nothing when the week has nothing
    /// to show, or when the coach knows no direct room of theirs.
    mutating func sayDigest(_ entry: ScheduledNudge, for manager: Person) {
        guard managers.teams[manager.id] != nil, let room = digestRoom(manager.id), teamView(for: manager, digest: true) else { return }
        let id = "\(entry.id)@\(Int(entry.nominal.timeIntervalSince1970))"
        draft.put(ManagerDigest(id: id, manager: manager.id, sentAt: now))
        var desk = draft[TeamDesk.self, id: manager.id] ?? TeamDesk(manager: manager.id)
        // Digests older than a quarter's report go with the next one, so the collection stays bounded.
        while let oldest = desk.digests.first,
              draft[ManagerDigest.self, id: oldest].map({ now.timeIntervalSince($0.sentAt) > NudgeDelivery.keptFor }) ?? true {
            draft.delete(ManagerDigest.self, id: oldest)
            desk.digests.removeFirst()
        }
        desk.digests.removeAll { $0 == id }
        desk.digests.append(id)
        draft.put(desk)
        draft.put(AuditEntry(actor: manager.id, command: "weekly digest", room: room, at: now, allowed: true, event: id))
        count("managers.digests")
    }

    /// A message from `person`: it opens their latest digest if that came within a day.
    mutating func noteDigestOpened(by person: String) {
        guard let id = draft[TeamDesk.self, id: person]?.digests.last, var digest = draft[ManagerDigest.self, id: id],
              digest.respondedAt == nil, now.timeIntervalSince(digest.sentAt) <= NudgeDelivery.respondWithin else { return }
        digest.respondedAt = now
        draft.put(digest)
    }
}
