import Foundation

/// A Zulip conversation as the core's room id: `dm:42` (a direct message with user 42),
/// `dm:42,57` (a group direct message, the bot left out), `stream:7:Weekly planning` (a topic in
/// stream 7). The id holds all a reply needs, so `Outbound.room` alone says where it goes; a Q&A
/// board (`qa.board_room`) is written the same way.
enum ZulipRoom: Equatable {
    case direct([Int])
    case stream(id: Int, topic: String)

    init?(_ id: String) {
        if id.hasPrefix("dm:") {
            let users = id.dropFirst(3).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !users.isEmpty, !users.contains(nil) else { return nil }
            self = .direct(users.compactMap { $0 }.sorted())
        } else if id.hasPrefix("stream:") {
            let rest = id.dropFirst(7)
            guard let colon = rest.firstIndex(of: ":"), let stream = Int(rest[..<colon]) else { return nil }
            let topic = String(rest[rest.index(after: colon)...])
            guard !topic.isEmpty else { return nil }
            self = .stream(id: stream, topic: topic)
        } else {
            return nil
        }
    }

    var id: String {
        switch self {
        case .direct(let users): "dm:" + users.sorted().map(String.init).joined(separator: ",")
        case .stream(let stream, let topic): "stream:\(stream):\(topic)"
        }
    }

    /// The form fields of `POST /messages` that address this conversation.
    var sendParams: [(name: String, value: String)] {
        switch self {
        case .direct(let users): [("type", "private"), ("to", Self.json(users))]
        case .stream(let stream, let topic): [("type", "stream"), ("to", String(stream)), ("topic", topic)]
        }
    }

    /// The narrow of `GET /messages` that reads this conversation's messages from `sender`.
    func narrow(sender: Int) -> String {
        var terms: [[String: Any]] = [["operator": "sender", "operand": sender]]
        switch self {
        case .direct(let users): terms.append(["operator": "dm", "operand": users])
        case .stream(let stream, let topic):
            terms.append(["operator": "stream", "operand": stream])
            terms.append(["operator": "topic", "operand": topic])
        }
        return Self.json(terms)
    }

    static func json(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
