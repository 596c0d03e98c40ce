import FlowCoachCore
import FlowCoachJSON
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
        if let snapshot = try? loadInParallel(bytes) { return snapshot }
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

    /// A current snapshot from one parse, its collections decoded on every core (`ParallelStateLoad`).
    private static func loadInParallel(_ bytes: [UInt8]) throws -> Snapshot {
        var start = 0
        while start < bytes.count, bytes[start] != UInt8(ascii: "{") { start += 1 }
        let top = try FastJSONDecoder.members(in: bytes, objectAt: start)
        guard let state = top.last(where: { $0.key == "state" }) else { throw FastJSONDecoder.Malformed() }
        // Everything but the state, a few dozen bytes, read as an object of its own.
        let rest = top.filter { $0.key != "state" }.map { Array(bytes[$0.range]) }
        let header = try FastJSONDecoder.decode(Header.self, from: Array("{".utf8) + Array(rest.joined(separator: Array(",".utf8))) + Array("}".utf8))
        guard header.format == StateFormat.snapshotFormat, header.version == StateFormat.currentVersion else { throw FastJSONDecoder.Malformed() }
        let members = try FastJSONDecoder.members(in: bytes, objectAt: FastJSONDecoder.valueStart(in: bytes, member: state.range))
        let loaded = try ParallelStateLoad(bytes, stateMembers: members).run()
        return Snapshot(format: header.format, version: header.version, seq: header.seq, at: header.at, state: loaded)
    }

    /// Everything but the state.
    private struct Header: Decodable {
        var format: String
        var version: Int
        var seq: UInt64
        var at: Date
    }

    func write(_ path: String) throws(StoreError) {
        try PosixFile.replace(path, with: encodedPieces().pieces)
    }

    /// The file's bytes.
    func encoded() throws(StoreError) -> [UInt8] {
        Array(try encodedPieces().pieces.joined())
    }

    /// The file's bytes in pieces to write one after another, each collection encoded on one of
    /// a few threads (`yielding` to others: see `ThreadCPUClock.yieldToOthers`), and the CPU time
    /// those threads used besides the caller's.
    func encodedPieces(yielding: Bool = false) throws(StoreError) -> (pieces: [[UInt8]], helperCPU: Duration) {
        do {
            do {
                return try FastJSONEncoder.encodeInParts(self, splittingAt: 1, helpers: Self.encodingHelpers, yielding: yielding)
            } catch is FastJSONEncoder.Unsupported {
                return ([[UInt8](try StateFormat.encoder(sorted: true).encode(self))], .zero)
            }
        } catch {
            throw .unusable(reason: "cannot encode the state: \(error)")
        }
    }

    /// Threads that encode collections beside the caller: one per further core, up to three.
    static var encodingHelpers: Int { min(3, max(0, ProcessInfo.processInfo.activeProcessorCount - 1)) }
}
