import FlowCoachCore
import Testing

@Suite struct RouterTests {
    static func dialog(_ id: String, keywords: [String] = [], patterns: [String] = [], commands: [String] = []) throws -> Dialog {
        let triggers = Triggers(
            keywords: keywords.map(TextNormalizer.words), patterns: try patterns.map(TriggerPattern.init),
            commands: commands.map(TextNormalizer.normalize))
        return Dialog(
            id: id, title: id, skill: id, summary: "", triggers: triggers,
            steps: [Step(id: "s", action: .say(try Template("hi")))])
    }

    @Test func theHighestScoreWinsAndATieIsAChoice() throws {
        let router = Router(dialogs: [
            try Self.dialog("presentation", keywords: ["presentation", "client"]),
            try Self.dialog("negotiation", keywords: ["price negotiation", "client"]),
        ])
        #expect(router.route("my client presentation")?.id == "presentation")
        #expect(router.route("a price negotiation with a client")?.id == "negotiation")
        #expect(router.route("a client") == nil, "a tie is not a winner")
        guard case .choose(let first, let second) = router.decide("a client") else { Issue.record("a tie offers a choice"); return }
        #expect([first.id, second.id] == ["presentation", "negotiation"], "in file order")
        #expect(router.route("lunch") == nil)
    }

    @Test func keywordsMatchWordFormsAndAccents() throws {
        let router = Router(dialogs: [try Self.dialog("presentation", keywords: ["présentation"])])
        #expect(router.route(TextNormalizer.normalize("Two PRESENTATIONS today"))?.id == "presentation")
        #expect(router.route(TextNormalizer.normalize("representation")) == nil, "whole words only")
    }

    @Test func wordFormsShareAStem() {
        #expect(Set(["negotiate", "negotiating", "negotiation", "negotiations"].map(Stemmer.stem)) == ["negoti"])
        #expect(Set(["delegate", "delegated", "delegation"].map(Stemmer.stem)) == ["deleg"])
        #expect(Stemmer.stem("date") == "date", "short words are left alone")
    }

    @Test func patternsAndCommands() throws {
        let router = Router(dialogs: [
            try Self.dialog("a", keywords: ["feedback"]),
            try Self.dialog("b", patterns: ["tell (him|her) that"], commands: ["coach b"]),
        ])
        #expect(router.route("i need to tell her that the feedback was late")?.id == "b", "a pattern scores 3")
        #expect(router.route("coach b")?.id == "b")
        #expect(router.commanded("coach b please") == nil)
    }

    @Test func normalisationStripsInvisibleCharacters() {
        #expect(TextNormalizer.normalize("  He\u{200B}lp\u{202E} ") == "help")
        #expect(TextNormalizer.normalize("ＣＯＡＣＨ   Café") == "coach cafe")
    }
}
