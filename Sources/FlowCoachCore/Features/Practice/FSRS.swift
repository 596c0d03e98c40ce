import Foundation

/// How well a person recalled a practice card.
public enum Grade: Int, Sendable, Codable, CaseIterable {
    case again = 1, hard, good, easy
}

/// What FSRS knows about one person's memory of one card.
public struct CardMemory: Sendable, Codable, Hashable {
    public enum Phase: String, Sendable, Codable { case learning, review, relearning }

    public var phase: Phase = .learning
    /// The position in the learning or relearning steps; nil in review.
    public var step: Int? = 0
    /// Days until recall probability falls to 90%; nil before the first review.
    public var stability: Double?
    /// 1 (easy) to 10 (hard); nil before the first review.
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public init(due: Date) {
        self.due = due
    }
}

/// The FSRS-6 spaced-repetition scheduler (difficulty, stability, retrievability), without
/// fuzz, so the same grades always give the same intervals. Checked against the reference
/// Python package `fsrs` by `Tests/Fixtures/fsrs/vectors.json` (`scripts/fsrs_vectors.py`).
public struct FSRS: Sendable, Equatable {
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    static let minStability = 0.001

    public var parameters: [Double]
    /// The recall probability reviews are scheduled for (0.9: review when 90% likely to recall).
    public var desiredRetention: Double
    public var learningSteps: [TimeInterval]
    public var relearningSteps: [TimeInterval]
    /// The longest interval, in days.
    public var maximumInterval: Int

    public init(
        parameters: [Double] = FSRS.defaultParameters, desiredRetention: Double = 0.9, learningSteps: [TimeInterval] = [60, 600],
        relearningSteps: [TimeInterval] = [600], maximumInterval: Int = 36_500
    ) {
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
    }

    private var decay: Double { -parameters[20] }
    private var factor: Double { pow(0.9, 1 / decay) - 1 }
    private func w(_ index: Int) -> Double { parameters[index] }

    /// The probability of recalling the card at `date`.
    public func retrievability(_ card: CardMemory, at date: Date) -> Double {
        guard let last = card.lastReview, let stability = card.stability else { return 0 }
        let elapsed = max(0, Self.wholeDays(from: last, to: date))
        return pow(1 + factor * Double(elapsed) / stability, decay)
    }

    /// The card after a review graded `grade` at `date`.
    public func review(_ card: CardMemory, _ grade: Grade, at date: Date) -> CardMemory {
        var card = card
        let sinceLast = card.lastReview.map { Self.wholeDays(from: $0, to: date) }
        let interval: TimeInterval
        switch card.phase {
        case .learning, .relearning:
            let steps = card.phase == .learning ? learningSteps : relearningSteps
            let step = card.step ?? 0
            if let stability = card.stability, let difficulty = card.difficulty {
                if let sinceLast, sinceLast < 1 {
                    card.stability = shortTermStability(stability, grade)
                } else {
                    card.stability = nextStability(difficulty, stability, retrievability(card, at: date), grade)
                }
                card.difficulty = nextDifficulty(difficulty, grade)
            } else {
                card.stability = clampStability(w(grade.rawValue - 1))
                card.difficulty = clampDifficulty(initialDifficulty(grade))
            }
            if steps.isEmpty || (step >= steps.count && grade != .again) {
                interval = graduate(&card)
            } else {
                switch grade {
                case .again:
                    card.step = 0
                    interval = steps[0]
                case .hard:
                    interval = step == 0 ? (steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2) : steps[step]
                case .good:
                    if step + 1 == steps.count {
                        interval = graduate(&card)
                    } else {
                        card.step = step + 1
                        interval = steps[step + 1]
                    }
                case .easy:
                    interval = graduate(&card)
                }
            }
        case .review:
            let stability = card.stability ?? w(2)
            let difficulty = card.difficulty ?? initialDifficulty(.good)
            if let sinceLast, sinceLast < 1 {
                card.stability = shortTermStability(stability, grade)
            } else {
                card.stability = nextStability(difficulty, stability, retrievability(card, at: date), grade)
            }
            card.difficulty = nextDifficulty(difficulty, grade)
            if grade == .again, !relearningSteps.isEmpty {
                card.phase = .relearning
                card.step = 0
                interval = relearningSteps[0]
            } else {
                interval = days(card.stability!)
            }
        }
        card.due = date.addingTimeInterval(interval)
        card.lastReview = date
        return card
    }

    private func graduate(_ card: inout CardMemory) -> TimeInterval {
        card.phase = .review
        card.step = nil
        return days(card.stability!)
    }

    /// The interval for `stability` at the desired retention, in whole days, as seconds.
    private func days(_ stability: Double) -> TimeInterval {
        let raw = stability / factor * (pow(desiredRetention, 1 / decay) - 1)
        let whole = min(max(Int(raw.rounded(.toNearestOrEven)), 1), maximumInterval)
        return TimeInterval(whole) * 86_400
    }

    private func initialDifficulty(_ grade: Grade) -> Double {
        w(4) - exp(w(5) * Double(grade.rawValue - 1)) + 1
    }

    private func nextDifficulty(_ difficulty: Double, _ grade: Grade) -> Double {
        let delta = -(w(6) * Double(grade.rawValue - 3))
        let damped = difficulty + (10 - difficulty) * delta / 9
        return clampDifficulty(w(7) * initialDifficulty(.easy) + (1 - w(7)) * damped)
    }

    private func shortTermStability(_ stability: Double, _ grade: Grade) -> Double {
        var increase = exp(w(17) * (Double(grade.rawValue) - 3 + w(18))) * pow(stability, -w(19))
        if grade != .again { increase = max(increase, 1) }
        return clampStability(stability * increase)
    }

    private func nextStability(_ difficulty: Double, _ stability: Double, _ retrievability: Double, _ grade: Grade) -> Double {
        if grade == .again {
            let longTerm = w(11) * pow(difficulty, -w(12)) * (pow(stability + 1, w(13)) - 1) * exp((1 - retrievability) * w(14))
            let shortTerm = stability / exp(w(17) * w(18))
            return clampStability(min(longTerm, shortTerm))
        }
        let hardPenalty = grade == .hard ? w(15) : 1
        let easyBonus = grade == .easy ? w(16) : 1
        let growth = exp(w(8)) * (11 - difficulty) * pow(stability, -w(9)) * (exp((1 - retrievability) * w(10)) - 1)
        return clampStability(stability * (1 + growth * hardPenalty * easyBonus))
    }

    private func clampStability(_ value: Double) -> Double { max(value, Self.minStability) }
    private func clampDifficulty(_ value: Double) -> Double { min(max(value, 1), 10) }

    /// Whole days between two moments, rounded down (as Python's `timedelta.days`).
    static func wholeDays(from start: Date, to end: Date) -> Int {
        Int((end.timeIntervalSince(start) / 86_400).rounded(.down))
    }
}
