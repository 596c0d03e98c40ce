import Yams

/// One mapping of `Config/flowcoach.yaml` read by a layer outside this module (a platform's
/// section, which the daemon reads into the platform's own settings): typed fields whose problems
/// join the load's other problems, each at its `path:line:column`.
public final class ConfigSection {
    let object: YAMLObject

    init(_ object: YAMLObject) {
        self.object = object
    }

    public func has(_ key: String) -> Bool { object.has(key) }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    public func rejectUnknownKeys(_ allowed: [String]) { object.rejectUnknownKeys(allowed) }

    /// A text field (numbers and booleans are accepted as their text); `required` reports it missing or empty.
    public func string(_ key: String, required: Bool = false) -> String? { object.string(key, required: required) }

    /// A whole number.
    public func int(_ key: String, required: Bool = false) -> Int? { object.int(key, required: required) }

    /// A list of texts; an item that is not text is reported and left out.
    public func strings(_ key: String, required: Bool = false) -> [String]? { object.strings(key, required: required)?.map(\.text) }

    /// A nested mapping; anything else is reported.
    public func section(_ key: String, required: Bool = false) -> ConfigSection? {
        object.object(key, required: required).map(ConfigSection.init)
    }

    /// Reports a problem at the value of `key`, or at this mapping when it has no such key.
    public func report(_ message: String, at key: String) {
        object.source.add(object.value(key) ?? object.node, message)
    }

    /// Reports a problem at the key `key` itself (for a key that must not be there), or at this
    /// mapping when it has no such key.
    public func report(_ message: String, atKey key: String) {
        object.source.add(object.keyNode(key) ?? object.node, message)
    }

    /// Reports a problem with this mapping as a whole.
    public func report(_ message: String) {
        object.source.add(object.node, message)
    }
}
