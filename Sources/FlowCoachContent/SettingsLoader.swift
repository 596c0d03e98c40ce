import FlowCoachCore
import Foundation
import Yams

/// Reads `Config/flowcoach.yaml`.
enum SettingsLoader {
    static let keys = ["version", "platform", "state_dir", "time_zone", "admins", "limits"]
    static let limitKeys = ["max_message_length", "max_retries", "snapshot_every"]
    static let platforms = ["console"]

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
        if let limits = object.object("limits") {
            limits.rejectUnknownKeys(limitKeys)
            if let value = positive(limits, "max_message_length") { settings.maxMessageLength = value }
            if let value = positive(limits, "max_retries") { settings.maxRetries = value }
            if let value = positive(limits, "snapshot_every") { settings.snapshotEvery = value }
        }
        return settings
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
