import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `read(2)` and `kill(2)`, reached from `ChatProcess`, whose own `read` and `kill` hide them.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemKill(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }

/// Runs the built `flowcoach` binary as a person would, through pipes.
final class ChatProcess {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `flowcoach` executable next to the test bundle (SwiftPM builds it for this test target).
    static var binary: String {
        let candidates = [
            (ProcessInfo.processInfo.arguments[0] as NSString).deletingLastPathComponent,
            Bundle.main.bundlePath,
            repoRoot + "/.build/debug",
        ]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir + "/flowcoach") {
            return dir + "/flowcoach"
        }
        return repoRoot + "/.build/debug/flowcoach"
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffer = Data()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Runs to completion with `stdin` as input; returns exit code, stdout and stderr.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let chat = try ChatProcess(arguments, environment: environment)
        chat.input.fileHandleForWriting.write(Data(stdin.utf8))
        try chat.input.fileHandleForWriting.close()
        let out = chat.output.fileHandleForReading.readDataToEndOfFile()
        let err = chat.errors.fileHandleForReading.readDataToEndOfFile()
        chat.process.waitUntilExit()
        return (chat.process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Reads output until it contains `marker` (then returns everything read so far and clears
    /// it), or until `timeout` seconds pass (then returns what there is).
    func read(until marker: String, timeout: Double = 20) -> String {
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while !String(decoding: buffer, as: UTF8.self).contains(marker), Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = systemRead(fd, &chunk, chunk.count)
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
        }
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }

    func kill() {
        _ = systemKill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
