import FlowCoachCore
import Foundation

/// Application-service mode: the homeserver pushes each transaction of events to the listener
/// (`PUT /_matrix/app/v1/transactions/{txnId}` with the `hs_token`) and repeats it until it is
/// acknowledged, which the listener does only once the messages are journalled. Sends are the
/// same client-server calls, made with the `as_token`.
extension MatrixAdapter {
    /// Checks the token before reading the body; joins the rooms the bot is invited to; turns the
    /// rest into messages for the coach. A homeserver call that fails for a moment (a room's
    /// members) makes it a 503, and the homeserver sends the transaction again.
    func transaction(_ request: WebhookRequest) async -> WebhookOutcome {
        let given = WebhookSecurity.bearerToken(request.header("authorization")) ?? request.query["access_token"]
        guard let given else { return .refuse(Self.matrixError(401, "M_UNAUTHORIZED", "no hs_token"), reason: "missing_token") }
        guard let hsToken, WebhookSecurity.equal(given, hsToken) else {
            return .refuse(Self.matrixError(403, "M_FORBIDDEN", "wrong hs_token"), reason: "bad_token")
        }
        guard let transaction = try? MatrixAPI.decode(Transaction.self, request.body) else {
            return .refuse(Self.matrixError(400, "M_NOT_JSON", "not a transaction"), reason: "malformed")
        }
        var messages: [Inbound] = []
        do {
            for event in transaction.events {
                guard let roomID = event.roomID else { continue }
                if event.type == "m.room.member" {
                    members[roomID] = nil
                    if event.stateKey == settings.userID, event.content?.membership == "invite" { invites.insert(roomID) }
                    continue
                }
                if let inbound = try await inbound(event, room: roomID) { messages.append(inbound) }
            }
        } catch {
            return .unavailable(reason: "\(error)")
        }
        await joinInvitedRooms()
        return .deliver(messages, ack: .ok)
    }

    /// Stands in for polling: answers at once the first time (the service is ready), then every
    /// 30 seconds checks that the homeserver still knows the token.
    func heartbeat(_ cursor: String?) async throws -> PollBatch {
        heartbeats += 1
        if heartbeats > 1 {
            try await Task.sleep(for: .seconds(30))
            _ = try await api.call("GET", "/account/whoami")
        }
        return PollBatch(messages: [], cursor: cursor ?? "appservice")
    }

    static func matrixError(_ status: Int, _ code: String, _ message: String) -> WebhookReply {
        WebhookReply(status: status, body: #"{"errcode":"\#(code)","error":"\#(message)"}"#)
    }
}
