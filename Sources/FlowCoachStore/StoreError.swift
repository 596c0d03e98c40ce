#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the state directory could not be opened or written. Each case says what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// Another process holds the state directory's lock.
    case locked(directory: String, holderPID: String)
    /// A system call failed (open, write, rename...).
    case io(operation: String, path: String, errno: Int32)
    /// fsync failed: the disk may not hold what was written. Fatal by design.
    case fsyncFailed(path: String, errno: Int32)
    /// A journal line that is not the last one is damaged; later lines hold committed events.
    case damagedJournal(path: String, line: Int, reason: String)
    /// The journal's last line is complete (it ends with a newline) but damaged: it may hold an
    /// acknowledged event, so it is not cut like a torn write.
    case damagedLastLine(path: String, line: Int, reason: String)
    /// Snapshot and journal do not belong together (one restored alone, or one missing).
    case mismatchedFiles(String)
    /// The snapshot cannot be read.
    case damagedSnapshot(path: String, reason: String)
    /// A file was written by a newer flowcoach or is not a flowcoach file.
    case unsupportedFormat(path: String, reason: String)
    /// An earlier write failed; the store refuses further writes until restarted.
    case unusable(reason: String)

    public var description: String {
        switch self {
        case .locked(let directory, let pid):
            "state directory \(directory) is in use by another flowcoach process (pid \(pid)); stop it first, or use another --state directory"
        case .io(let operation, let path, let errno):
            "\(operation) \(path) failed: \(Self.message(errno))"
        case .fsyncFailed(let path, let errno):
            "fsync of \(path) failed: \(Self.message(errno)); the disk may not hold the last change, so flowcoach stops. Check the disk, then restart"
        case .damagedJournal(let path, let line, let reason):
            "\(path):\(line): damaged journal line (\(reason)). Lines after it hold committed events, so flowcoach will not guess. Restore the state directory from a backup, or, to accept losing the events from line \(line) on, keep a copy of the file and cut it before that line"
        case .damagedLastLine(let path, let line, let reason):
            "\(path):\(line): the last journal line is complete but damaged (\(reason)). It may hold an event that was already answered, so flowcoach will not cut it. Restore the state directory from a backup, or, to accept losing that one event, keep a copy of the file and delete line \(line)"
        case .mismatchedFiles(let problem):
            problem
        case .damagedSnapshot(let path, let reason):
            "\(path): snapshot cannot be read (\(reason)). Restore it from a backup"
        case .unsupportedFormat(let path, let reason):
            "\(path): \(reason)"
        case .unusable(let reason):
            "the state store stopped after an earlier failure: \(reason)"
        }
    }

    static func message(_ errno: Int32) -> String {
        String(cString: strerror(errno))
    }
}
