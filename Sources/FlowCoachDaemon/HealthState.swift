import Foundation
import Synchronization

/// What `/healthz` reports, updated by the platform loop.
public final class HealthState: Sendable {
    struct Snapshot {
        var connected = false
        var lastSync: Date?
        var lastError: String?
    }

    private let state = Mutex(Snapshot())

    public init() {}

    func connected(at date: Date) {
        state.withLock {
            $0.connected = true
            $0.lastSync = date
            $0.lastError = nil
        }
    }

    func disconnected(_ error: String) {
        state.withLock {
            $0.connected = false
            $0.lastError = error
        }
    }

    /// The HTTP status and JSON body for `/healthz`.
    func report(sequence: UInt64) -> (ok: Bool, json: String) {
        state.withLock { snapshot in
            var object: [String: Any] = ["status": snapshot.connected ? "ok" : "degraded", "connected": snapshot.connected, "journal_seq": sequence]
            if let lastSync = snapshot.lastSync { object["last_sync"] = ISO8601DateFormatter().string(from: lastSync) }
            if let lastError = snapshot.lastError { object["last_error"] = lastError }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return (snapshot.connected, String(decoding: data, as: UTF8.self))
        }
    }
}
