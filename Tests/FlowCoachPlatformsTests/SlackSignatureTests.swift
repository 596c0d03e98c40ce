@testable import FlowCoachPlatforms
import Foundation
import Testing

/// Slack's request signing: only a request signed with the app's secret, within five minutes,
/// over exactly the bytes received, reaches the coach.
@Suite struct SlackSignatureTests {
    // The worked example in Slack's "Verifying requests from Slack".
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let timestamp = "1531420618"
    static let body = Array(
        ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
            + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
            + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
            .utf8)
    static let signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    static let then = Date(timeIntervalSince1970: 1_531_420_618)

    func check(timestamp: String? = timestamp, signature: String? = signature, body: [UInt8] = body, now: Date = then) -> SlackSignature.Verdict {
        SlackSignature.check(timestamp: timestamp, signature: signature, body: body, secret: Self.secret, now: now)
    }

    @Test func slacksOwnExampleIsValid() {
        #expect(SlackSignature.sign(secret: Self.secret, timestamp: Self.timestamp, body: Self.body) == Self.signature)
        #expect(check() == .valid)
        #expect(check(now: Self.then.addingTimeInterval(299)) == .valid && check(now: Self.then.addingTimeInterval(-299)) == .valid)
    }

    @Test func aChangedByteOrAnotherSecretIsRefused() {
        var tampered = Self.body
        tampered[tampered.count - 1] ^= 1
        #expect(check(body: tampered) == .mismatch)
        #expect(check(body: Self.body + [0x20]) == .mismatch, "a byte added")
        #expect(check(signature: "v0=" + String(repeating: "0", count: 64)) == .mismatch)
        #expect(check(signature: Self.signature.uppercased()) == .mismatch)
        #expect(check(signature: String(Self.signature.dropFirst(3))) == .mismatch, "without the v0= prefix")
        #expect(check(signature: "v1=" + Self.signature.dropFirst(3)) == .mismatch)
        let other = SlackSignature.sign(secret: "another-secret", timestamp: Self.timestamp, body: Self.body)
        #expect(check(signature: other) == .mismatch)
        // Signed for another time: the timestamp is part of what is signed.
        #expect(check(timestamp: "1531420619", now: Self.then) == .mismatch)
    }

    @Test func staleAndReplayedRequestsAreRefused() {
        #expect(check(now: Self.then.addingTimeInterval(301)) == .stale, "a capture replayed six minutes later")
        #expect(check(now: Self.then.addingTimeInterval(-301)) == .stale, "from the future")
        #expect(check(now: Date()) == .stale, "Slack's example itself is years old")
        #expect(check(timestamp: "1531420618.5") == .stale && check(timestamp: "soon") == .stale && check(timestamp: "-1531420618") == .stale)
    }

    @Test func missingHeadersAreRefused() {
        #expect(check(timestamp: nil) == .missing && check(signature: nil) == .missing)
        #expect(check(timestamp: "") == .missing && check(signature: "") == .missing)
        let request = WebhookRequest(
            path: "/slack/events", headers: ["X-Slack-Request-Timestamp": Self.timestamp, "X-Slack-Signature": Self.signature], body: Self.body)
        #expect(SlackSignature.check(request, secret: Self.secret, now: Self.then) == .valid, "header names in any case")
        #expect(SlackSignature.check(WebhookRequest(path: "/slack/events", body: Self.body), secret: Self.secret, now: Self.then) == .missing)
    }

    @Test func eachRefusalIsA401WithItsOwnReason() {
        for (verdict, reason) in [(SlackSignature.Verdict.missing, "missing_signature"), (.stale, "stale_timestamp"), (.mismatch, "bad_signature")] {
            guard case .refuse(let reply, let counted) = verdict.refusal else {
                Issue.record("\(verdict) not refused")
                continue
            }
            #expect(reply.status == 401 && counted == reason)
            #expect(!reply.body.contains(Self.secret))
        }
        #expect(SlackSignature.Verdict.valid.refusal == nil)
    }
}
