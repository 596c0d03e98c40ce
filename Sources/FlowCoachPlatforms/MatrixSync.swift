/// The parts of a Matrix `/sync` answer flowcoach reads.
struct SyncResponse: Decodable {
    var nextBatch: String
    var rooms: Rooms?

    enum CodingKeys: String, CodingKey {
        case nextBatch = "next_batch"
        case rooms
    }

    struct Rooms: Decodable {
        var join: [String: JoinedRoom]?
        var invite: [String: InvitedRoom]?
    }

    struct JoinedRoom: Decodable {
        var timeline: Timeline?
    }

    struct InvitedRoom: Decodable {}

    struct Timeline: Decodable {
        var events: [RoomEvent]?
        var limited: Bool?
        var prevBatch: String?

        enum CodingKeys: String, CodingKey {
            case events, limited
            case prevBatch = "prev_batch"
        }
    }
}

/// A room event; `content` is kept loose because only a few fields matter.
struct RoomEvent: Decodable {
    var type: String
    var sender: String
    var eventID: String?
    var stateKey: String?
    var content: Content?
    /// Set on events an application service is pushed (in `/sync` the room is the key).
    var roomID: String?

    enum CodingKeys: String, CodingKey {
        case type, sender, content
        case eventID = "event_id"
        case stateKey = "state_key"
        case roomID = "room_id"
    }

    struct Content: Decodable {
        var msgtype: String?
        var body: String?
        var membership: String?
        var mentions: Mentions?
        var relatesTo: Relation?

        enum CodingKeys: String, CodingKey {
            case msgtype, body, membership
            case mentions = "m.mentions"
            case relatesTo = "m.relates_to"
        }
    }

    /// `m.relates_to` of a reaction: `rel_type` m.annotation, the target event and the emoji.
    struct Relation: Decodable {
        var relType: String?
        var eventID: String?
        var key: String?

        enum CodingKeys: String, CodingKey {
            case key
            case relType = "rel_type"
            case eventID = "event_id"
        }
    }

    struct Mentions: Decodable {
        var userIDs: [String]?

        enum CodingKeys: String, CodingKey {
            case userIDs = "user_ids"
        }
    }
}

/// A transaction the homeserver pushes to an application service.
struct Transaction: Decodable {
    var events: [RoomEvent]
}

/// `/rooms/{id}/messages`.
struct MessagesResponse: Decodable {
    var chunk: [RoomEvent]
    var end: String?
}

/// `/rooms/{id}/joined_members`.
struct JoinedMembersResponse: Decodable {
    var joined: [String: Member]

    struct Member: Decodable {
        var displayName: String?

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name"
        }
    }
}
