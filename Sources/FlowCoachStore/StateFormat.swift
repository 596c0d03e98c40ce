import FlowCoachCore
import Foundation

/// The names and versions written into every state file, and the JSON coders they use.
enum StateFormat {
    static let snapshotFormat = "flowcoach-snapshot"
    static let journalFormat = "flowcoach-journal"
    /// The version this build writes. Older files are migrated on load by `Migrations`.
    static let currentVersion = 1

    static func encoder(sorted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
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

    /// Keyed by the version a step upgrades from. Version 1 is the first: nothing to migrate yet.
    static let snapshotSteps: [Int: Step] = [:]
    static let recordSteps: [Int: Step] = [:]

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
