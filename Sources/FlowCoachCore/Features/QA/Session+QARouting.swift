/// How close a question's wording is to each possible expert, for questions whose tags name no
/// one's expertise: "How do I ask for a raise when the budget is frozen?" reaches the colleague
/// with expertise in negotiation; "How do I set up a VPN?" does not.
extension Session {
    /// The answers of each person looked at (their newest), so a busy board stays quick.
    static let answersConsidered = 20

    var questionTopics: QuestionTopics {
        QuestionTopics(router: router, knowledge: content.knowledge, index: content.index)
    }

    /// A person's relevance to `question`, 0 for none, else the strongest of:
    /// 3. a declared expertise stands for a skill the question is about;
    /// 2. the question says a declared expertise itself, or a synonym or another form of it;
    /// 1. they answered a question about one of the same skills, or one holding most of its meaning.
    func relevance(to question: PeerQuestion) -> (Profile) -> Double {
        let topics = questionTopics
        let about = Set(question.about ?? topics.skills(of: question.text))
        let searchTerms = Set(SearchTokenizer.terms(question.text))
        let routingTerms = topics.terms(question.text)
        // The questions each person answered (visible ones, newest first), other than this one.
        var answered: [String: [PeerQuestion]] = [:]
        for answer in draft.base.answers.values.sorted(by: { ($0.at, $0.id) > ($1.at, $1.id) })
        where !answer.hidden && answer.question != question.id && answered[answer.author, default: []].count < Self.answersConsidered {
            guard let past = draft.base.questions[answer.question], !past.hidden, past.asker != answer.author,
                  answered[answer.author]?.contains(where: { $0.id == past.id }) != true
            else { continue }
            answered[answer.author, default: []].append(past)
        }
        return { profile in
            let expertise = profile.expertise ?? []
            if expertise.contains(where: { !about.isDisjoint(with: [$0] + topics.skills(named: $0)) }) { return 3 }
            if expertise.contains(where: { topics.mentions($0, in: routingTerms) }) { return 2 }
            let close = (answered[profile.id] ?? []).contains { past in
                guard about.isDisjoint(with: past.tags + (past.about ?? [])) else { return true }
                let held = topics.overlap(searchTerms, with: Set(SearchTokenizer.terms(past.text)))
                return held.words >= 2 && held.share >= QuestionTopics.coverage
            }
            return close ? 1 : 0
        }
    }
}
