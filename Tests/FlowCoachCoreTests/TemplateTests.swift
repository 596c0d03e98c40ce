import Testing

@testable import FlowCoachCore

/// `Template.binding`: the pre-split fast path must render exactly what the interpreter renders.
@Suite struct TemplateTests {
    static let menu = [
        Dialog(id: "a", title: "Alpha", skill: "s", summary: "First one.", triggers: Triggers(commands: ["coach alpha"]), steps: []),
        Dialog(id: "b", title: "Beta <b>", skill: "s", summary: "Second.", triggers: Triggers(), steps: []),
    ].map(MenuEntry.init)

    static func interpreted(_ source: String, _ values: [String: Any]) throws -> String {
        var all = values
        all["dialogs"] = menu
        return try Template(source).render(all)
    }

    @Test(arguments: [
        ("Hi {{user}}:\n{{#dialogs}}• {{title}}: say \"{{command}}\"\n{{/dialogs}}You said {{text}}.", true),
        ("{{#dialogs}}{{title}} {{/dialogs}}no variables used", true),
        ("{{#user}}Hello {{user}}{{/user}}{{^user}}Hello stranger{{/user}} {{#dialogs}}{{title}}{{/dialogs}}", true),
        ("{{#empty(user)}}Hello stranger{{/empty(user)}}{{^empty(user)}}Hello {{user}}{{/empty(user)}}", false),
        ("{{uppercased(user)}} {{text}}", false),
    ])
    func boundTemplatesRenderLikeTheInterpreter(source: String, fast: Bool) throws {
        let bound = try Template(source).binding(["dialogs": Self.menu], variables: ["user", "text"])
        for (user, text) in [("Ann", "@room <!here> hi"), ("", "x"), ("Zoë \u{202E}evil", "{{user}}")] {
            let expected = try Self.interpreted(source, ["user": user, "text": text])
            #expect(bound.render(["user": user, "text": text]) == expected)
        }
        #expect(bound.isPreSplit == fast)
    }

    @Test func personTextStaysInertOnTheFastPath() throws {
        let bound = try Template("Hi {{user}}, you said {{text}}").binding([:], variables: ["user", "text"])
        #expect(bound.isPreSplit)
        #expect(bound.render(["user": "@room", "text": "<!here> **x**"]) == "Hi \u{FF20}room, you said \u{2039}!here\u{203A} **x**")
    }

    @Test func valuesBeyondTheBoundVariablesTakeTheInterpreter() throws {
        let bound = try Template("{{user}} {{extra}}").binding([:], variables: ["user"])
        #expect(bound.render(["user": "Ann", "extra": "more"]) == "Ann more")
        #expect(bound.render(["user": 7]) == "7 ")
    }

    @Test(arguments: [("{{user}}: {{{sections}}}", true), ("{{user}}: {{sections}}", false)])
    func trustedVariablesTakeTheFastPathOnlyWhenInsertedAsTheyAre(source: String, fast: Bool) throws {
        let bound = try Template(source).binding([:], variables: ["user", "sections"], trusted: ["sections"])
        #expect(bound.isPreSplit == fast)
        for (user, sections) in [("@room", "• <b>x</b> @room"), ("", "")] {
            #expect(bound.render(["user": user, "sections": sections]) == (try Self.interpreted(source, ["user": user, "sections": sections])))
        }
    }
}
