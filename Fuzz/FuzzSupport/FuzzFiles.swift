import Foundation
import Synchronization

/// Files and directories the fuzz targets share.
public enum FuzzFiles {
    /// The repository root (the directory holding `Config/flowcoach.yaml` and `Prompts/`):
    /// `$FLOWCOACH_ROOT`, else the nearest such ancestor of the executable or of the working directory.
    public static func repositoryRoot() -> String {
        if let root = ProcessInfo.processInfo.environment["FLOWCOACH_ROOT"], !root.isEmpty { return root }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().path
        for start in [executable, FileManager.default.currentDirectoryPath] {
            var directory = URL(fileURLWithPath: start)
            while directory.path != "/" {
                if FileManager.default.fileExists(atPath: directory.path + "/Config/flowcoach.yaml"),
                    FileManager.default.fileExists(atPath: directory.path + "/Prompts/messages.yaml")
                {
                    return directory.path
                }
                directory.deleteLastPathComponent()
            }
        }
        fatalError("cannot find the flowcoach repository (Config/ and Prompts/): set FLOWCOACH_ROOT")
    }

    /// A new empty directory under `$TMPDIR`, removed when the process exits normally (libFuzzer
    /// exits normally unless the input crashed it; scripts/fuzz.sh runs in a directory of its own).
    public static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "/flowcoach-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot create \(path): \(error)")
        }
        let first = temporaryDirectories.withLock { directories in
            directories.append(path)
            return directories.count == 1
        }
        if first { atexit { FuzzFiles.removeTemporaryDirectories() } }
        return path
    }

    private static let temporaryDirectories = Mutex<[String]>([])

    private static func removeTemporaryDirectories() {
        for path in temporaryDirectories.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Writes `bytes` to `path`, creating or truncating it; a failure is fatal (the harness is broken, not the code under test).
    public static func write(_ bytes: some Collection<UInt8>, to path: String) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
    }
}
