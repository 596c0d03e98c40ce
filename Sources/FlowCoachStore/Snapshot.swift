import FlowCoachCore
import Foundation

/// `snapshot.json`: the whole state at journal sequence `seq`.
struct Snapshot: Codable {
    var format = StateFormat.snapshotFormat
    var version = StateFormat.currentVersion
    var seq: UInt64
    var at: Date
    var state: State

    static func load(_ path: String) throws(StoreError) -> Snapshot? {
        guard let bytes = try PosixFile.read(path) else { return nil }
        // The common case, a current snapshot, in one fast parse; anything else takes the careful path.
        if let snapshot = try? FastJSONDecoder.decode(Snapshot.self, from: bytes),
            snapshot.format == StateFormat.snapshotFormat, snapshot.version == StateFormat.currentVersion
        {
            return snapshot
        }
        let data = Data(bytes)
        let decoder = StateFormat.decoder()
        if let snapshot = try? decoder.decode(Snapshot.self, from: data),
            snapshot.format == StateFormat.snapshotFormat, snapshot.version == StateFormat.currentVersion
        {
            return snapshot
        }
        do {
            let header = try decoder.decode(FileHeader.self, from: data)
            guard header.format == StateFormat.snapshotFormat else {
                throw StoreError.unsupportedFormat(path: path, reason: "not a flowcoach snapshot (format \(header.format))")
            }
            let current = try Migrations.upgrade(data, from: header.version, steps: Migrations.snapshotSteps, path: path)
            return try decoder.decode(Snapshot.self, from: current)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .damagedSnapshot(path: path, reason: "\(error)")
        }
    }

    func write(_ path: String) throws(StoreError) {
        try PosixFile.replace(path, with: encoded())
    }

    /// The file's bytes.
    func encoded() throws(StoreError) -> [UInt8] {
        do {
            return try StateFormat.encode(self, reserving: 1 << 20)
        } catch {
            throw .unusable(reason: "cannot encode the state: \(error)")
        }
    }
}
