import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// The signature libFuzzer calls once per input: `LLVMFuzzerTestOneInput(data, size)`.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// The `main` every fuzz target shares. Built with `-DFUZZING` (and `-sanitize=fuzzer`), it hands
/// the command line to libFuzzer; otherwise it replays the files and directories named on the
/// command line through the same test, so a plain build keeps the targets compiling and can
/// reproduce a crash without sanitizers.
public enum FuzzMain {
    public static func run(_ test: FuzzTest) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
        #else
        exit(replay(Array(CommandLine.arguments.dropFirst()), test))
        #endif
    }

    /// Runs `test` on each file named, and on every file inside each directory named; returns the exit status.
    static func replay(_ paths: [String], _ test: FuzzTest) -> Int32 {
        guard !paths.isEmpty else {
            let name = (CommandLine.arguments.first ?? "fuzz-target").split(separator: "/").last.map(String.init) ?? "fuzz-target"
            print("usage: \(name) FILE_OR_DIRECTORY...  (replays inputs; scripts/fuzz.sh builds the libFuzzer version)")
            return 2
        }
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                print("no such file or directory: \(path)")
                return 2
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().map { path + "/" + $0 }.filter { !FileManager.default.isDirectory($0) }
            } else {
                files.append(path)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("cannot read \(file)")
                return 1
            }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { test($0.baseAddress, $0.count) }
        }
        print("replayed \(files.count) input(s) without a crash")
        return 0
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
