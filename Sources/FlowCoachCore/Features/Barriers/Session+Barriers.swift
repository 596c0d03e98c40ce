import Foundation

/// Barriers to adoption: recorded with the skill and program they are about, categorised by the
/// words of `Prompts/barriers.yaml`, and reported without names.
extension Session {
    /// `barrier <text>`; `text` may start with a skill ("delegation: no time to hand it over").
    mutating func recordBarrier(_ text: String, for person: Person, room: String, program named: String? = nil) {
        var said = text.trimmed
        guard !said.isEmpty else { return say("barrier_usage") }
        var skill: String?
        if let colon = said.firstIndex(of: ":"), let named = self.skill(named: String(said[..<colon]).trimmed) {
            skill = named
            said = String(said[said.index(after: colon)...]).trimmed
            guard !said.isEmpty else { return say("barrier_usage") }
        }
        let enrolment = draft.base.enrolments.values.filter { $0.user == person.id }.max { $0.start < $1.start }
        let program = named ?? enrolment?.program
        if skill == nil { skill = program.flatMap { plan.program($0)?.skills.first } ?? latestSkill(of: person.id) }
        let category = BarrierCategory.classify(said, in: content.language.barriers)
        var barrier = Barrier(user: person.id, text: String(said.prefix(qa.maxLength)), category: category, skill: skill, program: program, at: now)
        while draft[Barrier.self, id: barrier.id] != nil { barrier.id += "+" }
        draft.put(barrier)
        let label = content.language.barriers.first { $0.id == category }?.label.lowercased()
        say("barrier_recorded", label.map { ["category": $0] } ?? [:])
    }

    /// The skill of the person's latest dialog, if any.
    func latestSkill(of user: String) -> String? {
        draft.base.runs.values.filter { $0.user == user }.max { $0.startedAt < $1.startedAt }?.skill
    }

    /// A threaded reply to a discussion prompt that asked what got in the way: the prompt's room
    /// names the cohort, and so the program.
    func discussionProgram(room: String) -> String? {
        plan.programs.first { $0.cohorts.contains { $0.room == room } }?.id
    }

    /// Whether a message the coach wrote (a thread's root) is a discussion prompt asking for barriers.
    func asksForBarriers(_ root: String) -> Bool {
        guard let invite = content.messages.text("barrier_invite")?.render([:]).trimmed, !invite.isEmpty else { return false }
        return root.contains(invite)
    }
}
