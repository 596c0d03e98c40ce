import FlowCoachCore
import FlowCoachPlatforms
import FlowCoachStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The listener (`listener:` in the configuration; loopback by default, behind a TLS reverse
/// proxy in production): `GET /healthz`, 200 while the platform connection is up, 503 otherwise;
/// `GET /metrics` in Prometheus text format; and each push platform's webhook endpoints.
enum ListenerService {
    static func application(
        host: String, port: Int, health: HealthState, runtime: Runtime, webhooks: [WebhookEndpoint] = [],
        outbox: AsyncStream<Outbound>.Continuation? = nil, logger: Logger
    ) -> some Service {
        Application(
            router: router(health: health, runtime: runtime, webhooks: webhooks, outbox: outbox, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "flowcoach"), logger: logger)
    }

    /// The routes, apart from the server that listens, so tests can call them in-process.
    static func router(
        health: HealthState, runtime: Runtime, webhooks: [WebhookEndpoint] = [], outbox: AsyncStream<Outbound>.Continuation? = nil,
        logger: Logger = Logger(label: "flowcoach")
    ) -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
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
        for endpoint in webhooks {
            router.on(RouterPath(endpoint.path), method: HTTPRequest.Method(endpoint.method) ?? .post) { request, context -> Response in
                await receive(request, context: context, endpoint: endpoint, runtime: runtime, outbox: outbox, logger: logger)
            }
        }
        return router
    }

    /// Verifies, journals, then acknowledges: a platform that gets no 2xx retries, and the
    /// retry is a no-op by event id once the first attempt was committed.
    static func receive(
        _ request: Request, context: BasicRequestContext, endpoint: WebhookEndpoint, runtime: Runtime,
        outbox: AsyncStream<Outbound>.Continuation?, logger: Logger
    ) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: endpoint.maxBodyBytes)
        } catch {
            runtime.metrics.webhook(endpoint.platform, "too_large")
            return response(.error(413, "request body too large"))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        var parameters: [String: String] = [:]
        for (key, value) in context.parameters { parameters[String(key)] = String(value) }
        let webhook = WebhookRequest(
            method: request.method.rawValue, path: request.uri.path, parameters: parameters, query: query, headers: headers,
            body: Array(body.readableBytesView))
        switch await endpoint.handle(webhook, Date()) {
        case .refuse(let reply, let reason):
            runtime.metrics.webhook(endpoint.platform, reason)
            logger.notice("webhook refused", metadata: ["platform": "\(endpoint.platform)", "reason": "\(reason)"])
            return response(reply)
        case .unavailable(let reason):
            runtime.metrics.webhook(endpoint.platform, "unavailable")
            logger.warning("webhook not handled now; the platform will retry", metadata: ["platform": "\(endpoint.platform)", "reason": "\(reason)"])
            return response(.error(503, "try again"))
        case .answer(let reply):
            runtime.metrics.webhook(endpoint.platform, "answered")
            return response(reply)
        case .deliver(let messages, let ack):
            do {
                let replies = try await runtime.handle(batch: messages, cursor: nil)
                for reply in replies { outbox?.yield(reply) }
                runtime.metrics.webhook(endpoint.platform, "accepted")
                return response(ack)
            } catch {
                // Not journalled: no 2xx, so the platform sends it again.
                runtime.metrics.webhook(endpoint.platform, "store")
                logger.error("webhook not journalled; the platform will retry", metadata: ["platform": "\(endpoint.platform)", "error": "\(error)"])
                return response(.error(503, "try again"))
            }
        }
    }

    static func response(_ reply: WebhookReply) -> Response {
        Response(
            status: HTTPResponse.Status(code: reply.status), headers: [.contentType: reply.contentType],
            body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
