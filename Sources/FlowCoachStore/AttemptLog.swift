import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `attempts.log`: one line appended before each message is handled, so a message that takes
/// the process down is known at the next start. The lines are not fsynced: a process crash
/// leaves them in the page cache, and only a machine crash (which no message causes) loses them.
///
/// A line holds the event id (to tell whether the attempt was committed: the state then has the
/// id among its seen events) and the message's key, the same for a redelivered event and for
/// the same line typed again into `flowcoach chat`. Never the message's text.
final class AttemptLog {
    let path: String
    private var fd: Int32
    /// Attempts made before this process started that never reached the journal, by key.
    private(set) var unfinished: [String: Int]

    /// Reads the log, keeps only the attempts `committed` does not know, and rewrites it with those.
    init(path: String, committed: (String) -> Bool) throws(StoreError) {
        self.path = path
        var unfinished: [String: Int] = [:]
        var kept: [UInt8] = []
        let bytes = try PosixFile.read(path) ?? []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"))
            // A line cut short by a crash mid-write has no key: it cannot be matched, so it is dropped.
            guard fields.count == 2 else { continue }
            let event = String(decoding: fields[0], as: UTF8.self), key = String(decoding: fields[1], as: UTF8.self)
            guard !committed(event) else { continue }
            unfinished[key, default: 0] += 1
            kept += line + [UInt8(ascii: "\n")]
        }
        self.unfinished = unfinished
        try PosixFile.replace(path, with: kept)
        fd = try PosixFile.open(path, O_WRONLY | O_APPEND)
    }

    /// Appends an attempt, written before the message is handled.
    func mark(event: String, key: String) throws(StoreError) {
        let safeEvent = event.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        try PosixFile.write(fd, Array("\(safeEvent)\t\(key)\n".utf8), path: path)
    }

    /// Forgets the earlier attempts of `key` once its message was committed (handled or skipped).
    func settle(_ key: String) {
        unfinished[key] = nil
    }

    /// Starts the log afresh with only what is still unfinished (after a snapshot).
    func compact() throws(StoreError) {
        var kept: [UInt8] = []
        for (key, count) in unfinished.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<count { kept += Array("unfinished\t\(key)\n".utf8) }
        }
        close()
        try PosixFile.replace(path, with: kept)
        fd = try PosixFile.open(path, O_WRONLY | O_APPEND)
    }

    func close() {
        if fd >= 0 { PosixFile.close(fd) }
        fd = -1
    }

    deinit { close() }

    /// The key of a message: who, where and a hash of what (FNV-1a, 64 bits), so the text itself
    /// never reaches the disk here.
    static func key(sender: String, room: String, text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sender.utf8 + [0] + room.utf8 + [0] + text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
