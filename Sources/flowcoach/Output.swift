import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes to standard output at once (unbuffered, so a pipe sees each reply as it is made).
func printNow(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// True when standard input is a terminal (then the chat shows prompts).
var inputIsTerminal: Bool { isatty(0) == 1 }
