@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

/// How the coach's replies look in Slack: mrkdwn in which nothing a person typed can ping anyone,
/// choices as buttons, and long replies split where a reader pauses, never cut.
@Suite struct SlackRenderingTests {
    @Test func whatAPersonTypedCanNeverPingAnyone() {
        let hostile = "Answer from Bo: <!channel> <!here|here> <!everyone> <@U123> <#C1> <https://evil.example|click> & @here @channel"
        let text = SlackMarkup.mrkdwn(hostile)
        #expect(
            text == "Answer from Bo: &lt;!channel&gt; &lt;!here|here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://evil.example|click&gt; &amp; @here @channel")
        #expect(!text.contains("<") && !text.contains(">"))
        // Inside markup too: bold, code and code blocks carry escaped text only.
        #expect(SlackMarkup.mrkdwn("**<!here>**") == "*&lt;!here&gt;*")
        #expect(SlackMarkup.mrkdwn("`<@U1>`") == "`&lt;@U1&gt;`")
        #expect(SlackMarkup.mrkdwn("```\n<!channel>\n```") == "```\n&lt;!channel&gt;\n```")
        #expect(SlackMarkup.mrkdwn("&amp; stays as typed") == "&amp;amp; stays as typed")
        // And the message's JSON asks Slack to parse nothing: verbatim sections, no name linking.
        let json = postJSON("@here <!here> thanks")
        #expect(json.contains(#""verbatim":true"#) && json.contains(#""link_names":false"#))
        #expect(!json.contains("<!here>") && !json.contains("\\u003c!here"))
    }

    @Test func theCoresMarkupBecomesMrkdwn() {
        let text = "Here's what I can do:\n• Feedback: say \"coach feedback\"\n- Delegation\n* GROW\n\nSay **cancel** to stop, or `help`."
        #expect(
            SlackMarkup.mrkdwn(text)
                == "Here's what I can do:\n• Feedback: say \"coach feedback\"\n• Delegation\n• GROW\n\nSay *cancel* to stop, or `help`.")
        #expect(SlackMarkup.mrkdwn("3. third\n4. fourth") == "3. third\n4. fourth")
        #expect(SlackMarkup.mrkdwn("- [ ] to do\n- [x] done") == "• ☐ to do\n• ☑ done")
        #expect(SlackMarkup.mrkdwn("> **Task:** a > b") == "> *Task:* a &gt; b")
        #expect(SlackMarkup.mrkdwn("Your data:\n\n```json\n{\n  \"a\": \"**x**\"\n}\n```") == "Your data:\n\n```\n{\n  \"a\": \"**x**\"\n}\n```")
        #expect(SlackMarkup.mrkdwn("a ** b and a ` c") == "a ** b and a ` c", "a marker without its pair stays")
    }

    @Test func choicesBecomeButtons() {
        #expect(SlackMarkup.choices("Send the plan again? (yes / no)") == [SlackChoice(label: "yes", value: "yes"), SlackChoice(label: "no", value: "no")])
        #expect(SlackMarkup.choices("Here is your draft.\n\nReady? \n\n(yes / no)\n").map(\.value) == ["yes", "no"])
        #expect(SlackMarkup.choices("Pick: (a / b / c)").map(\.value) == ["a", "b", "c"])
        let question = "How confident are you?\n\nIs this feedback to reinforce something good, or to change something?\n\n1. Reinforce something good\n2. Change something"
        #expect(SlackMarkup.choices(question) == [
            SlackChoice(label: "Reinforce something good", value: "Reinforce something good"), SlackChoice(label: "Change something", value: "Change something"),
        ])
        // Not choices: steps after a statement, one option, a list that does not count from 1, prose in brackets.
        #expect(SlackMarkup.choices("Before the meeting:\n\n1. Prepare\n2. Rehearse").isEmpty)
        #expect(SlackMarkup.choices("Which?\n\n1. Only").isEmpty)
        #expect(SlackMarkup.choices("Which?\n\n2. Two\n3. Three").isEmpty)
        #expect(SlackMarkup.choices("It went well (mostly / sort of, according to the notes from last week's very long meeting)").isEmpty)
        #expect(SlackMarkup.choices("and/or (this)").isEmpty)
        // Buttons go under the last message of a split reply only.
        let long = (0..<40).map { "Paragraph \($0) " + String(repeating: "word ", count: 100) }.joined(separator: "\n\n") + "\n\nAgain? (yes / no)"
        let messages = SlackMarkup.messages(long)
        #expect(messages.count > 1 && messages.last?.choices.count == 2 && messages.dropLast().allSatisfy(\.choices.isEmpty))
    }

    @Test func buttonsInTheMessageJSON() throws {
        let option = String(repeating: "long option ", count: 10)
        let json = postJSON("Which one?\n\n1. Short\n2. \(option)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["section", "actions"])
        let buttons = try #require(blocks.last?["elements"] as? [[String: Any]])
        let labels = buttons.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(labels.first == "Short" && labels.last?.count == 75 && labels.last?.hasSuffix("…") == true, "a label Slack would refuse is shortened")
        #expect(buttons.last?["value"] as? String == option.trimmingCharacters(in: .whitespaces), "the value keeps the whole option")
        #expect(buttons.compactMap { $0["action_id"] as? String } == ["flowcoach_choice_1", "flowcoach_choice_2"])
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["event_type"] as? String == "flowcoach_reply" && (metadata["event_payload"] as? [String: String])?["reply_id"] == "r1")
        #expect(object["channel"] as? String == "D1" && (object["text"] as? String)?.hasPrefix("Which one?") == true)
    }

    @Test func longRepliesAreSplitBetweenParagraphsNeverCut() {
        let paragraphs = (0..<60).map { "Paragraph \($0): " + String(repeating: "lorem ipsum ", count: 40) + "end \($0)." }
        let text = paragraphs.joined(separator: "\n\n")
        let messages = SlackMarkup.messages(text)
        let sections = messages.flatMap(\.sections)
        #expect(sections.allSatisfy { $0.utf8.count <= 3000 })
        #expect(messages.allSatisfy { $0.text.utf8.count <= 12_000 && $0.sections.count <= 10 })
        #expect(sections.joined(separator: "\n\n") == text, "every paragraph whole and in order")
        #expect(sections.allSatisfy { $0.hasPrefix("Paragraph ") && $0.hasSuffix(".") }, "cut only between paragraphs")

        // Escapes make text longer: a section is measured after escaping.
        let ampersands = String(repeating: "& ", count: 4000)
        let escaped = SlackMarkup.sections(ampersands)
        #expect(escaped.count > 1 && escaped.allSatisfy { $0.utf8.count <= 3000 })
        #expect(escaped.joined().components(separatedBy: "&amp;").count - 1 == 4000, "no & lost")

        // A word longer than a section is the only thing ever cut, and its pieces are all sent.
        let word = String(repeating: "x", count: 7000)
        let pieces = SlackMarkup.sections("see " + word)
        #expect(pieces.allSatisfy { $0.utf8.count <= 3000 } && pieces.joined().filter { $0 == "x" }.count == 7000)
        #expect(SlackMarkup.messages("").count == 1 && SlackMarkup.messages("hi").first?.sections == ["hi"])
    }

    @Test func theAdapterRendersAndDeclaresWhatSlackCanDo() throws {
        let settings = SlackSettings(apiBase: "http://127.0.0.1:9/api", botTokenEnv: "T", signingSecretEnv: "S")
        #expect(SlackAdapter.messageID(Outbound(id: "r1", room: "D1", text: ""), part: 0) == "r1")
        #expect(SlackAdapter.messageID(Outbound(id: "r1", room: "D1", text: ""), part: 2) == "r1.part3")
        #expect(settings.heartbeatSeconds == 30 && SlackSettings().apiBase == "https://slack.com/api")
    }

    func postJSON(_ text: String) -> String {
        let message = SlackMarkup.messages(text)[0]
        let data = (try? JSONEncoder().encode(SlackPost(channel: "D1", message: message, replyID: "r1"))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
