@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

/// The core's text as Mattermost Markdown: the core's marks kept, what people typed shown as
/// typed, no mention that could notify anyone, and long replies split without losing a word.
@Suite struct MattermostRenderingTests {
    @Test func theCoresMarkupStaysMarkdown() {
        let text = "Here's what I can do:\n• Feedback: say \"coach feedback\"\n- Delegation\n\n1. Situation\n2) Impact\n\nSay **cancel** to stop, or `help`."
        #expect(MattermostMarkdown.markdown(text) == text)
        #expect(MattermostMarkdown.markdown("> **Task:** plan\n- [ ] to do\n- [x] done") == "> **Task:** plan\n- ☐ to do\n- ☑ done")
        #expect(MattermostMarkdown.markdown("```json\n{\"a\": \"*x* [y](z) | #h\"}\n```") == "```json\n{\"a\": \"*x* [y](z) | #h\"}\n```")
        #expect(MattermostMarkdown.markdown("See https://intranet.example/job_aids/feedback_1 now") == "See https://intranet.example/job_aids/feedback_1 now")
    }

    @Test func whatAPersonTypedIsShownAsTyped() {
        let echoed = #"You said: "[click](https://evil.example) ![x](https://tracker.example/p.png) _x_ *y* ~~z~~ a|b <b> &amp; \n""#
        #expect(
            MattermostMarkdown.markdown(echoed)
                == #"You said: "\[click\](https://evil.example) !\[x\](https://tracker.example/p.png) \_x\_ \*y\* \~\~z\~\~ a\|b <b> \&amp; \\n""#)
        #expect(MattermostMarkdown.markdown("# not a heading\n=== or\n---\n| a | b |\n+ no list") == "\\# not a heading\n\\=== or\n\\---\n\\| a \\| b \\|\n\\+ no list")
        #expect(MattermostMarkdown.markdown("    indented code") == "  indented code")
        #expect(MattermostMarkdown.markdown("a ** b and a ` c") == "a \\*\\* b and a \\` c", "a marker without its pair is text")
    }

    @Test(arguments: ["@channel", "@all", "@here", "@ana.lima", "@devs", "hi @channel!", "(@here)", "x.@all", "_@here", "`@channel`", "```\n@all\n```"])
    func noMentionCanNotify(_ text: String) {
        let markdown = MattermostMarkdown.markdown("They said: " + text)
        #expect(!markdown.contains("@"), "\(markdown)")
        #expect(markdown.contains("\u{FF20}"))
    }

    @Test func anEmailAddressStaysAsItIs() {
        #expect(MattermostMarkdown.markdown("Write to hr@example.org") == "Write to hr@example.org")
        // The core's own look-alike passes untouched.
        #expect(MattermostMarkdown.markdown("\u{FF20}channel") == "\u{FF20}channel")
    }

    @Test func aLongReplyIsSplitAtParagraphsAndNothingIsLost() {
        let paragraph = String(repeating: "word ", count: 1_500).trimmingCharacters(in: .whitespaces)
        let text = [paragraph, paragraph, paragraph].joined(separator: "\n\n")
        let parts = MattermostAdapter.render(text, limit: 16_383)
        #expect(parts.count == 2 && parts.allSatisfy { $0.body.utf8.count <= 16_383 && $0.html == nil })
        #expect(parts[0].body == paragraph + "\n\n" + paragraph && parts[1].body == paragraph, "cut between paragraphs")
    }

    @Test func escapesThatMakeAPartTooLongSplitItAgain() {
        let text = String(repeating: "a_b @c ", count: 3_000)
        let parts = MattermostAdapter.render(text, limit: 16_383)
        #expect(parts.count > 1 && parts.allSatisfy { $0.body.unicodeScalars.count <= 16_383 && $0.body.utf8.count <= 16_383 })
        let shown = parts.map(\.body).joined(separator: " ").replacingOccurrences(of: "\\_", with: "_").replacingOccurrences(of: "\u{FF20}", with: "@")
        #expect(shown.split(separator: " ") == text.split(separator: " "), "every word arrives, in order")
    }

    @Test func idsAreTwentySixLowerCaseLettersAndDigits() {
        #expect(MattermostSettings.isID("bot1234567890abcdefghijklm"))
        #expect(!MattermostSettings.isID("Bot1234567890abcdefghijklm") && !MattermostSettings.isID("short") && !MattermostSettings.isID("@bot234567890abcdefghijklm"))
    }

    @Test func replyKeysAndPendingPostIDsAreStable() {
        let reply = Outbound(id: "post1.reply", room: "c", text: "x")
        #expect(MattermostAdapter.partKey(reply, part: 0) == "post1.reply" && MattermostAdapter.partKey(reply, part: 2) == "post1.reply.part3")
    }
}
