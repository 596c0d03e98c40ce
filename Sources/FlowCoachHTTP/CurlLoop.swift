import CCurl
import Foundation
import Synchronization

/// Drives every HTTP request of the process on one curl multi handle owned by one thread
/// (libcurl handles must not be shared between threads). Other threads only put commands in the
/// inbox and wake the loop with `curl_multi_wakeup`, the one call that is safe from anywhere.
public final class CurlLoop: Sendable {
    private enum Command {
        case add(ClientRequest, PendingRequest)
        case cancel(PendingRequest)
    }

    private struct Inbox {
        var commands: [Command] = []
        var stopping = false
        var stopped = false
    }

    /// A multi handle pointer that may cross threads: only `curl_multi_wakeup` is called on it
    /// from other threads, under the inbox lock and never after cleanup.
    private struct MultiHandle: @unchecked Sendable {
        let raw: UnsafeMutableRawPointer
    }

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    private let inbox = Mutex(Inbox())
    private let multi: MultiHandle
    private let finished = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// Starts the loop's thread.
    public init() {
        _ = Self.globalInit
        multi = MultiHandle(raw: curl_multi_init())
        let thread = Thread { [self] in run() }
        thread.name = "flowcoach-curl"
        thread.start()
    }

    /// Performs `request`; throws `HTTPClientError` (never retries; see `HTTPClient` for that).
    public func perform(_ request: ClientRequest) async throws(HTTPClientError) -> ClientResponse {
        let pending = PendingRequest()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    guard pending.attach(continuation) else {
                        continuation.resume(throwing: HTTPClientError.cancelled)
                        return
                    }
                    if !enqueue(.add(request, pending)) { pending.finish(.failure(.shutDown)) }
                }
            } onCancel: {
                if pending.requestCancel() { _ = enqueue(.cancel(pending)) }
            }
        } catch let error as HTTPClientError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    /// Fails every request in flight with `.shutDown`, frees libcurl's handles and waits for the thread.
    public func shutdown() {
        let first = inbox.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.stopping = true
            curl_multi_wakeup(multi.raw)
            return true
        }
        if first { done.wait() }
    }

    private func enqueue(_ command: Command) -> Bool {
        inbox.withLock { state in
            guard !state.stopping else { return false }
            state.commands.append(command)
            curl_multi_wakeup(multi.raw)
            return true
        }
    }

    // MARK: the loop's thread

    private func run() {
        var active: [ObjectIdentifier: Transfer] = [:]
        var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]

        func remove(_ transfer: Transfer) {
            curl_multi_remove_handle(multi.raw, transfer.easy)
            active[ObjectIdentifier(transfer.pending)] = nil
            byHandle[transfer.easy] = nil
            transfer.release()
        }

        while true {
            let (commands, stopping) = inbox.withLock { state in
                defer { state.commands.removeAll() }
                return (state.commands, state.stopping)
            }
            if stopping {
                for transfer in Array(active.values) {
                    remove(transfer)
                    transfer.pending.finish(.failure(.shutDown))
                }
                for case .add(_, let pending) in commands { pending.finish(.failure(.shutDown)) }
                inbox.withLock { state in
                    state.stopped = true
                    curl_multi_cleanup(multi.raw)
                }
                done.signal()
                return
            }
            for command in commands {
                switch command {
                case .add(let request, let pending):
                    if pending.isCancelRequested {
                        pending.finish(.failure(.cancelled))
                        continue
                    }
                    do {
                        let transfer = try Transfer(request, pending: pending)
                        active[ObjectIdentifier(pending)] = transfer
                        byHandle[transfer.easy] = transfer
                        curl_multi_add_handle(multi.raw, transfer.easy)
                    } catch {
                        pending.finish(.failure(error))
                    }
                case .cancel(let pending):
                    if let transfer = active[ObjectIdentifier(pending)] {
                        remove(transfer)
                        pending.finish(.failure(.cancelled))
                    }
                }
            }
            var running: Int32 = 0
            curl_multi_perform(multi.raw, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi.raw, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = byHandle[easy]
                else { continue }
                let result = transfer.result(ccurl_msg_result(message))
                remove(transfer)
                transfer.pending.finish(result)
            }
            curl_multi_poll(multi.raw, nil, 0, 1000, nil)
        }
    }
}
