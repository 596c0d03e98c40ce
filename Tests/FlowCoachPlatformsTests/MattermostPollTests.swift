@testable import FlowCoachPlatforms
import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Testing

/// Reading the bot's direct channels: which channels are read, which posts are new, and the
/// cursor committed with them.
@Suite struct MattermostPollTests {
    static let bot = "bot1234567890abcdefghijklm"
    static let ana = "ana1234567890abcdefghijklm"
    static let ben = "ben1234567890abcdefghijklm"
    let settings = MattermostSettings(serverURL: "http://127.0.0.1:1", botUserID: Self.bot, botTokenEnv: "T", ignoreUsers: ["ignored890abcdefghijklmnop"])

    func channel(_ id: String, with user: String, created: Int64 = 1_000, last: Int64) -> MattermostChannel {
        MattermostChannel(id: id, type: "D", name: "\(user)__\(Self.bot)", createAt: created, lastPostAt: last, deleteAt: 0)
    }

    func post(_ id: String, by user: String = Self.ana, at created: Int64, updated: Int64? = nil, text: String = "hi", type: String = "",
              props: [String: MattermostLoose]? = nil) -> MattermostPost {
        MattermostPost(id: id, createAt: created, updateAt: updated ?? created, deleteAt: 0, userID: user, channelID: "dm-ana", message: text,
                       type: type, props: props)
    }

    @Test func theFirstStartReadsNothingAndMarksEachDirectChannelsHistory() {
        let channels = [
            channel("dm-ana", with: Self.ana, last: 5_000), channel("dm-ben", with: Self.ben, last: 0),
            MattermostChannel(id: "town", type: "O", name: "town-square", createAt: 1, lastPostAt: 9_000, deleteAt: 0),
            MattermostChannel(id: "notes", type: "D", name: "\(Self.bot)__\(Self.bot)", createAt: 1, lastPostAt: 9_000, deleteAt: 0),
        ]
        let (reads, cursor) = MattermostCursor.plan(nil, channels: channels, bot: Self.bot)
        #expect(reads.isEmpty)
        #expect(cursor.channels.keys.sorted() == ["dm-ana", "dm-ben"], "direct channels with one person only")
        #expect(cursor.channels["dm-ana"] == .init(t: 5_000, floor: 5_000) && cursor.channels["dm-ben"] == .init(t: 1_000, floor: 1_000))
        let mark = cursor.channels["dm-ana"]!
        #expect(!mark.isNew(post("old", at: 4_999)) && !mark.isNew(post("last", at: 5_000)), "history is not answered")
        #expect(mark.isNew(post("next", at: 5_001)))
    }

    @Test func onlyChannelsWithNewPostsAreReadAndANewChannelFromItsStart() {
        var cursor = MattermostCursor()
        cursor.channels["dm-ana"] = .init(t: 5_000)
        let channels = [channel("dm-ana", with: Self.ana, last: 5_000), channel("dm-ben", with: Self.ben, created: 7_000, last: 7_100)]
        var (reads, next) = MattermostCursor.plan(cursor, channels: channels, bot: Self.bot)
        #expect(reads.map(\.channel) == ["dm-ben"] && reads[0].since == 0, "ana's channel has nothing new")
        #expect(next.channels["dm-ben"] == .init(t: 6_999))
        cursor.channels["dm-ana"] = .init(t: 50_000)
        (reads, next) = MattermostCursor.plan(cursor, channels: [channel("dm-ana", with: Self.ana, last: 50_001)], bot: Self.bot)
        #expect(reads.map(\.channel) == ["dm-ana"] && reads[0].since == 50_000 - MattermostCursor.window)
    }

    @Test func postsAreNewOnceAndEditsOfOldOnesNever() {
        var mark = MattermostCursor.Mark(t: 20_000)
        let first = [post("a", at: 20_500), post("b", by: Self.bot, at: 21_000)]
        #expect(first.filter(mark.isNew).map(\.id) == ["a", "b"])
        mark = mark.advanced(by: first)
        #expect(mark.t == 21_000 && mark.ids == ["a": 20_500, "b": 21_000])
        // The same posts again (since reaches back `window`), an edit of a much older post, and
        // a post saved late with an earlier time than the newest read.
        let second = first + [post("old", at: 1_000, updated: 22_000), post("late", at: 20_900), post("c", at: 23_000)]
        #expect(second.filter(mark.isNew).map(\.id) == ["late", "c"])
        mark = mark.advanced(by: second)
        #expect(mark.t == 23_000 && mark.ids.keys.sorted() == ["a", "b", "c", "late"])
        mark = mark.advanced(by: [post("d", at: 40_000)])
        #expect(mark.ids == ["d": 40_000], "ids older than the window are dropped")
    }

    @Test func theFloorIsDroppedOnceItNoLongerMatters() {
        var mark = MattermostCursor.Mark.history(upTo: 5_000)
        mark = mark.advanced(by: [post("a", at: 6_000)])
        #expect(mark.floor == 5_000)
        mark = mark.advanced(by: [post("b", at: 5_000 + MattermostCursor.window + 1)])
        #expect(mark.floor == nil)
    }

