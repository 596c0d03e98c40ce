import FlowCoachCore
import Foundation
import Yams

/// Reads `Config/flowcoach.yaml`.
enum SettingsLoader {
    static let keys = ["version", "platform", "state_dir", "time_zone", "admins", "roles", "limits", "matrix", "listener", "qa"]
    static let limitKeys = ["max_message_length", "max_retries", "snapshot_every", "dialog_idle_hours", "trigger_threshold", "report_min_group"]
    static let matrixKeys = ["homeserver", "user_id", "access_token_env", "access_token_file", "ignore_users", "sync_timeout_ms"]
    static let listenerKeys = ["host", "port"]
    static let qaKeys = [
        "board_room", "experts_per_question", "expert_daily_cap", "escalate_after_hours", "posts_per_hour", "max_length",
        "leaderboard", "points_accepted", "points_vote", "promote_at_votes",
    ]
    static let platforms = ["console", "matrix"]

    static func load(_ source: YAMLFile, _ node: Node) -> Settings {
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
        if let admins = object.strings("admins") { settings.admins = admins.map(\.text) }
        if let roles = object.object("roles"), let mapping = roles.node.mapping {
            for (key, value) in mapping {
                guard let user = key.string, let role = value.scalar?.string, !role.isEmpty else {
                    source.add(value, "each entry of `roles` is `\"@user:server\": role`")
                    continue
                }
                settings.roles[user] = role
            }
        }
        if let limits = object.object("limits") {
            limits.rejectUnknownKeys(limitKeys)
            if let value = positive(limits, "max_message_length") { settings.maxMessageLength = value }
            if let value = positive(limits, "max_retries") { settings.maxRetries = value }
            if let value = positive(limits, "snapshot_every") { settings.snapshotEvery = value }
            if let value = positive(limits, "dialog_idle_hours") { settings.dialogIdleHours = Double(value) }
            if let value = positive(limits, "trigger_threshold") { settings.triggerThreshold = value }
            if let value = positive(limits, "report_min_group") { settings.reportMinimumGroup = value }
        }
        if let qa = object.object("qa") { settings.qa = loadQA(qa) }
        if let matrix = object.object("matrix") { settings.matrix = loadMatrix(matrix) }
        if settings.platform == "matrix" && settings.matrix == nil && !object.has("matrix") {
            source.add(object.value("platform"), "`platform: matrix` needs a `matrix:` section (homeserver, user_id, access_token_env or access_token_file)")
        }
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
        return settings
    }

    static func loadMatrix(_ object: YAMLObject) -> MatrixSettings? {
        object.rejectUnknownKeys(matrixKeys + ["access_token", "token"])
        let homeserver = object.string("homeserver", required: true)
        let userID = object.string("user_id", required: true)
        let tokenEnv = object.string("access_token_env")
        let tokenFile = object.string("access_token_file")
        let ignore = object.strings("ignore_users")?.map(\.text) ?? []
        let timeout = object.int("sync_timeout_ms")
        if let homeserver, !(homeserver.hasPrefix("http://") || homeserver.hasPrefix("https://")) {
            object.source.add(object.value("homeserver"), "`homeserver` must be an http:// or https:// URL")
        } else if let homeserver, homeserver.hasPrefix("http://"), !isLoopback(URLComponents(string: homeserver)?.host ?? "") {
            object.source.add(
                object.value("homeserver"),
                "`homeserver` uses plain http:// to another machine, so the access token and every message would cross the network unencrypted; use https://, or http://127.0.0.1 for a homeserver on this machine")
        }
        if let userID, !(userID.hasPrefix("@") && userID.contains(":")) {
            object.source.add(object.value("user_id"), "`user_id` must be a full Matrix id such as @flowcoach:example.org")
        }
        if tokenEnv == nil && tokenFile == nil {
            object.source.add(object.node, "`matrix` needs `access_token_env` or `access_token_file`; the token itself never goes in this file")
        }
        if object.has("access_token") || object.has("token") {
            object.source.add(object.keyNode("access_token") ?? object.keyNode("token"), "never put the access token in this file; use access_token_env or access_token_file")
        }
        guard let homeserver, let userID else { return nil }
        return MatrixSettings(
            homeserver: homeserver, userID: userID, accessTokenEnv: tokenEnv, accessTokenFile: tokenFile, ignoreUsers: ignore,
            syncTimeoutMs: timeout ?? 30_000)
    }

    /// This machine: 127.0.0.0/8, ::1 or localhost.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && !octets.contains(nil) && octets[0] == 127
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
}
