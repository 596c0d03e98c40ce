#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CPU time the calling thread has used since this was made.
package struct ThreadCPUClock {
    /// Lowers the calling thread's priority (nice 10 on Linux, where it is per thread), so that a
    /// snapshot written in the background takes the cores only when the writer and the replies
    /// leave them free.
    package static func yieldToOthers() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    private let start = Self.now()

    package init() {}

    package var elapsed: Duration { Self.now() - start }

    private static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
