import Foundation

/// A person's choice of what their manager sees: nothing individual by default; `share with my
/// manager` adds their moments (applications and practice progress) from then on; `stop sharing`
/// ends it at once; `my sharing` says where they stand.
extension Session {
    /// `share with my manager`.
    mutating func shareWithManager(for person: Person) {
        guard let manager = managers.managerOf[person.id], manager != person.id else { return say("sharing_no_manager") }
        if consent(of: person.id) != nil { return say("sharing_already", ["manager": name(of: manager)]) }
        var consent = SharingConsent(person: person.id, manager: manager, since: now)
        // The clock has whole seconds: what they logged just before, in this same second, stays theirs.
        let sameSecond = draft.base.applications.values.filter { $0.user == person.id && $0.at >= now }.map(\.id)
        if !sameSecond.isEmpty { consent.before = sameSecond.sorted() }
        draft.put(consent)
        count("managers.sharing.started")
        say("sharing_started", ["manager": name(of: manager)])
    }

    /// `stop sharing`: takes effect for the very next digest or `my team`.
    mutating func stopSharing(for person: Person) {
        guard let consent = draft[SharingConsent.self, id: person.id] else { return say("sharing_was_off") }
        draft.delete(SharingConsent.self, id: person.id)
        count("managers.sharing.stopped")
        // Shared with a manager who is no longer theirs: nothing was being shown anyway.
        say(consent.manager == managers.managerOf[person.id] ? "sharing_stopped" : "sharing_was_off", ["manager": name(of: consent.manager)])
    }

    /// `my sharing`.
    mutating func mySharing(for person: Person) {
        guard let manager = managers.managerOf[person.id], manager != person.id else { return say("my_sharing_none") }
        if let consent = consent(of: person.id) {
            return say("my_sharing_on", ["manager": name(of: manager), "since": dayName(clock(for: person.id).local(consent.since).day, clock: clock(for: person.id))])
        }
        let earlier = draft[SharingConsent.self, id: person.id] != nil
        say("my_sharing_off", ["manager": name(of: manager), "minimum": content.settings.reportMinimumGroup, "changed": earlier])
    }
}
