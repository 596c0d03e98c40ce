import Foundation

/// Running a row of the command table: who may, where, and the audit of admin commands.
extension Session {
    mutating func invoke(_ command: Command, _ call: Invocation) {
        switch command.access {
        case .everyone:
            break
        case .directOnly:
            guard inbound?.isDirect != false else {
                return say("privacy_direct_only", ["command": call.said.words.prefix(call.length).joined(separator: " ")])
            }
        case .admin:
            let allowed = isAdmin(call.person) && inbound?.isDirect != false
            draft.put(AuditEntry(actor: call.person.id, command: String(call.said.text.trimmed.prefix(300)), room: call.room, at: now,
                                 allowed: allowed, event: inbound?.eventID ?? "local"))
            guard isAdmin(call.person) else { return say("admin_not_admin") }
            guard allowed else { return say("admin_direct_only") }
        }
        command.run(&self, call)
    }

    /// `q12` or `a7`: the ids the Q&A board hands out.
    static func isPostID(_ text: String) -> Bool {
        guard let first = text.first, first == "q" || first == "a", text.count > 1 else { return false }
        return text.dropFirst().allSatisfy(\.isNumber)
    }
}
