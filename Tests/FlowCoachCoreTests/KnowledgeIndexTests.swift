import FlowCoachCore
import Testing

/// BM25 against values computed by hand: k1 = 1.2, b = 0.75,
/// idf = ln(1 + (N − n + 0.5) / (n + 0.5)), score = idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · len / avglen)).
@Suite struct KnowledgeIndexTests {
    static func item(_ id: String, _ body: String) -> KnowledgeItem {
        KnowledgeItem(id: id, title: "", kind: .tip, skills: [], summary: "", body: body)
    }

    // Lengths 3, 2, 4: the average is 3.
    let index = KnowledgeIndex([
        item("d0", "apple apple banana"),
        item("d1", "banana cherry"),
        item("d2", "cherry cherry cherry date"),
    ])

    @Test func aRareTermInOneDocument() {
        // idf = ln(1 + 2.5 / 1.5) = 0.980829; d0: 0.980829 · 2 · 2.2 / (2 + 1.2) = 1.348640
        let hits = index.search("apple")
        #expect(hits.map(\.index) == [0])
        #expect(abs(hits[0].score - 1.3486402) < 1e-5)
    }

    @Test func twoTermsRankByLengthAndFrequency() {
        // idf(banana) = idf(cherry) = ln(1.6) = 0.470004
        // d1: 2 · 0.470004 · 2.2 / (1 + 0.9) = 1.088429; d2: 0.470004 · 3 · 2.2 / (3 + 1.5) = 0.689339;
        // d0: 0.470004 · 2.2 / (1 + 1.2) = 0.470004
        let hits = index.search("Banana, CHERRY!")
        #expect(hits.map(\.index) == [1, 2, 0])
        #expect(abs(hits[0].score - 1.0884295) < 1e-5)
        #expect(abs(hits[1].score - 0.6893387) < 1e-5)
        #expect(abs(hits[2].score - 0.4700036) < 1e-5)
    }

    @Test func stopWordsAndUnknownTermsMatchNothing() {
        #expect(index.search("the and of").isEmpty)
        #expect(index.search("durian").isEmpty)
        #expect(index.search("cherry", limit: 1).map(\.index) == [2])
    }

    @Test func titleWeighsMoreThanBody() {
        let weighted = KnowledgeIndex([
            KnowledgeItem(id: "a", title: "Negotiation", kind: .tip, skills: [], summary: "", body: "other words here"),
            KnowledgeItem(id: "b", title: "Other", kind: .tip, skills: [], summary: "", body: "negotiation words here"),
        ])
        #expect(weighted.search("negotiation").map(\.index) == [0, 1])
    }

    @Test func helpfulRatingsLiftAnItem() {
        let items = [Self.item("x", "plan"), Self.item("y", "plan")]
        let recommender = Recommender(items: items, index: KnowledgeIndex(items))
        let filter = KnowledgeFilter()
        #expect(recommender.recommend(query: "plan", filter: filter, role: nil, shown: [], ratings: [:], limit: 1).map(\.id) == ["x"])
        let rated = recommender.recommend(query: "plan", filter: filter, role: nil, shown: [], ratings: ["y": (3, 0), "x": (0, 2)], limit: 1)
        #expect(rated.map(\.id) == ["y"])
    }
}
