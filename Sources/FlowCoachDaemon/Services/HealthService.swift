import Hummingbird
import Logging
import ServiceLifecycle

/// On a loopback port: `GET /healthz`, 200 when the platform connection is up, 503 otherwise;
/// `GET /metrics`, the operators' figures in Prometheus text format.
enum HealthService {
    static func application(host: String, port: Int, health: HealthState, runtime: Runtime, logger: Logger) -> some Service {
        Application(router: router(health: health, runtime: runtime), configuration: .init(address: .hostname(host, port: port), serverName: "flowcoach"), logger: logger)
    }

    /// The routes, apart from the server that listens, so tests can call them in-process.
    static func router(health: HealthState, runtime: Runtime) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            let (ok, json) = health.report(sequence: await runtime.sequence)
            return Response(
                status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
        }
        // Prometheus text format: messages, reply latency, errors, outbox and queue depth, nudges, fsync.
        router.get("/metrics") { _, _ -> Response in
            let text = await runtime.metricsExposition()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }
}
