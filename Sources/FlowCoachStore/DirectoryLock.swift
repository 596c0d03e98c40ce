import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<state dir>/LOCK`, holding the owner's pid. The kernel releases it
/// when the process dies, even by SIGKILL, so a crash never leaves a stale lock.
final class DirectoryLock {
    let path: String
    private var fd: Int32

    init(directory: String) throws(StoreError) {
        path = directory + "/LOCK"
        fd = try PosixFile.open(path, O_RDWR | O_CREAT)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw .locked(directory: directory, holderPID: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")
        }
        ftruncate(fd, 0)
        try PosixFile.write(fd, Array("\(getpid())\n".utf8), path: path)
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
