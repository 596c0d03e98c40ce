@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

/// How the core's text reaches a platform: HTML for Matrix, plain for the terminal, and split
/// where a reader pauses when it is too long.
@Suite struct RenderingTests {
    let matrix = PlatformCapabilities(threads: true, formatting: .html, maxLength: 16_000)

    @Test func whatAPersonTypedIsEscapedNeverMarkup() {
        let text = #"Answer from Bo: <script>alert("hi")</script> & <b>bold</b> <a href="https://evil.example">x</a> &amp;"#
        let html = LightMarkup.html(text)
        #expect(
            html
                == #"<p>Answer from Bo: &lt;script&gt;alert("hi")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp;amp;</p>"#
        )
        #expect(!html.contains("<script") && !html.contains("<a ") && !html.contains("<b>"))
        // Markup markers carry escaped text only.
        #expect(LightMarkup.html("**<img src=x onerror=alert(1)>**") == "<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>")
        #expect(LightMarkup.html("`</code><script>`") == "<p><code>&lt;/code&gt;&lt;script&gt;</code></p>")
        #expect(LightMarkup.html("```\"><script>\nx\n```") == "<pre><code>x</code></pre>", "a fence's language is a plain name or nothing")
    }

    @Test func theCoresMarkupBecomesHTML() {
        let text = "Here's what I can do:\n• Feedback: say \"coach feedback\"\n• Delegation\n\nSay **cancel** to stop, or `help`."
        #expect(
            LightMarkup.html(text)
                == "<p>Here's what I can do:</p><ul><li>Feedback: say \"coach feedback\"</li><li>Delegation</li></ul>"
                + "<p>Say <strong>cancel</strong> to stop, or <code>help</code>.</p>")
        #expect(LightMarkup.html("one\ntwo") == "<p>one<br>two</p>")
        #expect(LightMarkup.html("3. third\n4. fourth") == "<ol start=\"3\"><li>third</li><li>fourth</li></ol>")
        #expect(LightMarkup.html("- [ ] to do\n- [x] done") == "<ul><li>☐ to do</li><li>☑ done</li></ul>")
        #expect(LightMarkup.html("> **Task:** ...\n> **Why:** ...") == "<blockquote><strong>Task:</strong> ...<br><strong>Why:</strong> ...</blockquote>")
        #expect(
            LightMarkup.html("Your data:\n\n```json\n{\n  \"a\": \"**x** <y>\"\n}\n```")
                == "<p>Your data:</p><pre><code class=\"language-json\">{\n  \"a\": \"**x** &lt;y&gt;\"\n}</code></pre>")
        #expect(LightMarkup.html("a ** b and a ` c") == "<p>a ** b and a ` c</p>", "a marker without its pair stays")
    }

    @Test func matrixGetsHTMLBesideTheBodyAndTheTerminalPlainText() {
        let text = "• one & two"
        #expect(RenderedMessage.render(text, for: matrix) == [RenderedMessage(body: text, html: "<ul><li>one &amp; two</li></ul>")])
        let console = PlatformCapabilities(threads: false, formatting: .plain, maxLength: 100_000)
        #expect(RenderedMessage.render(text, for: console) == [RenderedMessage(body: text)])
        let content = MatrixAdapter.content(RenderedMessage(body: text, html: "<ul><li>one &amp; two</li></ul>"))
        #expect(content["body"] as? String == text)
        #expect(content["format"] as? String == "org.matrix.custom.html")
        #expect(content["formatted_body"] as? String == "<ul><li>one &amp; two</li></ul>")
        #expect(content["msgtype"] as? String == "m.notice")
        #expect(MatrixAdapter.content(RenderedMessage(body: "x"))["format"] == nil)
    }

    @Test func aLongReplyIsSplitBetweenParagraphsNeverInsideAWord() {
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        let paragraphs = (0..<60).map { index in (0..<(8 + index % 13)).map { words[($0 + index) % words.count] }.joined(separator: " ") }
        let text = paragraphs.joined(separator: "\n\n")
        let limit = 400
        let parts = RenderedMessage.render(text, for: PlatformCapabilities(threads: true, formatting: .html, maxLength: limit))
        #expect(parts.count > 1)
        for part in parts {
            #expect(part.body.utf8.count <= limit)
            #expect((part.html ?? "").utf8.count <= limit)
            #expect(part.body.split(separator: " ").allSatisfy { $0.split(separator: "\n").allSatisfy { words.contains(String($0)) } })
        }
        // Every paragraph arrives whole, in order.
        #expect(parts.map(\.body).joined(separator: "\n\n") == text)
    }

    @Test func aParagraphLongerThanAMessageIsSplitAtLinesThenWords() {
        let line = Array(repeating: "word", count: 30).joined(separator: " ")  // 149 bytes
        let parts = MessageSplitter.split([line, line, line].joined(separator: "\n"), limit: 320)
        #expect(parts == [line + "\n" + line, line])
        let long = Array(repeating: "word", count: 100).joined(separator: " ")
        let pieces = MessageSplitter.split(long, limit: 100)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 && $0.split(separator: " ").allSatisfy { $0 == "word" } })
        #expect(pieces.joined(separator: " ") == long)
        // Only a word longer than a whole message is cut.
        let link = "https://example.org/" + String(repeating: "x", count: 250)
        #expect(MessageSplitter.split("see " + link, limit: 100).map(\.utf8.count) == [3, 100, 100, 70])
    }

    @Test func aCodeBlockCutInTwoIsClosedAndOpenedAgain() {
        let json = (0..<40).map { "  \"key\($0)\": \"value \($0)\"," }.joined(separator: "\n")
        let text = "Here is everything I store about you.\n\n```json\n{\n" + json + "\n}\n```"
        let parts = RenderedMessage.render(text, for: PlatformCapabilities(threads: true, formatting: .html, maxLength: 500))
        #expect(parts.count > 2)
        #expect(parts[0].body == "Here is everything I store about you.")
        for part in parts.dropFirst() {
            #expect(part.body.hasPrefix("```json\n") && part.body.hasSuffix("\n```"))
            #expect(part.html?.hasPrefix("<pre><code class=\"language-json\">") == true)
            #expect(part.body.utf8.count <= 500 && (part.html ?? "").utf8.count <= 500)
        }
        let lines = parts.dropFirst().flatMap { $0.body.split(separator: "\n").dropFirst().dropLast() }
        #expect(lines.joined(separator: "\n") == "{\n" + json + "\n}")
    }

    @Test func aPartWhoseHTMLIsTooLongIsSplitFiner() {
        // `&` is five bytes in HTML: 300 bytes of text make 1,500 of HTML.
        let text = (0..<30).map { _ in "&&&&&&&&&" }.joined(separator: " ")
        let parts = RenderedMessage.render(text, for: PlatformCapabilities(threads: true, formatting: .html, maxLength: 400))
        #expect(parts.count >= 4)
        #expect(parts.allSatisfy { ($0.html ?? "").utf8.count <= 400 && $0.html != nil })
        #expect(parts.map(\.body).joined(separator: " ") == text)
    }

    @Test func eachPartOfAReplyHasItsOwnTransactionID() {
        let reply = Outbound(id: "$1.reply", room: "!r:x", text: "")
        #expect((0..<3).map { MatrixAdapter.transactionID(reply, part: $0) } == ["$1.reply", "$1.reply.part2", "$1.reply.part3"])
    }

    @Test func aShortReplyIsOneMessageAsWritten() {
        let text = "Hi Ana!\n\n  odd   spacing \n\n\n kept"
        #expect(RenderedMessage.render(text, for: matrix).map(\.body) == [text])
        #expect(RenderedMessage.render("", for: matrix).map(\.body) == [""])
    }
}
