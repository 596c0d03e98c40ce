import Hummingbird
import Logging
import ServiceLifecycle

/// `GET /healthz` on a loopback port: 200 when the platform connection is up, 503 otherwise.
enum HealthService {
    static func application(host: String, port: Int, health: HealthState, runtime: Runtime, logger: Logger) -> some Service {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            let (ok, json) = health.report(sequence: await runtime.sequence)
            return Response(
                status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "flowcoach"), logger: logger)
    }
}
