import Foundation

/// What a person's id looks like on each platform, for files that name people (an assessment
/// export): an id in another shape can never match anyone, so it is refused with how to write it.
public enum PersonIDFormat {
    /// Whether `id` has the shape of a person's id on `platform` (any id does on a platform
    /// whose ids have no known shape). The config's admins and roles are checked by this too.
    public static func fits(_ id: String, platform: String) -> Bool {
        switch platform {
        case "console": id.hasPrefix("console:") && id.count > 8
        case "matrix": id.hasPrefix("@") && id.dropFirst().contains(":") && !id.contains(" ")
        case "mattermost": id.count == 26 && id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        case "slack": id.count >= 3 && (id.hasPrefix("U") || id.hasPrefix("W")) && id.dropFirst().allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        case "zulip": id.hasPrefix("zulip:") && id.count > 6 && id.dropFirst(6).allSatisfy { ("0"..."9").contains($0) }
        default: true
        }
    }

    /// Why `id` cannot be anyone on `platform`, or nil when it can.
    public static func problem(_ id: String, platform: String) -> String? {
        guard !fits(id, platform: platform) else { return nil }
        return switch platform {
        case "console":
            "`\(id)` cannot be anyone in the terminal chat, whose people are `console:<name>` (`flowcoach chat --user <name>`); write `console:\(id)`, or set `person_id: \"console:{id}\"` in Config/assessments.yaml"
        case "matrix":
            "`\(id)` is not a Matrix user id (`@name:server`); write it in full, or set `person_id: \"@{id}:example.org\"` in Config/assessments.yaml when the export holds only the name"
        case "mattermost":
            "`\(id)` is not a Mattermost user id (26 letters and digits, from System Console > Users), not an @name or email"
        case "slack":
            "`\(id)` is not a Slack member id (such as U024BE7LH: the person's profile, ⋮, Copy member ID), not an @name or email"
        case "zulip":
            "`\(id)` is not a Zulip person id (`zulip:<user id>`, e.g. `zulip:42`); set `person_id: \"zulip:{id}\"` in Config/assessments.yaml when the export holds the number"
        default:
            nil
        }
    }
}
