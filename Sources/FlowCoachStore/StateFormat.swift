import FlowCoachCore
import FlowCoachJSON
import Foundation

/// The names and versions written into every state file, and the JSON coders they use.
enum StateFormat {
    static let snapshotFormat = "flowcoach-snapshot"
    static let journalFormat = "flowcoach-journal"
    /// The version this build writes. Older files are migrated on load by `Migrations`.
    static let currentVersion = 2

    static func encoder(sorted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }

    /// `value` as `encoder(sorted: true)` writes it, by `FastJSONEncoder` where it can.
    static func encode<T: Encodable>(_ value: T, reserving capacity: Int = 256) throws -> [UInt8] {
        do {
            return try FastJSONEncoder.encode(value, reserving: capacity)
        } catch is FastJSONEncoder.Unsupported {
            return [UInt8](try encoder(sorted: true).encode(value))
        }
    }

    /// Decodes with `FastJSONDecoder`, or, when it cannot, with `decoder` (whose errors say what is wrong).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], decoder: JSONDecoder) throws -> T {
        if let value = try? FastJSONDecoder.decode(T.self, from: bytes) { return value }
        return try decoder.decode(T.self, from: Data(bytes))
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// The first fields of a snapshot or journal header: enough to decide whether to migrate.
struct FileHeader: Codable {
    var format: String
    var version: Int
}

/// Upgrades older state files to `StateFormat.currentVersion`, one version at a time. Each step
/// takes the JSON object of a snapshot (or of a journal record) at version N and returns it at N+1.
public enum Migrations {
    typealias Step = @Sendable (inout [String: Any]) throws -> Void

    /// Keyed by the version a step upgrades from.
    static let snapshotSteps: [Int: Step] = [
        1: { snapshot in
            guard var state = snapshot["state"] as? [String: Any] else { return }
            for (collection, fields) in version2Defaults {
                guard var entities = state[collection] as? [String: Any] else { continue }
                for (id, entity) in entities { entities[id] = filling(entity, with: fields) }
                state[collection] = entities
            }
            snapshot["state"] = state
        },
    ]
    static let recordSteps: [Int: Step] = [
        1: { record in
            guard let changes = record["changes"] as? [[String: Any]] else { return }
            record["changes"] = changes.map { change in
                guard let collection = change["c"] as? String, let fields = version2Defaults[collection], let value = change["v"] else { return change }
                var filled = change
                filled["v"] = filling(value, with: fields)
                return filled
            }
        },
    ]

    /// Version 2 stores flags and lists that were left out when off or empty: a profile's
    /// `questionsOff`, `nudgesOff`, `routedAt`, `postedAt`, a question's or answer's `hidden`.
    static var version2Defaults: [String: [String: Any]] { [
        "profiles": ["questionsOff": false, "nudgesOff": false, "routedAt": [Any](), "postedAt": [Any]()],
        "questions": ["hidden": false],
        "answers": ["hidden": false],
    ] }

    /// `entity` with every field of `defaults` it lacks.
    static func filling(_ entity: Any, with defaults: [String: Any]) -> Any {
        guard var object = entity as? [String: Any] else { return entity }
        for (key, value) in defaults where object[key] == nil { object[key] = value }
        return object
    }

    /// Returns `data` upgraded from `version`, or throws naming the file when it cannot be.
    static func upgrade(
        _ data: Data, from version: Int, to current: Int = StateFormat.currentVersion, steps: [Int: Step], path: String
    ) throws(StoreError) -> Data {
        guard version != current else { return data }
        guard version < current, version >= 1 else {
            throw .unsupportedFormat(
                path: path, reason: "written by format version \(version), this flowcoach reads up to \(current); upgrade flowcoach")
        }
        do {
            guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw StoreError.unsupportedFormat(path: path, reason: "not a JSON object")
            }
            for from in version..<current {
                guard let step = steps[from] else {
                    throw StoreError.unsupportedFormat(path: path, reason: "no migration from version \(from)")
                }
                try step(&object)
                object["version"] = from + 1
            }
            return try JSONSerialization.data(withJSONObject: object)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unsupportedFormat(path: path, reason: "migration failed: \(error)")
        }
    }
}
