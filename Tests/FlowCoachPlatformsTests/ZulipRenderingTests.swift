@testable import FlowCoachPlatforms
import Foundation
import Testing

/// The coach's replies as Zulip messages: what people typed and the coach echoes never
/// mentions anyone, and a long reply is split where a reader pauses, never cut short.
@Suite struct ZulipRenderingTests {
    /// Zulip's own patterns (`zerver/lib/mention.py`: MENTIONS_RE and USER_GROUP_MENTIONS_RE).
    static let mention = try! NSRegularExpression(pattern: #"(?<![^\s'"\(\{\[/<])@(_?)(\*\*([^\*]+)\*\*|\*([^\*]+)\*)"#)

    func mentions(_ text: String) -> Int {
        Self.mention.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    @Test(arguments: [
        "@**all** meeting now", "@**everyone**", "@**channel** and @**stream**", "@**topic**", "@*admins* please look",
        "ask @**Ana Silva** or @**Ben|12**", "@_**Ana Silva** said so", "@_*team*", "(@**all**)", "\"@**everyone**\"",
    ])
    func echoedTextMentionsNoOne(_ typed: String) throws {
        let reply = "You said: \"\(typed)\"\n\nIs that right? (yes / no)"
        #expect(mentions(reply) > 0, "the test text is a mention as Zulip reads it")
        let sent = ZulipMarkdown.render(reply)
        #expect(sent.count == 1)
        #expect(mentions(sent[0].body) == 0, "\(sent[0].body)")
        #expect(sent[0].body.replacingOccurrences(of: "\u{2060}", with: "") == reply, "what shows is what was typed")
        #expect(sent[0].html == nil, "Zulip renders the Markdown itself")
    }

    @Test func streamLinksAndWidgetsAreTextToo() {
        #expect(ZulipMarkdown.neutralise("see #**general>lunch**") == "see #\u{2060}**general>lunch**")
        #expect(ZulipMarkdown.neutralise("/poll Who is right?") == "\u{2060}/poll Who is right?")
        #expect(ZulipMarkdown.neutralise("mail ana@example.org, **bold**, a # heading") == "mail ana@example.org, **bold**, a # heading")
    }

    @Test func theLightMarkupPassesAsZulipMarkdown() {
        let text = "**Situation**\nWhere and when?\n\n• one\n• two\n\n1. first\n2. second\n\n> a quote\n\n```\ncode @**all**\n```\n\n- [ ] draft it\n- [x] send it"
        let body = ZulipMarkdown.render(text)[0].body
        #expect(body.hasPrefix("**Situation**\nWhere and when?\n\n• one\n• two\n\n1. first\n2. second\n\n> a quote\n\n```\ncode @\u{2060}**all**\n```"))
        #expect(body.hasSuffix("- ☐ draft it\n- ☑ send it"))
    }

    @Test func aLongReplyIsSplitAtParagraphsUnderTheLimitAndLosesNothing() {
        let paragraphs = (1...30).map { index in "Paragraph \(index): " + String(repeating: "word ", count: 80).trimmingCharacters(in: .whitespaces) }
        let text = paragraphs.joined(separator: "\n\n")
        #expect(text.unicodeScalars.count > 10_000)
        let parts = ZulipMarkdown.render(text).map(\.body)
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.unicodeScalars.count <= ZulipMarkdown.maxCharacters })
        #expect(parts.joined(separator: "\n\n") == text, "split only between paragraphs")
        #expect(parts.allSatisfy { $0.hasPrefix("Paragraph ") })
    }

    @Test func wordJoinersCannotPushAPartPastTheLimit() {
        // 9,999 bytes of `@*` pairs: each gains a word joiner, half as much again.
        let text = String(repeating: "@* ", count: 3_333)
        let parts = ZulipMarkdown.render(text).map(\.body)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.unicodeScalars.count <= ZulipMarkdown.maxCharacters })
        let shown = parts.joined().unicodeScalars.filter { $0 != ZulipMarkdown.wordJoiner && $0 != " " }
        #expect(String(String.UnicodeScalarView(shown)) == text.replacingOccurrences(of: " ", with: ""), "nothing is lost")
    }

    @Test func aZulipPlatformSaysItTakesMarkdownUpToTenThousandCharacters() {
        let adapter = ZulipAdapter(settings: ZulipSettings(site: "http://127.0.0.1:1", email: "bot@x.org"), transport: NoTransport())
        #expect(adapter.capabilities.formatting == .markdown && adapter.capabilities.maxLength == 10_000)
        #expect(adapter.name == "zulip")
        #expect(adapter.render("@**all**").map(\.body) == ["@\u{2060}**all**"])
    }
}

/// A transport for tests that never reach the network.
struct NoTransport: ZulipTransport {
    func perform(_ call: ZulipCall) async throws -> ZulipAnswer {
        throw PlatformError.malformed("no network in this test")
    }
}
