@testable import FlowCoachCore
import Testing

/// People's answers put into the coach's scripts: realistic answers, and the sentence each one
/// must read as once a shipped template's transforms have fitted it in.
@Suite struct PhraseTests {
    /// (template, slot value, expected rendering).
    static let pairs: [(String, String, String)] = [
        // SBI: "In {{bare(situation)}}, you {{verb(behaviour)}}."
        ("In {{bare(s)}},", "in yesterday's sprint review with the client", "In yesterday's sprint review with the client,"),
        ("In {{bare(s)}},", "Yesterday's sprint review with the client", "In yesterday's sprint review with the client,"),
        ("In {{bare(s)}},", "during the Monday standup", "In the Monday standup,"),
        ("In {{bare(s)}},", "at the all-hands last week.", "In the all-hands last week,"),
        ("In {{bare(s)}},", "the budget meeting on Tuesday", "In the budget meeting on Tuesday,"),
        ("In {{bare(s)}},", "Friday's demo to Acme", "In Friday's demo to Acme,"),
        ("In {{bare(s)}},", "on the call with Globex", "In the call with Globex,"),
        ("In {{bare(s)}},", "our 1:1 this morning", "In our 1:1 this morning,"),
        ("you {{verb(b)}}.", "he interrupted the client three times", "you interrupted the client three times."),
        ("you {{verb(b)}}.", "She interrupted the client three times.", "you interrupted the client three times."),
        ("you {{verb(b)}}.", "Alex missed the deadline again", "you missed the deadline again."),
        ("you {{verb(b)}}.", "he keeps cutting people off", "you keep cutting people off."),
        ("you {{verb(b)}}.", "she always finishes other people's sentences", "you always finish other people's sentences."),
        ("you {{verb(b)}}.", "he is late to every standup", "you are late to every standup."),
        ("you {{verb(b)}}.", "she was dismissive of Priya's idea", "you were dismissive of Priya's idea."),
        ("you {{verb(b)}}.", "he has not updated the tracker for two weeks", "you have not updated the tracker for two weeks."),
        ("you {{verb(b)}}.", "she doesn't reply to messages", "you don't reply to messages."),
        ("you {{verb(b)}}.", "they pushed the release without telling support", "you pushed the release without telling support."),
        ("you {{verb(b)}}.", "he criticised the design in front of the whole team", "you criticised the design in front of the whole team."),
        ("you {{verb(b)}}.", "he rolled his eyes when Sam spoke", "you rolled your eyes when Sam spoke."),
        ("you {{verb(b)}}.", "she reworks her slides the night before", "you rework your slides the night before."),
        ("you {{verb(b)}}.", "he misses the weekly sync", "you miss the weekly sync."),
        ("you {{verb(b)}}.", "she tries to fix everything herself", "you try to fix everything yourself."),
        ("you {{verb(b)}}.", "he watches the clock in meetings", "you watch the clock in meetings."),
        ("you {{verb(b)}}.", "handed the report in two days late", "you handed the report in two days late."),
        ("you {{verb(b)}}.", "you spoke over Dana twice", "you spoke over Dana twice."),
        ("you {{verb(b)}}.", "Jordan isn't sharing updates with the team", "you aren't sharing updates with the team."),
        ("you {{verb(b)}}.", "she goes quiet when challenged", "you go quiet when challenged."),
        // Difficult conversation: "I'd like to talk about {{topic(t)}};"
        ("about {{topic(t)}};", "Alex on my team has missed the last three sprint deadlines",
         "about how Alex on my team has missed the last three sprint deadlines;"),
        ("about {{topic(t)}};", "the missed deadlines", "about the missed deadlines;"),
        ("about {{topic(t)}};", "the launch slipping by a month", "about the launch slipping by a month;"),
        ("about {{topic(t)}};", "that the launch will slip by a month", "about how the launch will slip by a month;"),
        ("about {{topic(t)}};", "how we split the on-call work", "about how we split the on-call work;"),
        ("about {{topic(t)}};", "Sam took credit for my analysis", "about how Sam took credit for my analysis;"),
        ("about {{topic(t)}};", "The budget overrun.", "about the budget overrun;"),
        ("about {{topic(t)}};", "your role after the reorg", "about your role after the reorg;"),
        ("about {{topic(t)}};", "my promotion", "about my promotion;"),
        ("about {{topic(t)}};", "why the contract was not renewed", "about why the contract was not renewed;"),
        // Facts and outcomes mid-sentence: "{{clause(x)}}".
        ("seen: {{clause(f)}}.", "Three deadlines missed since March.", "seen: three deadlines missed since March."),
        ("seen: {{clause(f)}}.", "The report was late twice", "seen: the report was late twice."),
        ("seen: {{clause(f)}}.", "Tickets reopened 5 times this sprint!", "seen: Tickets reopened 5 times this sprint."),
        ("to: {{you(clause(o))}}.", "We agree a new deadline we can both keep.", "to: you agree a new deadline you can both keep."),
        ("to: {{you(clause(o))}}.", "a plan I can support", "to: a plan you can support."),
        ("to: {{you(clause(o))}}.", "My team gets the credit it deserves", "to: your team gets the credit it deserves."),
        // A person's words said back to them: {{you(x)}}.
        ("The ask: {{you(d)}}", "I want them to approve the pilot", "The ask: you want them to approve the pilot"),
        ("The ask: {{you(d)}}", "sign-off on phase 2", "The ask: sign-off on phase 2"),
        ("The ask: {{you(d)}}", "I'm asking for budget for my team", "The ask: you're asking for budget for your team"),
        ("({{you(clause(d))}})", "I need them to choose our proposal", "(you need them to choose your proposal)"),
        ("({{you(clause(d))}})", "Get the CFO to agree the budget.", "(get the CFO to agree the budget)"),
        ("up {{you(clause(f))}} in", "My worry that I was too harsh last time", "up your worry that you were too harsh last time in"),
        ("up {{you(clause(f))}} in", "her career plans", "up her career plans in"),
        ("up {{you(clause(f))}} in", "What I've noticed about the handovers", "up what you've noticed about the handovers in"),
        ("up {{you(clause(f))}} in", "it was late again", "up it was late again in"),
        // Negotiation: "plan for {{bare(what)}}" and "Open with: {{clause(o)}},".
        ("plan for {{bare(w)}}:", "the contract renewal with Initech", "plan for the contract renewal with Initech:"),
        ("plan for {{bare(w)}}:", "My salary review in January", "plan for my salary review in January:"),
        ("plan for {{bare(w)}}:", "for the new vendor contract", "plan for the new vendor contract:"),
        ("plan for {{bare(w)}}:", "Pricing for the Q3 renewal", "plan for Pricing for the Q3 renewal:"),
        ("with: {{clause(o)}}, and", "A 10% increase.", "with: a 10% increase, and"),
        ("with: {{clause(o)}}, and", "£95k plus a review in six months", "with: £95k plus a review in six months, and"),
        ("with: {{clause(o)}}, and", "Three-year term at the current price", "with: Three-year term at the current price, and"),
        // Where and when, opening a sentence: "{{scene(s)}}, you ...".
        ("{{scene(s)}},", "yesterday", "Yesterday,"),
        ("{{scene(s)}},", "this morning", "This morning,"),
        ("{{scene(s)}},", "when we met the client", "When we met the client,"),
        ("{{scene(s)}},", "in yesterday's sprint review", "In yesterday's sprint review,"),
        ("{{scene(s)}},", "Monday's planning meeting", "In Monday's planning meeting,"),
        ("{{scene(s)}},", "last week at the offsite", "Last week at the offsite,"),
        ("you {{verb(b)}}.", "she's been skipping code reviews for two weeks", "you have been skipping code reviews for two weeks."),
        ("you {{verb(b)}}.", "he's always late to standup", "you are always late to standup."),
        // Said to the person it is about: "{{addressed(f)}}".
        ("seen: {{addressed(f)}}.", "he missed 6 of the last 10 standups", "seen: you missed 6 of the last 10 standups."),
        ("seen: {{addressed(f)}}.", "Jonas has missed the last three deadlines", "seen: you have missed the last three deadlines."),
        ("seen: {{addressed(f)}}.", "three missed deadlines since March", "seen: three missed deadlines since March."),
        // Sentences of their own.
        ("{{sentence(x)}}", "send the recap by friday", "Send the recap by friday."),
        ("{{sentence(x)}}", "Did it land?", "Did it land?"),
        ("{{sentence(x)}}", "", ""),
    ]

    @Test(arguments: pairs.indices)
    func anAnswerReadsWellInItsScript(index: Int) throws {
        let (source, value, expected) = Self.pairs[index]
        let name = source.split(separator: "(").last?.split(separator: ")").first.map(String.init) ?? "x"
        let rendered = try Template(source).render([name: Phrase(value)])
        #expect(rendered == expected, "\(value)")
    }

    @Test func thereAreAtLeastSixtyPairs() {
        #expect(Self.pairs.count >= 60)
    }

    @Test func anUnknownTransformIsNamed() {
        #expect(Template.transforms(in: "{{cluase(x)}} and {{#you(clause(y))}}") == ["cluase", "you", "clause"])
    }
}
