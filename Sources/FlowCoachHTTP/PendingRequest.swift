import Synchronization

/// The caller's side of one request: holds its continuation so that exactly one of completion,
/// cancellation or shutdown resumes it, whichever thread gets there first.
final class PendingRequest: Sendable {
    typealias Continuation = CheckedContinuation<ClientResponse, any Error>

    private enum Phase {
        case new
        case waiting(Continuation)
        case done
    }

    private struct Guarded {
        var phase = Phase.new
        var cancelRequested = false
    }

    private let guarded = Mutex(Guarded())

    /// Stores the continuation; false when the request was already cancelled (resume it yourself).
    func attach(_ continuation: Continuation) -> Bool {
        guarded.withLock { state in
            guard !state.cancelRequested, case .new = state.phase else { return false }
            state.phase = .waiting(continuation)
            return true
        }
    }

    /// Marks the request cancelled; true when it is in flight (the loop must stop it).
    func requestCancel() -> Bool {
        guarded.withLock { state in
            state.cancelRequested = true
            if case .waiting = state.phase { return true }
            return false
        }
    }

    var isCancelRequested: Bool { guarded.withLock { $0.cancelRequested } }

    /// Resumes the caller once; later calls do nothing.
    func finish(_ result: Result<ClientResponse, HTTPClientError>) {
        let continuation: Continuation? = guarded.withLock { state in
            guard case .waiting(let continuation) = state.phase else { return nil }
            state.phase = .done
            return continuation
        }
        continuation?.resume(with: result.mapError { $0 as any Error })
    }
}
