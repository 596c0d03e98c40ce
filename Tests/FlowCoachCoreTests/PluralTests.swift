import Foundation
import Testing

@testable import FlowCoachContent
@testable import FlowCoachCore

/// A count of one takes the singular: "1 person", "1 vote", never "1 people" or "1 votes".
/// Every message of `Prompts/messages.yaml` is rendered with each of its values set to 1 (the
/// flags that pick the singular, `one` and `one_…`, are then true as they would be) and the
/// text is searched for a 1 followed by a plural noun. A template writes the singular with the
/// flag every number brings: `{{count}} vote{{^one_count}}s{{/one_count}}`.
@Suite struct PluralTests {
    /// Words after a number that end in s but are no plurals.
    static let notPlural: Set<String> = ["is", "was", "has", "this", "its", "yes", "us", "as", "plus", "thus", "status", "focus", "bonus", "news", "always"]
    /// Plurals without the s.
    static let irregular: Set<String> = ["people", "children", "men", "women", "feet", "teeth"]

    static func template(_ messages: Messages, _ key: String) -> Template? {
        switch key {
        case "welcome": messages.welcome
        case "help": messages.help
        case "fallback": messages.fallback
        case "cancelled": messages.cancelled
        case "nothing_to_cancel": messages.nothingToCancel
        case "resume": messages.resume
        case "too_long": messages.tooLong
        case "give_up": messages.giveUp
        default: messages.text(key)
        }
    }

    /// Words after a number that start a verb phrase, not a noun phrase ("q1 now replaces").
    static let adverbs: Set<String> = ["now", "also", "still", "just", "already", "then", "never", "always", "only"]
    /// Verbs that agree with a plural ("1 more have").
    static let pluralVerbs: Set<String> = ["have", "are", "were"]

    /// The plural nouns (or verbs) that follow a standalone 1 in `text`: "1 people", "1 more colleagues".
    static func pluralsAfterOne(_ text: String) -> [String] {
        let pattern = /(?:^|[\s(+"“])1((?: [a-z]+)+)/.ignoresCase()
        var found: [String] = []
        for match in text.matches(of: pattern) {
            // The noun may come after a word or two ("1 more colleague", "1 short unit").
            let words = match.output.1.split(separator: " ").prefix(2).map { $0.lowercased() }
            for (position, word) in words.enumerated() where position == 0 || !adverbs.contains(words[0]) {
                let plural = irregular.contains(word) || pluralVerbs.contains(word)
                    || (word.count > 2 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is") && !notPlural.contains(word))
                if plural {
                    found.append((["1"] + words[...position]).joined(separator: " "))
                    break
                }
            }
        }
        return found
    }

    @Test func aNumberHasAFlagForOne() throws {
        let template = try Template("{{n}} vote{{^one_n}}s{{/one_n}}")
        #expect(template.render(["n": 1]) == "1 vote")
        #expect(template.render(["n": 2]) == "2 votes")
        #expect(template.render(["n": 0]) == "0 votes")
        #expect(template.render(["n": "1"]) == "1 vote", "digits as text count too")
        #expect(template.render(["n": UInt8(1)]) == "1 vote")
        #expect(try Template("{{n}} {{#one_n}}person{{/one_n}}{{^one_n}}people{{/one_n}}").render(["n": 12]) == "12 people")
        #expect(try Template("{{#one_n}}x{{/one_n}}").render(["n": 1, "one_n": false]) == "", "a flag passed in is kept")
    }

    @Test func validateKnowsTheFlags() {
        #expect(MessageVariables.unknown(in: "{{n}} vote{{^one_n}}s{{/one_n}}", allowed: ["n"]).isEmpty)
        #expect(MessageVariables.unknown(in: "{{#one_m}}x{{/one_m}}", allowed: ["n"]) == ["one_m"])
    }

    @Test func theScanFindsWhatItLooksFor() {
        #expect(Self.pluralsAfterOne("Sent to 1 people in c1.") == ["1 people"])
        #expect(Self.pluralsAfterOne("q1 has 1 votes; 1 more colleagues, 1 card.") == ["1 votes", "1 more colleagues"])
        #expect(Self.pluralsAfterOne("Say 1 or 2; a 1:1 is booked; 1 person; 1 is fine; q1 votes; \"reopen 1\" opens; 1, asks; 1+ days").isEmpty)
        #expect(Self.pluralsAfterOne("1 more have never written (+1 points), 1 short units") == ["1 more have", "1 points", "1 short units"])
    }

    @Test func everyMessageTakesTheSingularForOne() throws {
        let messages = try Fixture.shippedContent().messages
        var wrong: [String] = []
        for (key, variables) in Messages.variables.sorted(by: { $0.key < $1.key }) {
            guard let variables, let template = Self.template(messages, key) else { continue }
            var values: [String: Any] = ["user": "Ana"]
            for name in variables { values[name] = name == "one" || name.hasPrefix("one_") ? true : 1 }
            let text = template.render(values)
            for phrase in Self.pluralsAfterOne(text) { wrong.append("\(key): \"\(phrase)\" in \(text.debugDescription)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) message(s) say a plural after 1:\n\(wrong.joined(separator: "\n"))")
    }
}
