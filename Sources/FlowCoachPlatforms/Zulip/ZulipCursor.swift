import Foundation

/// Where reading resumes, committed with each batch's effects: the event queue and the last
/// event read from it, and the newest message id seen, from which a lost queue's gap is read
/// back. Stored as compact JSON (`{"last_event_id":4,"last_message_id":120,"queue_id":"…"}`).
struct ZulipCursor: Codable, Equatable {
    var queueID: String
    var lastEventID: Int
    /// The newest message the bot has seen (answered or not); nil when unknown.
    var lastMessageID: Int?

    enum CodingKeys: String, CodingKey {
        case queueID = "queue_id"
        case lastEventID = "last_event_id"
        case lastMessageID = "last_message_id"
    }

    init(queueID: String, lastEventID: Int, lastMessageID: Int?) {
        self.queueID = queueID
        self.lastEventID = lastEventID
        self.lastMessageID = lastMessageID
    }

    /// Reads a committed cursor; nil for one this version cannot read.
    init?(_ text: String) {
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)), !value.queueID.isEmpty else { return nil }
        self = value
    }

    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// This cursor after `events`: the highest event id and the highest message id among them.
    func advanced(by events: [ZulipEvent]) -> ZulipCursor {
        var next = self
        for event in events {
            next.lastEventID = max(next.lastEventID, event.id)
            if let message = event.message { next.lastMessageID = max(next.lastMessageID ?? message.id, message.id) }
        }
        return next
    }
}
