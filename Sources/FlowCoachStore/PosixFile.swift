import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The system calls `PosixFile` wraps, reached from outside it: inside it, its own `open`, `write`
// and `close` hide them, and a module-qualified name (`Glibc.open`) would not compile on macOS.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// Thin wrappers over the POSIX calls the store needs, each turning failure into a `StoreError`.
/// The same code builds on Linux (Glibc) and macOS (Darwin).
enum PosixFile {
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(StoreError) -> Int32 {
        let fd = systemOpen(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        return fd
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Closes a descriptor. Nothing is lost if that fails: whatever must be on disk was fsynced first.
    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    /// Flushes a file (or a directory's entries) to the disk. On macOS `fsync` only hands the data
    /// to the drive, which may hold it in its cache; `F_FULLFSYNC` asks the drive to write it, and
    /// `fsync` remains for file systems that refuse that (as SQLite does).
    static func sync(_ fd: Int32, path: String) throws(StoreError) {
        #if canImport(Darwin)
        if fcntl(fd, F_FULLFSYNC) == 0 { return }
        #endif
        guard fsync(fd) == 0 else { throw .fsyncFailed(path: path, errno: errno) }
    }

    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: path)
    }

    /// Replaces `path` with `bytes` so that a crash leaves either the old or the new file:
    /// write a temp file, fsync it, rename it over, fsync the directory.
    static func replace(_ path: String, with bytes: [UInt8]) throws(StoreError) {
        let temp = path + ".tmp"
        let fd = try open(temp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try write(fd, bytes, path: temp)
            try sync(fd, path: temp)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw .io(operation: "rename", path: temp, errno: errno) }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// Writes `bytes` to a new file at `path` (replacing one there) and fsyncs it.
    static func write(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        let fd = try open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        try write(fd, bytes, path: path)
        try sync(fd, path: path)
    }

    /// The bytes of `path` from `offset` to its end (or to `end`).
    static func read(_ path: String, from offset: Int, upTo end: Int = .max) throws(StoreError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        while position < end {
            let wanted = Swift.min(chunk.count, end - position)
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, wanted, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            position += count
        }
        return bytes
    }

    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(operation: "read", path: path, errno: errno)
        }
        return [UInt8](data)
    }
}

/// Which file a path or descriptor names (device and inode): equal values are the same file.
struct FileIdentity: Equatable {
    let device: UInt64, inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(truncatingIfNeeded: info.st_dev)  // dev_t is signed on macOS
        inode = UInt64(info.st_ino)
    }

    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        device = UInt64(truncatingIfNeeded: info.st_dev)  // dev_t is signed on macOS
        inode = UInt64(info.st_ino)
    }
}