    @Test func theCursorRoundTripsAndAnUnreadableOneStartsAfresh() {
        var cursor = MattermostCursor()
        cursor.channels["dm-ana"] = .init(t: 5, ids: ["p": 5], floor: 3)
        #expect(MattermostCursor.decode(cursor.encoded) == cursor)
        #expect(cursor.encoded == #"{"channels":{"dm-ana":{"floor":3,"ids":{"p":5},"t":5}},"version":1}"#)
        #expect(MattermostCursor.decode(nil) == nil && MattermostCursor.decode("s72_1") == nil && MattermostCursor.decode(#"{"version":2,"channels":{}}"#) == nil)
    }

    @Test func whichPostsAddressTheCoach() {
        #expect(MattermostAdapter.addressesCoach(post("a", at: 1), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", by: Self.bot, at: 1), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", by: "ignored890abcdefghijklmnop", at: 1), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", at: 1, type: "system_join_channel"), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", at: 1, props: ["from_bot": .string("true")]), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", at: 1, props: ["from_webhook": .string("true")]), settings: settings))
        #expect(!MattermostAdapter.addressesCoach(post("a", at: 1, text: "  \n"), settings: settings), "a file without words")
    }

    @Test func aPostListAndAUserDecodeLoosely() throws {
        let list = try MattermostAPI.decode(
            MattermostPostList.self,
            Array(#"{"order":["p1"],"posts":{"p1":{"id":"p1","create_at":5,"update_at":6,"delete_at":0,"user_id":"u","channel_id":"c","message":"hi","type":"","props":{"flowcoach_reply":"$1.reply","attachments":[{"a":1}],"from_bot":true},"metadata":{}}},"next_post_id":""}"#.utf8))
        let post = try #require(list.posts?["p1"])
        #expect(post.replyKey == "$1.reply" && post.props?["from_bot"]?.text == "true" && post.props?["attachments"] == .other)
        let user = try MattermostAPI.decode(
            MattermostUser.self,
            Array(#"{"id":"u","username":"ana","first_name":"Ana","last_name":"Lima","timezone":{"useAutomaticTimezone":"false","automaticTimezone":"Europe/Lisbon","manualTimezone":"America/Sao_Paulo"}}"#.utf8))
        #expect(user.displayName == "Ana Lima" && user.timeZoneName == "America/Sao_Paulo")
        let plain = try MattermostAPI.decode(MattermostUser.self, Array(#"{"id":"u","username":"ben","first_name":"","timezone":{"useAutomaticTimezone":"true","automaticTimezone":""}}"#.utf8))
        #expect(plain.displayName == "ben" && plain.timeZoneName == nil)
        #expect(throws: PlatformError.self) { try MattermostAPI.decode(MattermostUser.self, Array("[]".utf8)) }
    }

    @Test func theRateLimitHeadersSayHowLongToWait() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(MattermostAPI.serverWait(["retry-after": "3", "x-ratelimit-reset": "9"], now: now) == 3)
        #expect(MattermostAPI.serverWait(["x-ratelimit-reset": "2"], now: now) == 2, "seconds to go, as Mattermost sends it")
        #expect(MattermostAPI.serverWait(["x-ratelimit-reset": "1700000005"], now: now) == 5, "or a Unix time")
        #expect(MattermostAPI.serverWait([:], now: now) == nil)
    }

    @Test func aCreateIsTriedAgainOnlyWhenTheServerRefusedItUnseen() {
        let policy = RetryPolicy(maxAttempts: 6)
        func delay(_ attempt: Int, _ outcome: Result<ClientResponse, HTTPClientError>, idempotent: Bool) -> Double? {
            MattermostAPI.delay(after: attempt, outcome: outcome, idempotent: idempotent, policy: policy, jitter: 1)
        }
        let limited = ClientResponse(status: 429, headers: ["retry-after": "1"])
        #expect(delay(1, .success(limited), idempotent: false) == 1)
        #expect(delay(1, .success(ClientResponse(status: 429)), idempotent: false) == 0.5, "backoff when the server says nothing")
        #expect(delay(1, .success(ClientResponse(status: 503)), idempotent: false) == nil)
        #expect(delay(1, .failure(.timedOut), idempotent: false) == nil)
        #expect(delay(1, .failure(.timedOut), idempotent: true) == 0.5)
        #expect(delay(6, .success(limited), idempotent: false) == nil, "not for ever")
        #expect(MattermostAdapter.mayHaveLanded(PlatformError.rejected(status: 502, errcode: "", message: "")))
        #expect(!MattermostAdapter.mayHaveLanded(PlatformError.rejected(status: 429, errcode: "", message: "")))
        #expect(!MattermostAdapter.mayHaveLanded(HTTPClientError.transport(code: 7, message: "refused")))
        #expect(MattermostAdapter.mayHaveLanded(HTTPClientError.timedOut))
    }
}
