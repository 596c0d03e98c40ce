import FlowCoachCore
import Foundation
import Yams

/// Reads `Config/flowcoach.yaml`. A platform's own section (`matrix:`) is left to the layer that
/// knows the platform: `readPlatforms` gets the whole mapping to read it from.
enum SettingsLoader {
    static let keys = ["version", "platform", "state_dir", "time_zone", "admins", "roles", "limits", "listener", "qa"] + platformSections + managerKeys
    /// Top-level keys that belong to a platform; accepted here, read by `readPlatforms`.
    static let platformSections = ["matrix", "mattermost", "slack", "zulip"]
    static let limitKeys = ["max_message_length", "max_retries", "snapshot_every", "dialog_idle_hours", "trigger_threshold", "report_min_group"]
    static let listenerKeys = ["host", "port"]
    static let qaKeys = [
        "board_room", "experts_per_question", "expert_daily_cap", "escalate_after_hours", "posts_per_hour", "max_length",
        "leaderboard", "points_accepted", "points_vote", "promote_at_votes",
    ]
    static let platforms = ["console", "matrix", "mattermost", "slack", "zulip"]

    static func load(_ source: YAMLFile, _ node: Node, readPlatforms: (ConfigSection, Settings) -> Void = { _, _ in }) -> Settings {
        var settings = Settings()
        guard let object = YAMLObject(node, in: source, what: "the configuration") else { return settings }
        object.rejectUnknownKeys(keys)
        if let version = object.int("version"), version != 1 {
            source.add(object.value("version"), "unsupported configuration version \(version); this flowcoach reads version 1")
        }
        if let platform = object.string("platform") {
            if platforms.contains(platform) {
                settings.platform = platform
            } else {
                source.add(object.value("platform"), "unknown platform `\(platform)`; expected one of: \(platforms.joined(separator: ", "))")
            }
        }
        if let dir = object.string("state_dir", required: false) { settings.stateDirectory = dir }
        if let zone = object.string("time_zone") {
            if TimeZone(identifier: zone) == nil {
                source.add(object.value("time_zone"), "unknown time zone `\(zone)`; use an IANA name such as Europe/Berlin")
            } else {
                settings.timeZone = zone
            }
        }
        if let admins = object.strings("admins") {
            settings.admins = admins.map(\.text)
            for (id, node) in admins { checkPersonID(id, at: node, platform: settings.platform, in: source) }
        }
        if let roles = object.object("roles"), let mapping = roles.node.mapping {
            for (key, value) in mapping {
                guard let user = key.string, let role = value.scalar?.string, !role.isEmpty else {
                    source.add(value, "each entry of `roles` is `\"@user:server\": role`")
                    continue
                }
                checkPersonID(user, at: key, platform: settings.platform, in: source)
                settings.roles[user] = role
            }
        }
        settings.managers = loadManagers(object, platform: settings.platform)
        if let limits = object.object("limits") {
            limits.rejectUnknownKeys(limitKeys)
            if let value = positive(limits, "max_message_length") { settings.maxMessageLength = value }
            if let value = positive(limits, "max_retries") { settings.maxRetries = value }
            if let value = positive(limits, "snapshot_every") { settings.snapshotEvery = value }
            if let value = positive(limits, "dialog_idle_hours") { settings.dialogIdleHours = Double(value) }
            if let value = positive(limits, "trigger_threshold") { settings.triggerThreshold = value }
            if let value = limits.reportMinimumGroup("report_min_group") { settings.reportMinimumGroup = value }
        }
        if let qa = object.object("qa") { settings.qa = loadQA(qa) }
        if let listener = object.object("listener") {
            listener.rejectUnknownKeys(listenerKeys)
            if let host = listener.string("host") { settings.listenerHost = host }
            if let port = listener.int("port") {
                if (0...65535).contains(port) {
                    settings.listenerPort = port
                } else {
                    source.add(listener.value("port"), "`port` must be between 0 (off) and 65535")
                }
            }
        }
        readPlatforms(ConfigSection(object), settings)
        return settings
    }

    static func loadQA(_ object: YAMLObject) -> QASettings {
        object.rejectUnknownKeys(qaKeys)
        var qa = QASettings()
        if let room = object.string("board_room") { qa.boardRoom = room }
        if let value = positive(object, "experts_per_question") { qa.expertsPerQuestion = value }
        if let value = positive(object, "expert_daily_cap") { qa.expertDailyCap = value }
        if let value = positive(object, "escalate_after_hours") { qa.escalateAfterHours = Double(value) }
        if let value = positive(object, "posts_per_hour") { qa.postsPerHour = value }
        if let value = positive(object, "max_length") { qa.maxLength = value }
        if let value = object.bool("leaderboard") { qa.leaderboard = value }
        if let value = positive(object, "points_accepted") { qa.acceptedPoints = value }
        if let value = positive(object, "points_vote") { qa.votePoints = value }
        if let value = positive(object, "promote_at_votes") { qa.promoteAtVotes = value }
        return qa
    }

    private static func positive(_ object: YAMLObject, _ key: String) -> Int? {
        guard let value = object.int(key) else { return nil }
        guard value > 0 else {
            object.source.add(object.value(key), "`\(key)` must be at least 1")
            return nil
        }
        return value
    }

    /// An admin or role id that cannot match anyone on the platform would silently do nothing.
    static func checkPersonID(_ id: String, at node: Node, platform: String, in source: YAMLFile) {
        guard !PersonIDFormat.fits(id, platform: platform) else { return }
        switch platform {
        case "console":
            source.add(node, "`\(id)` cannot match anyone in the terminal chat: its people are `console:<name>` (e.g. `console:\(id.lowercased())`, where <name> is `flowcoach chat --user <name>`)")
        case "matrix":
            source.add(node, "`\(id)` is not a Matrix user id; write it as `@name:server`, e.g. `@\(id.lowercased()):example.org`")
        case "mattermost":
            source.add(node, "`\(id)` is not a Mattermost user id; write the 26-character id from the person's profile (System Console > Users, or `mmctl user search NAME`), not their @name")
        case "slack":
            source.add(node, "`\(id)` is not a Slack member id; write the id such as U024BE7LH (in Slack: the person's profile, ⋮, Copy member ID), not their @name")
        case "zulip":
            source.add(node, "`\(id)` is not a Zulip person id; write `zulip:<user id>` with the number from their profile (View profile: User ID), e.g. `zulip:42`, not their name or email")
        default:
            break
        }
    }
}
