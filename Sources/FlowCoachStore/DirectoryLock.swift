import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on the state directory itself and on `<state dir>/LOCK`, which holds
/// the owner's pid. The kernel releases both when the process dies, even by SIGKILL, so a crash
/// never leaves a stale lock. Deleting or replacing `LOCK` cannot let a second writer in: the
/// directory's own lock still excludes it, and after locking `LOCK` the locked file must still
/// be the one at the path, else the lock is taken again on the file that is there now.
final class DirectoryLock {
    let path: String
    private var directoryFD: Int32 = -1
    private var fd: Int32 = -1

    init(directory: String) throws(StoreError) {
        path = directory + "/LOCK"
        directoryFD = try PosixFile.open(directory, O_RDONLY | O_DIRECTORY)
        guard flock(directoryFD, LOCK_EX | LOCK_NB) == 0 else {
            release()
            throw .locked(directory: directory, holderPID: Self.holder(path))
        }
        while true {
            fd = try PosixFile.open(path, O_RDWR | O_CREAT)
            // A flowcoach from before the directory lock locks only this file.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                release()
                throw .locked(directory: directory, holderPID: Self.holder(path))
            }
            if let locked = FileIdentity(descriptor: fd), locked == FileIdentity(path) { break }
            // The file was deleted or replaced between open and flock: lock the one there now.
            PosixFile.close(fd)
        }
        ftruncate(fd, 0)
        try PosixFile.write(fd, Array("\(getpid())\n".utf8), path: path)
    }

    private static func holder(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    func release() {
        for descriptor in [fd, directoryFD] where descriptor >= 0 {
            flock(descriptor, LOCK_UN)
            PosixFile.close(descriptor)
        }
        fd = -1
        directoryFD = -1
    }

    deinit { release() }
}
