/// One practice card from `Prompts/practice/*.yaml`: a prompt and the answer to compare with,
/// or (without an answer) a self-graded reflection.
public struct PracticeCard: Sendable, Equatable {
    public static func == (a: PracticeCard, b: PracticeCard) -> Bool {
        a.id == b.id && a.skill == b.skill && a.prompt == b.prompt && a.answer == b.answer && a.rubric == b.rubric
            && a.examples?.good == b.examples?.good && a.examples?.poor == b.examples?.poor
    }

    public var id: String
    public var skill: String
    public var prompt: String
    public var answer: String?
    /// For a scenario card: how the written answer is read, criterion by criterion.
    public var rubric: [RubricCriterion] = []
    /// A good answer (meets every criterion) and a poor one (misses some), kept with the card so
    /// `validate` and the tests prove the rubric tells them apart.
    public var examples: (good: String, poor: String)?

    public init(id: String, skill: String, prompt: String, answer: String?, rubric: [RubricCriterion] = []) {
        self.id = id
        self.skill = skill
        self.prompt = prompt
        self.answer = answer
        self.rubric = rubric
    }

    /// A reflection: nothing to compare with, nothing to recall, so nothing to grade.
    public var isReflection: Bool { answer == nil && rubric.isEmpty }
}

/// `practice:` in `Config/nudges.yaml`.
public struct PracticeSettings: Sendable, Equatable {
    public var fsrs = FSRS(learningSteps: [600], relearningSteps: [600])
    /// A skill is mastered when every one of its cards has at least this stability, in days.
    public var masteryStabilityDays: Double = 21
    /// Cards per practice session.
    public var sessionSize = 3

    public init() {}
}
