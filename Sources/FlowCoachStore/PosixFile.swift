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
        try replace(path, with: [bytes])
    }

    /// Replaces `path` with `pieces` written one after another, as `replace(_:with:)` does.
    static func replace(_ path: String, with pieces: [[UInt8]]) throws(StoreError) {
        let temp = path + ".tmp"
        try write(temp, pieces)
        guard rename(temp, path) == 0 else { throw .io(operation: "rename", path: temp, errno: errno) }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// Writes `bytes` to a new file at `path` (replacing one there) and fsyncs it.
    static func write(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        try write(path, [bytes])
    }

    /// Writes `pieces` one after another to a new file at `path` (replacing one there) and fsyncs
    /// it. A large file (a snapshot) goes around the page cache where the system allows
    /// (`writeDirect`).
    static func write(_ path: String, _ pieces: [[UInt8]]) throws(StoreError) {
        let total = pieces.reduce(0) { $0 + $1.count }
        if total >= directWriteThreshold, try writeDirect(path, pieces, total: total) { return }
        let fd = try open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        for piece in pieces { try write(fd, piece, path: path) }
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

    /// The whole file, or nil when there is none: read straight into an array of its size (a
    /// snapshot is hundreds of megabytes; going through `Data` copied it twice).
    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = pread(fd, buffer.baseAddress! + count, size - count, off_t(count))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }  // It has shrunk meanwhile: what there is.
                count += got
            }
        }
        if failure != 0 { throw .io(operation: "read", path: path, errno: failure) }
        // It may have grown meanwhile: the rest too.
        if bytes.count == size { bytes += try read(path, from: size) }
        return bytes
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

// MARK: - Direct writes

extension PosixFile {
    /// From this size on, a file is written around the page cache.
    static let directWriteThreshold = 4 << 20
    /// How much is handed to the disk at a time.
    private static let directChunk = 4 << 20
    /// The alignment direct I/O needs of buffers, lengths and offsets (a page covers every block size).
    private static let directAlignment = 4096

    /// `O_DIRECT`, which Glibc's module leaves out (it needs `_GNU_SOURCE`); nil where unknown.
    private static var directFlag: Int32? {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
        #endif
    }

    /// Writes `pieces` with `O_DIRECT`, through an aligned buffer, padding the last block and
    /// cutting the file to `total`; then fsyncs it. Copying a snapshot into the page cache cost
    /// about a fifth of its CPU time, and the cache's writeback of it during the final fsync held
    /// up the journal's fsyncs (replies) for up to 100 ms. False, with nothing written, where the
    /// file system does not do direct I/O.
    static func writeDirect(_ path: String, _ pieces: [[UInt8]], total: Int) throws(StoreError) -> Bool {
        guard let directFlag else { return false }
        let fd = systemOpen(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | directFlag, 0o600)
        guard fd >= 0 else {
            if errno == EINVAL { return false }
            throw .io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, directAlignment, directChunk) == 0, let buffer = memory else { return false }
        defer { free(buffer) }
        var filled = 0, written = 0
        /// Writes the buffer's first `count` bytes (whole blocks); false if direct I/O is refused.
        func flush(_ count: Int) throws(StoreError) -> Bool {
            var done = 0
            while done < count {
                let result = pwrite(fd, buffer + done, count - done, off_t(written + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    if errno == EINVAL, written + done == 0 { return false }
                    throw .io(operation: "write", path: path, errno: errno)
                }
                done += result
            }
            written += count
            filled = 0
            return true
        }
        for piece in pieces {
            var copied = 0
            while copied < piece.count {
                let count = min(directChunk - filled, piece.count - copied)
                piece.withUnsafeBytes { bytes in (buffer + filled).copyMemory(from: bytes.baseAddress! + copied, byteCount: count) }
                filled += count
                copied += count
                if filled == directChunk, try !flush(filled) { return false }
            }
        }
        let padded = (filled + directAlignment - 1) / directAlignment * directAlignment
        (buffer + filled).initializeMemory(as: UInt8.self, repeating: 0, count: padded - filled)
        guard try flush(padded) else { return false }
        guard ftruncate(fd, off_t(total)) == 0 else { throw .io(operation: "truncate", path: path, errno: errno) }
        try sync(fd, path: path)
        return true
    }
}
