import FlowCoachCore
import Foundation
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

/// The incremental index scores like the immutable one and forgets what is removed.
@Suite struct TextIndexTests {
    @Test func scoresMatchTheKnowledgeIndexAndRemovalForgets() {
        var index = TextIndex()
        index.put("d0", [("apple apple banana", 1)])
        index.put("d1", [("banana cherry", 1)])
        index.put("d2", [("cherry cherry cherry date", 1)])
        let hits = index.search("banana cherry")
        #expect(hits.map(\.id) == ["d1", "d2", "d0"])
        #expect(abs(hits[0].score - 1.0884295) < 1e-5, "the same BM25 as KnowledgeIndex")
        index.remove("d1")
        #expect(index.search("banana cherry").map(\.id) == ["d2", "d0"])
        index.put("d0", [("durian", 1)])
        #expect(index.search("apple").isEmpty, "a replaced document loses its old terms")
        #expect(index.count == 2)
    }

    @Test func theStateKeepsItInStepAndRebuildsItOnLoad() throws {
        var state = State()
        let now = Fixture.now
        var question = PeerQuestion(id: "q1", asker: "@a:x", askerName: "A", room: "!r", text: "supplier price", tags: [], askedAt: now, routedTo: [])
        state.apply(.put(question))
        #expect(state.answeredIndex.count == 0, "unanswered questions are not offered")
        state.apply(.put(PeerAnswer(id: "a1", question: "q1", author: "@b:x", authorName: "B", text: "trade volume", at: now)))
        question.accepted = "a1"
        state.apply(.put(question))
        #expect(state.answeredIndex.search("volume").map(\.id) == ["q1"])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let reloaded = try decoder.decode(State.self, from: encoder.encode(state))
        #expect(reloaded == state)
        #expect(reloaded.answeredIndex.search("volume").map(\.id) == ["q1"])
    }
}
