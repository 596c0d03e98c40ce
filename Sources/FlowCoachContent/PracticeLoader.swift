import FlowCoachCore
import Foundation
import Yams

/// `Prompts/practice/*.yaml`: cards, their rubrics and the examples that prove them.
extension LearningLoader {
    static func loadCards(_ source: YAMLFile, _ node: Node, first: inout [String: String], skills: Set<String> = []) -> [PracticeCard] {
        guard let object = YAMLObject(node, in: source, what: "the practice file") else { return [] }
        object.rejectUnknownKeys(["skill", "cards"])
        let skill = object.string("skill", required: true)
        if let skill, !skills.isEmpty, !skills.contains(skill) {
            let hint = Suggestion.closest(to: skill, in: Array(skills)).map { " (did you mean `\($0)`?)" } ?? ""
            source.add(object.value("skill"), "no dialog or knowledge item coaches the skill `\(skill)`\(hint)")
        }
        var cards: [PracticeCard] = []
        for (index, item) in (object.list("cards", required: true) ?? []).enumerated() {
            guard let card = YAMLObject(item, in: source, what: "card \(index + 1)") else { continue }
            card.rejectUnknownKeys(cardKeys)
            guard let id = card.string("id", required: true), let prompt = card.string("prompt", required: true), let skill else { continue }
            let position = source.position(of: card.value("id")!)
            if let earlier = first[id] {
                source.add(card.value("id"), "duplicate card id `\(id)` (also defined at \(earlier))")
                continue
            }
            first[id] = "\(source.file):\(position.line):\(position.column)"
            let rubric = (card.list("rubric") ?? []).enumerated().compactMap { criterion($1, index: $0, in: source) }
            var loaded = PracticeCard(id: id, skill: skill, prompt: prompt.trimmed, answer: card.string("answer")?.trimmed, rubric: rubric)
            if let examples = card.object("examples") {
                examples.rejectUnknownKeys(["good", "poor"])
                if let good = examples.string("good", required: true), let poor = examples.string("poor", required: true) {
                    loaded.examples = (good, poor)
                    // The rubric must tell them apart, or its feedback would mislead.
                    for criterion in rubric where !criterion.isMet(by: good) {
                        source.add(examples.value("good"), "the good example misses the criterion `\(criterion.name)`")
                    }
                    if !rubric.isEmpty, rubric.allSatisfy({ $0.isMet(by: poor) }) {
                        source.add(examples.value("poor"), "the poor example meets every criterion; the rubric cannot tell it from a good one")
                    }
                }
            } else if !rubric.isEmpty {
                source.add(card.keyNode("rubric"), "a card with a rubric needs `examples:` with a `good` and a `poor` answer")
            }
            cards.append(loaded)
        }
        return cards
    }

    static let ruleKeys = ["mentions", "avoids", "asks_question", "min_words"]

    /// One rubric criterion: a `name`, exactly one rule, and what to say when it is `met` or `missed`.
    static func criterion(_ node: Node, index: Int, in source: YAMLFile) -> RubricCriterion? {
        guard let object = YAMLObject(node, in: source, what: "criterion \(index + 1)") else { return nil }
        object.rejectUnknownKeys(["name", "met", "missed"] + ruleKeys)
        let rules = ruleKeys.filter(object.has)
        guard rules.count == 1 else {
            object.source.add(object.node, "a criterion needs exactly one rule: one of \(ruleKeys.map { "`\($0)`" }.joined(separator: ", "))")
            return nil
        }
        let rule: RubricCriterion.Rule?
        switch rules[0] {
        case "mentions": rule = object.strings("mentions").map { .mentions($0.map(\.text)) }
        case "avoids": rule = object.strings("avoids").map { .avoids($0.map(\.text)) }
        case "asks_question": rule = object.bool("asks_question") == true ? .asksQuestion : nil
        default: rule = object.int("min_words").map { .atLeastWords($0) }
        }
        guard let name = object.string("name", required: true), let met = object.string("met", required: true),
              let missed = object.string("missed", required: true), let rule else { return nil }
        return RubricCriterion(name: name, rule: rule, met: met.trimmed, missed: missed.trimmed)
    }
}
