import CoreMetrics
import FlowCoachCore
import Foundation
import Metrics
import Synchronization
import Prometheus

/// The daemon's operational figures, recorded through swift-metrics into this process's own
/// Prometheus registry (no global bootstrap, so every runtime, e.g. in tests, has its own), and
/// rendered in Prometheus text format for `GET /metrics`.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let messagesIn: CoreMetrics.Counter
    let messagesOut: CoreMetrics.Counter
    /// From a message being handed to the coach to its reply committed.
    let replyLatency: CoreMetrics.Timer
    let journalFsync: CoreMetrics.Timer
    let outboxDepth: CoreMetrics.Gauge
    let nudgeQueueDepth: CoreMetrics.Gauge
    /// Nudge outcomes mirror the state's counters (`nudges.sent`, `nudges.deferred.cap`, ...).
    private let nudgeOutcomes = Mutex<[String: Int]>([:])

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let fine: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
                                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                .milliseconds(250), .seconds(1)]
        factory.durationHistogramBuckets["flowcoach_reply_latency_seconds"] = fine
        factory.durationHistogramBuckets["flowcoach_journal_fsync_seconds"] = fine
        self.factory = factory
        messagesIn = CoreMetrics.Counter(label: "flowcoach_messages_in_total", factory: factory)
        messagesOut = CoreMetrics.Counter(label: "flowcoach_messages_out_total", factory: factory)
        replyLatency = CoreMetrics.Timer(label: "flowcoach_reply_latency_seconds", factory: factory)
        journalFsync = CoreMetrics.Timer(label: "flowcoach_journal_fsync_seconds", factory: factory)
        outboxDepth = CoreMetrics.Gauge(label: "flowcoach_outbox_depth", factory: factory)
        nudgeQueueDepth = CoreMetrics.Gauge(label: "flowcoach_nudge_queue_depth", factory: factory)
    }

    func messageIn() { messagesIn.increment() }
    func messagesDelivered(_ count: Int) { messagesOut.increment(by: Int64(count)) }
    func reply(took duration: Duration) { replyLatency.recordNanoseconds(Self.nanoseconds(duration)) }
    func fsync(took duration: Duration) { journalFsync.recordNanoseconds(Self.nanoseconds(duration)) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// Counts an error by kind: `sync`, `send`, `send_refused`, `store`.
    public func error(_ kind: String) {
        CoreMetrics.Counter(label: "flowcoach_errors_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// Counts a request to a push endpoint by platform and outcome: `accepted`, `answered`, or why
    /// it was refused (`bad_signature`, `stale`, `bad_token`, `too_large`, `malformed`, `store`).
    public func webhook(_ platform: String, _ outcome: String) {
        CoreMetrics.Counter(label: "flowcoach_webhook_requests_total", dimensions: [("platform", platform), ("outcome", outcome)], factory: factory).increment()
    }

    /// Brings the gauges and nudge outcome counters up to the state's values.
    public func refresh(from state: State) {
        outboxDepth.record(state.outbox.count)
        nudgeQueueDepth.record(state.scheduled.count)
        nudgeOutcomes.withLock { exported in
            for counter in state.counters.values where counter.id.hasPrefix("nudges.") {
                let parts = counter.id.split(separator: ".", maxSplits: 2).map(String.init)
                let delta = counter.value - (exported[counter.id] ?? 0)
                guard delta > 0 else { continue }
                exported[counter.id] = counter.value
                var dimensions = [("outcome", parts.count > 1 ? parts[1] : "other")]
                if parts.count > 2 { dimensions.append(("reason", parts[2])) }
                CoreMetrics.Counter(label: "flowcoach_nudges_total", dimensions: dimensions, factory: factory).increment(by: delta)
            }
        }
    }

    /// The Prometheus text exposition of everything recorded.
    public func exposition() -> String { registry.emitToString() }
}
