// Fuzzes state recovery: each input becomes `journal.jsonl` and/or `snapshot.json` in an empty
// state directory, which is then read (as reports do) and opened (as the daemon does). A
// `StoreError` is the expected answer to damaged files; a crash is a finding. A directory that
// opens must also take a commit and a snapshot, and read back as the state the store holds.
import FlowCoachCore
import FlowCoachStore
import Foundation
import FuzzSupport

/// The first byte of an input picks the files, counting from `0`, modulo 3: `0` the rest is the
/// journal (no snapshot), `1` the rest is the snapshot (no journal), `2` the rest is the snapshot
/// up to the first zero byte and the journal after it.
struct StateFiles {
    let directory = FuzzFiles.temporaryDirectory("fuzz-store")
    static let at = Date(timeIntervalSince1970: 1_795_000_000)

    func recover(mode: UInt8, _ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        clear()
        switch (mode &- UInt8(ascii: "0")) % 3 {
        case 0:
            FuzzFiles.write(bytes, to: directory + "/journal.jsonl")
        case 1:
            FuzzFiles.write(bytes, to: directory + "/snapshot.json")
        default:
            let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
            FuzzFiles.write(bytes[..<split], to: directory + "/snapshot.json")
            FuzzFiles.write(bytes[split...].dropFirst(), to: directory + "/journal.jsonl")
        }
        let read = try? StateStore.read(directory: directory)
        let store: StateStore
        do {
            store = try StateStore(directory: directory)
        } catch {
            _ = error.description
            return
        }
        // Reading skips a torn last line that opening cuts off, so the two agree.
        guard read == store.state else {
            fatalError("the directory opens, but reading it beside the daemon \(read == nil ? "fails" : "gives another state")")
        }
        do {
            try store.commit([.put(Cursor(id: "fuzz", value: "after recovery"))], at: Self.at)
            try store.snapshot(at: Self.at)
        } catch {
            fatalError("a recovered store cannot commit or take a snapshot: \(error)")
        }
        let state = store.state
        store.close()
        do {
            let again = try StateStore.read(directory: directory)
            guard again == state else { fatalError("the snapshot of a recovered state reads back different") }
        } catch {
            fatalError("the snapshot of a recovered state cannot be read: \(error)")
        }
    }

    func clear() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }
}

let files = StateFiles()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStore(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let mode = bytes.first else { return 0 }
    files.recover(mode: mode, bytes.dropFirst())
    return 0
}

@main enum Main {
    static func main() {
        _ = files
        FuzzMain.run(fuzzStore)
    }
}
