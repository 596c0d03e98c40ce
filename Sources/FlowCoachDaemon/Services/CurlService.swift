import FlowCoachHTTP
import ServiceLifecycle

/// Owns the process's curl loop: started first, stopped last, so every other service can make
/// HTTP calls until it is done.
struct CurlService: Service {
    let loop: CurlLoop

    func run() async throws {
        try? await gracefulShutdown()
        loop.shutdown()
    }
}
