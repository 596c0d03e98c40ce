import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `<state dir>/inbox/`: what another process hands the one that owns the state directory (an
/// import made while the daemon runs), so there is still one writer. A file is written under a
/// temporary name, fsynced and renamed, so the owner never reads half of one; the owner commits
/// each, then deletes it, and moves one it cannot use to `inbox/failed/` with the reason beside it.
public enum StateInbox {
    /// One waiting file.
    public struct Item: Sendable, Equatable {
        public var path: String
        /// `assessments-20261123T120000Z-4242.json`.
        public var name: String
        /// What it holds: the part of the name before the first `-` (`assessments`).
        public var kind: String
    }

    public static func directory(of state: String) -> String { state + "/inbox" }

    /// Drops `bytes` into the inbox as `<kind>-<UTC time>-<pid>.json`, atomically; returns its path.
    public static func drop(_ bytes: [UInt8], kind: String, in state: String, at date: Date) throws(StoreError) -> String {
        let directory = directory(of: state)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: directory, errno: errno)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var path = "\(directory)/\(kind)-\(formatter.string(from: date))-\(getpid()).json"
        var attempt = 1
        while FileManager.default.fileExists(atPath: path) {
            attempt += 1
            path = "\(directory)/\(kind)-\(formatter.string(from: date))-\(getpid())-\(attempt).json"
        }
        try PosixFile.replace(path, with: bytes)
        return path
    }

    /// The files waiting in `state`'s inbox, oldest first (their names start with the time).
    public static func pending(in state: String) -> [Item] {
        let directory = directory(of: state)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            Item(path: "\(directory)/\(name)", name: name, kind: String(name.prefix { $0 != "-" }))
        }
    }

    public static func read(_ item: Item) throws(StoreError) -> [UInt8] {
        guard let bytes = try PosixFile.read(item.path) else { throw .io(operation: "read", path: item.path, errno: ENOENT) }
        return bytes
    }

    /// Deletes a file once what it held is committed.
    public static func remove(_ item: Item) throws(StoreError) {
        guard unlink(item.path) == 0 || errno == ENOENT else { throw .io(operation: "delete", path: item.path, errno: errno) }
    }

    /// Moves a file that cannot be used to `inbox/failed/`, with `<name>.reason` beside it; returns where it went.
    public static func setAside(_ item: Item, reason: String) throws(StoreError) -> String {
        let failed = (item.path as NSString).deletingLastPathComponent + "/failed"
        do {
            try FileManager.default.createDirectory(atPath: failed, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: failed, errno: errno)
        }
        let target = "\(failed)/\(item.name)"
        guard rename(item.path, target) == 0 else { throw .io(operation: "rename", path: item.path, errno: errno) }
        try? PosixFile.replace(target + ".reason", with: Array((reason + "\n").utf8))
        return target
    }
}
