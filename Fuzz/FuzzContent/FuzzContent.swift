// Fuzzes the content loader: each input becomes one file of a temporary copy of the shipped
// `Config/` and `Prompts/`, then the whole tree is loaded. A `ContentError` is the expected answer
// to a broken file; a crash is a finding (an admin's bad edit must never take the daemon down).
import FlowCoachContent
import FlowCoachCore
import Foundation
import FuzzSupport

/// The content files an input can stand in for, in a temporary copy of the shipped tree (trimmed
/// to the dialogs and knowledge items the other files refer to, for speed).
///
/// The first byte of an input picks the file: counting from `0` (so `0`...`6` replace the files
/// below and `7`...`=` add beside them), modulo twice the number of files. Below the count it
/// replaces that file, above it the rest of the input is added beside that file as a
/// new one (`zz-fuzz.<ext>`), loaded together with the shipped ones. The order is fixed:
/// `Config/flowcoach.yaml`, `Config/nudges.yaml`, `Config/programs.yaml`, `Prompts/messages.yaml`,
/// then the first shipped file (by name) of `Prompts/dialogs`, `Prompts/knowledge`, `Prompts/practice`.
struct ContentTree {
    let root: String
    let files: [String]
    var originals: [String: [UInt8]] = [:]

    init() {
        let shipped = FuzzFiles.repositoryRoot()
        let root = FuzzFiles.temporaryDirectory("fuzz-content")
        self.root = root
        for directory in ["Config", "Prompts"] {
            do {
                try FileManager.default.copyItem(atPath: shipped + "/" + directory, toPath: root + "/" + directory)
            } catch {
                fatalError("cannot copy \(shipped)/\(directory): \(error)")
            }
        }
        func first(_ directory: String, _ ext: String) -> String {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + directory)) ?? []
            guard let name = names.filter({ $0.hasSuffix("." + ext) }).sorted().first else { fatalError("no .\(ext) file in \(directory)") }
            return directory + "/" + name
        }
        files = ["Config/flowcoach.yaml", "Config/nudges.yaml", "Config/programs.yaml", "Prompts/messages.yaml",
                 first("Prompts/dialogs", "yaml"), first("Prompts/knowledge", "md"), first("Prompts/practice", "yaml")]
        for file in files {
            guard let data = FileManager.default.contents(atPath: root + "/" + file) else { fatalError("cannot read \(file)") }
            originals[file] = [UInt8](data)
        }
        Self.keepReferenced(root: root, shipped: shipped, fuzzed: files)
    }

    /// Speed: loading every dialog and indexing every knowledge item takes most of a load, and the
    /// other files refer to few of them. Keeps the fuzzed ones and those referred to (so the shipped
    /// tree still loads without errors), or all of them if that cannot be worked out.
    static func keepReferenced(root: String, shipped: String, fuzzed: [String]) {
        let kinds = [("dialog", ContentLoader.dialogsDirectory), ("knowledge item", ContentLoader.knowledgeDirectory)]
        var files: [String: String] = [:]  // "<kind> <id>" → the file defining it
        var all: [String] = []
        for (kind, directory) in kinds {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: shipped + "/" + directory)) ?? [] {
                let file = directory + "/" + name
                all.append(file)
                guard let text = try? String(contentsOfFile: shipped + "/" + file, encoding: .utf8),
                    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("id:") })
                else { continue }
                files[kind + " " + line.dropFirst(3).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))] = file
            }
        }
        func copy(_ file: String) { try? FileManager.default.copyItem(atPath: shipped + "/" + file, toPath: root + "/" + file) }
        for file in all where !fuzzed.contains(file) { try? FileManager.default.removeItem(atPath: root + "/" + file) }
        for _ in 0..<10 {
            let missing: [String]
            do {
                _ = try ContentLoader.load(root: root)
                return
            } catch {
                // "unknown dialog `reflection`", "unknown knowledge item `tip-say-no` (did you mean ...)"
                missing = error.issues.compactMap { issue in
                    let parts = issue.message.split(separator: "`", omittingEmptySubsequences: false)
                    guard issue.message.hasPrefix("unknown "), parts.count > 2 else { return nil }
                    return parts[0].dropFirst("unknown ".count).trimmingCharacters(in: .whitespaces) + " " + parts[1]
                }
            }
            let needed = missing.compactMap { files[$0] }
            guard !missing.isEmpty, needed.count == missing.count else { break }
            needed.forEach(copy)
        }
        FileHandle.standardError.write(Data("FuzzContent: cannot tell which dialogs and knowledge items are referred to; fuzzing with all of them (slower)\n".utf8))
        for file in all where !fuzzed.contains(file) { copy(file) }
    }

    /// Puts `bytes` in place as the file `selector` picks, loads the tree, and puts the file back.
    func load(selector: UInt8, _ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        let index = Int(selector &- UInt8(ascii: "0")) % (files.count * 2)
        let file = files[index % files.count]
        let path: String
        if index < files.count {
            path = root + "/" + file
        } else {
            let url = URL(fileURLWithPath: root + "/" + file)
            path = url.deletingLastPathComponent().path + "/zz-fuzz." + url.pathExtension
        }
        FuzzFiles.write(bytes, to: path)
        defer {
            if index < files.count {
                FuzzFiles.write(originals[file]!, to: path)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        do {
            let content = try ContentLoader.load(root: root)
            // A tree that loads must also give a working coach: greet, help, open the first dialog, answer it.
            let coach = Coach(content: content)
            let person = Person(id: "@ana:fuzz", displayName: "Ana")
            var state = State()
            let start = Date(timeIntervalSince1970: 1_795_000_000)
            let opener = content.dialogs.first?.triggers.commands.first ?? "help"
            for (index, text) in ["hello", "help", opener, "1", "yes", "practice", "1"].enumerated() {
                let now = start + Double(index) * 3600
                state.apply(coach.handle(.message(Inbound(eventID: "$e\(index)", sender: person, room: "!dm", text: text)), state: state, now: now).changes)
                state.apply(coach.handle(.tick, state: state, now: now + 1800).changes)
            }
            if Self.trace { print("\(file): loads; \(content.dialogs.count) dialogs, \(content.knowledge.count) knowledge items") }
        } catch {
            let description = error.description  // formatting every issue is part of what is fuzzed
            if Self.trace { print("\(file): \(error.issues.count) issue(s), the first: \(description.prefix { $0 != "\n" })") }
        }
    }

    /// `FUZZ_TRACE=1` prints whether each input loads, or its first issue.
    static let trace = ProcessInfo.processInfo.environment["FUZZ_TRACE"] != nil
}

let tree = ContentTree()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContent(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let selector = bytes.first else { return 0 }
    tree.load(selector: selector, bytes.dropFirst())
    return 0
}

@main enum Main {
    static func main() {
        _ = tree
        FuzzMain.run(fuzzContent)
    }
}
