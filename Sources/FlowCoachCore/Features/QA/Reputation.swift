import Foundation

/// Points earned on the Q&A board: for each accepted answer and each vote an answer received,
/// overall and per skill or tag of the question. Derived from the answers on demand.
struct Reputation {
    private(set) var total: [String: Int] = [:]
    private(set) var bySkill: [String: [String: Int]] = [:]
    private(set) var accepted: [String: Int] = [:]
    private(set) var votes: [String: Int] = [:]

    init(answers: some Sequence<PeerAnswer>, questions: [String: PeerQuestion], settings: QASettings) {
        for answer in answers where !answer.hidden {
            guard let question = questions[answer.question], !question.hidden else { continue }
            let isAccepted = question.accepted == answer.id && question.asker != answer.author
            let points = (isAccepted ? settings.acceptedPoints : 0) + answer.voters.count * settings.votePoints
            guard points > 0 else { continue }
            total[answer.author, default: 0] += points
            if isAccepted { accepted[answer.author, default: 0] += 1 }
            votes[answer.author, default: 0] += answer.voters.count
            for tag in question.tags { bySkill[tag, default: [:]][answer.author, default: 0] += points }
        }
    }

    /// Points `person` earned on questions about any of `tags`.
    func points(of person: String, in tags: [String]) -> Int {
        tags.reduce(0) { $0 + (bySkill[$1]?[person] ?? 0) }
    }

    /// The top `limit` people by points (ties by id).
    func leaders(_ limit: Int) -> [(person: String, points: Int)] {
        total.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { ($0.key, $0.value) }
    }
}

/// Who a question goes to: people who declared expertise in its topics, earned points
/// answering them, or whose expertise or past answers its wording is about (`relevance`, from
/// `QuestionTopics`); never the asker, anyone who opted out, anyone already asked, or anyone who
/// reached today's cap. Best first: most points in the topics, then declared expertise in its
/// tags, then the closest wording.
enum ExpertRouting {
    static func rank(
        _ question: PeerQuestion, profiles: [Profile], points: Reputation, cap: Int, now: Date, relevance: (Profile) -> Double = { _ in 0 }
    ) -> [Profile] {
        let tags = Set(question.tags)
        let already = Set(question.routedTo)
        let candidates: [(profile: Profile, points: Int, declared: Bool, relevance: Double)] = profiles.compactMap { profile in
            guard profile.id != question.asker, profile.room != nil, !profile.questionsOff, !already.contains(profile.id) else { return nil }
            let today = profile.routedAt.filter { now.timeIntervalSince($0) < 86_400 }.count
            guard today < cap else { return nil }
            let declared = !tags.isDisjoint(with: profile.expertise ?? [])
            let earned = points.points(of: profile.id, in: question.tags)
            let close = declared || earned > 0 ? 0 : relevance(profile)
            guard declared || earned > 0 || close > 0 else { return nil }
            return (profile, earned, declared, close)
        }
        return candidates.sorted { a, b in
            if a.points != b.points { return a.points > b.points }
            if a.declared != b.declared { return a.declared }
            if a.relevance != b.relevance { return a.relevance > b.relevance }
            return a.profile.id < b.profile.id
        }.map(\.profile)
    }
}
