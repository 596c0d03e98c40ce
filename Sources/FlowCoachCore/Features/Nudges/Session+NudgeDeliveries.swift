import Foundation

/// Which nudges people answer: each delivery is kept (for `NudgeDelivery.keptFor`), and the
/// person's next message within a day marks their latest one answered.
extension Session {
    /// The kind of nudge a scheduled entry's id (`n|nudge|user`, `u|program|unit|user`, `p|user`, `m|manager`) sends.
    func deliveryKind(_ parts: [String]) -> String {
        switch parts.first {
        case "u": return "program"
        case "p": return "practice"
        case "m": return "digest"
        default:
            switch parts.count > 1 ? plan.nudge(parts[1])?.content : nil {
            case .message: return "message"
            case .knowledge: return "knowledge"
            case .practice: return "practice"
            case .checkIn: return "check-in"
            case .dialog: return "dialog"
            case nil: return "other"
            }
        }
    }

    mutating func recordDelivery(_ id: String, kind: String, to user: String, clock: LocalClock) {
        guard var profile = draft.profile(user) else { return }
        draft.put(NudgeDelivery(id: id, user: user, kind: kind, sentAt: now, localHour: clock.local(now).minute / 60))
        var kept = profile.deliveries ?? []
        // Older deliveries go with the person's next one, so the collection stays bounded without a sweep.
        while let oldest = kept.first, draft[NudgeDelivery.self, id: oldest].map({ now.timeIntervalSince($0.sentAt) > NudgeDelivery.keptFor }) ?? true {
            draft.delete(NudgeDelivery.self, id: oldest)
            kept.removeFirst()
        }
        kept.removeAll { $0 == id }
        profile.deliveries = kept + [id]
        draft.put(profile)
    }

    /// A message from `user`: it answers their latest nudge if that came within `respondWithin`.
    mutating func noteNudgeResponse(from user: String) {
        noteDigestOpened(by: user)
        guard let id = draft.profile(user)?.deliveries?.last, var delivery = draft[NudgeDelivery.self, id: id],
              delivery.respondedAt == nil, now.timeIntervalSince(delivery.sentAt) <= NudgeDelivery.respondWithin else { return }
        delivery.respondedAt = now
        draft.put(delivery)
    }
}
