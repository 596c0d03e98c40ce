import FlowCoachCore
import Foundation
import Testing

/// FSRS-6 against the reference Python package on fixed grade sequences
/// (Tests/Fixtures/fsrs/vectors.json, written by scripts/fsrs_vectors.py).
@Suite struct FSRSTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            var desired_retention: Double
            var learning_steps: [Double]
            var relearning_steps: [Double]
            var start: Double
            var reviews: [Review]
        }
        struct Review: Decodable {
            var at: Double
            var grade: Int
            var stability: Double
            var difficulty: Double
            var due: Double
            var state: String
            var step: Int?
        }
        var cases: [Case]
    }

    @Test func matchesTheReferenceImplementation() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.repoRoot + "/Tests/Fixtures/fsrs/vectors.json"))
        let vectors = try JSONDecoder().decode(Vectors.self, from: data)
        #expect(vectors.cases.count >= 60)
        var reviews = 0
        for (number, test) in vectors.cases.enumerated() {
            let fsrs = FSRS(desiredRetention: test.desired_retention, learningSteps: test.learning_steps, relearningSteps: test.relearning_steps)
            var card = CardMemory(due: Date(timeIntervalSince1970: test.start))
            for (index, expected) in test.reviews.enumerated() {
                card = fsrs.review(card, try #require(Grade(rawValue: expected.grade)), at: Date(timeIntervalSince1970: expected.at))
                let place = "case \(number) review \(index)"
                #expect(card.due.timeIntervalSince1970 == expected.due, "\(place): interval")
                #expect(abs((card.stability ?? -1) - expected.stability) < 1e-6, "\(place): stability")
                #expect(abs((card.difficulty ?? -1) - expected.difficulty) < 1e-6, "\(place): difficulty")
                #expect(card.phase.rawValue == expected.state, "\(place): state")
                #expect(card.step == expected.step, "\(place): step")
                reviews += 1
            }
        }
        #expect(reviews > 500)
    }

    @Test func retrievabilityFallsToTheDesiredRetentionAtTheInterval() {
        let fsrs = FSRS(learningSteps: [])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let card = fsrs.review(CardMemory(due: start), .good, at: start)
        #expect(card.phase == .review)
        #expect(fsrs.retrievability(card, at: start) == 1)
        let atDue = fsrs.retrievability(card, at: card.due)
        #expect(abs(atDue - 0.9) < 0.02, "reviewed when recall is about 90% likely")
    }
}
