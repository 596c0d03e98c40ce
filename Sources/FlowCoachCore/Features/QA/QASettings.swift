/// `qa:` in `Config/flowcoach.yaml`: how the peer Q&A board routes, limits and rewards.
public struct QASettings: Sendable, Equatable {
    /// The room (channel) every new question is also posted to; answers can be threaded replies there.
    public var boardRoom: String?
    /// Experts a new question goes to directly (and as many more on escalation).
    public var expertsPerQuestion = 3
    /// At most this many questions routed to one expert per 24 hours.
    public var expertDailyCap = 5
    /// An open question without answers this long is escalated (more experts, the board, the admins).
    public var escalateAfterHours: Double = 24
    /// Questions plus answers one person may post per hour.
    public var postsPerHour = 10
    /// The longest question or answer, in characters.
    public var maxLength = 1000
    /// `leaderboard` answers only when this is on.
    public var leaderboard = true
    public var acceptedPoints = 10
    public var votePoints = 2
    /// An accepted answer with this many votes joins the knowledge base without an admin; nil turns the rule off.
    public var promoteAtVotes: Int?

    public init() {}
}
