import FlowCoachCore
import Foundation
import Yams

/// Steps that decide or read: `branch:` (equals, one_of, mentions, asks_question) and `review:`.
extension DialogLoader {
    /// `review: {slots: [a, b], criteria: [...]}`: criteria as on practice cards' rubrics.
    static func loadReview(_ object: YAMLObject) -> Step.Action? {
        guard let review = object.object("review") else { return nil }
        review.rejectUnknownKeys(["slots", "criteria"])
        let slots = review.strings("slots", required: true)?.map(\.text) ?? []
        let criteria = (review.list("criteria", required: true) ?? []).enumerated().compactMap {
            LearningLoader.criterion($1, index: $0, in: object.source)
        }
        guard !slots.isEmpty, !criteria.isEmpty else { return nil }
        return .review(slots: slots, criteria: criteria)
    }

    static func loadBranches(_ object: YAMLObject) -> [Branch]? {
        guard let list = object.list("branch") else { return nil }
        var branches: [Branch] = []
        for (index, node) in list.enumerated() {
            guard let branch = YAMLObject(node, in: object.source, what: "branch \(index + 1)") else { continue }
            branch.rejectUnknownKeys(branchKeys)
            guard let target = branch.string("goto", required: true) else { continue }
            let slot = branch.string("slot")
            var values = branch.strings("one_of")?.map(\.text) ?? []
            if let equals = branch.string("equals") { values.append(equals) }
            let mentions = branch.strings("mentions")?.map(\.text) ?? []
            let asks = branch.bool("asks_question") == true
            if slot != nil && values.isEmpty && mentions.isEmpty && !asks { object.source.add(node, "a branch with `slot` needs `equals`, `one_of` or `mentions`") }
            if slot == nil && !(values.isEmpty && mentions.isEmpty) {
                object.source.add(node, "`equals`/`one_of`/`mentions` need a `slot` to compare (or `slot: role`)")
            }
            var loaded = Branch(slot: slot, values: values, mentions: mentions, target: target)
            loaded.asksQuestion = asks
            branches.append(loaded)
        }
        if branches.isEmpty { object.source.add(object.value("branch"), "`branch` needs at least one `goto`") }
        return branches
    }
}
