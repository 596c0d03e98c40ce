// Fuzzes the Matrix `/sync` decoder and the translation of its events into messages for the
// coach, as `MatrixAdapter.poll` does them but without the network. A `PlatformError` is the
// expected answer to a malformed body; a crash is a finding (a homeserver's answer, or what
// people put in their messages, must never take the daemon down).
import FlowCoachCore
import FlowCoachPlatforms
import Foundation
import FuzzSupport

/// The rooms an input is read in, picked by its length modulo 3: a direct message (the bot and
/// one person), a team room where the bot has a display name, or a thread under the bot's post.
enum SyncRooms {
    static let settings = MatrixSettings(homeserver: "http://127.0.0.1:1", userID: "@flowcoach:example.org", ignoreUsers: ["@otherbot:example.org"])
    static let direct = ["@flowcoach:example.org": "flowcoach", "@ana:example.org": "Ana"]
    static let team = ["@flowcoach:example.org": "Coach", "@ana:example.org": "Ana", "@ben:example.org": "", "@cy:example.org": "千尋"]

    static func read(_ body: [UInt8]) {
        let members = body.count % 3 == 1 ? team : direct
        let threadRoot = body.count % 3 == 2 ? "Question q1 from Ana: how do I say no?" : nil
        do {
            let batch = try MatrixAdapter.messages(inSync: body, settings: settings, members: members, threadRoot: threadRoot)
            // The bot must never answer itself or an ignored bot: that would be a reply loop.
            for message in batch.messages where message.sender.id == settings.userID || settings.ignoreUsers.contains(message.sender.id) {
                fatalError("a message from \(message.sender.id) reached the coach")
            }
        } catch {
            _ = "\(error)"
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixSync(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    SyncRooms.read(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@main enum Main {
    static func main() {
        FuzzMain.run(fuzzMatrixSync)
    }
}
