// Fuzzes what arrives from outside besides Matrix `/sync` (FuzzMatrixSync): the bodies Slack and
// Mattermost push to the listener, a Zulip event queue's answer, and an assessment export an
// admin imports. The input's first byte picks which; the rest is the body. An error (or `nil`,
// or `.ignored`) is the expected answer to a malformed body; a crash is a finding, and so is a
// message that claims to come from the bot itself (a reply loop).
import FlowCoachContent
import FlowCoachCore
@testable import FlowCoachPlatforms
import Foundation
import FuzzSupport

enum Bodies {
    static let slackBot = "UBOT0000"
    static let zulipBot = ZulipOwnUser(userID: 7, email: "coach-bot@example.org", fullName: "Coach")
    static let zulipSettings = ZulipSettings(site: "http://127.0.0.1:1", email: "coach-bot@example.org", ignoreUsers: ["zulip:99"])

    /// The shipped content, for the assessment export's skills and columns.
    static let content: Content = {
        do {
            return try ContentLoader.load(root: FuzzFiles.repositoryRoot())
        } catch {
            fatalError("the shipped content does not load: \(error)")
        }
    }()

    static func read(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let body = Array(input.dropFirst())
        switch mode % 6 {
        case 0:
            if case .message(let incoming) = try? SlackPush.event(body, botUserID: slackBot), incoming.user == slackBot {
                fatalError("the bot's own Slack message reached the coach")
            }
        case 1:
            _ = try? SlackPush.interaction(body)
        case 2:
            _ = MattermostWebhookPayload.parse(body, contentType: "application/json")
        case 3:
            _ = MattermostWebhookPayload.parse(body, contentType: "application/x-www-form-urlencoded")
        case 4:
            guard let answer = try? ZulipAPI.decode(ZulipEventsResponse.self, body) else { return }
            for event in answer.events {
                guard let message = event.message,
                    let inbound = ZulipAdapter.inbound(message, flags: event.flags ?? [], bot: zulipBot, settings: zulipSettings)
                else { continue }
                if inbound.sender.id == ZulipAdapter.personID(zulipBot.userID) || inbound.sender.id == "zulip:99" {
                    fatalError("a message from \(inbound.sender.id) reached the coach")
                }
            }
        default:
            let today = LocalClock.Day(year: 2026, month: 11, day: 18)
            if case .failure(let problems) = AssessmentCSV.read(Data(body), file: "fuzz.csv", content: content, today: today) {
                _ = "\(problems)"
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlatformBodies(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Bodies.read(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@main enum Main {
    static func main() {
        FuzzMain.run(fuzzPlatformBodies)
    }
}
