import Foundation

/// Control words: they work at any moment, even while a question waits for its answer.
extension Command {
    static let control: [Command] = [
        Command(words: [["help"], ["menu"]], arguments: .none, scope: .always, section: .coaching, help: "help_help") { session, call in
            session.help(section: nil, call)
        },
        Command(words: [["help"]], arguments: .section, scope: .always, section: nil, help: "help_help") { session, call in
            session.help(section: Section(rawValue: call.argument()), call)
        },
        Command(words: [["cancel"], ["stop"], ["quit"], ["exit"], ["cancel", "dialog"], ["cancel", "that"], ["stop", "this"],
                        ["stop", "that"], ["nevermind"], ["never", "mind"], ["nvm"], ["forget", "it"]], arguments: .none, scope: .always, declines: true,
                section: .coaching, help: "help_cancel") { session, call in
            session.cancel(call)
        },
        Command(words: [["skip"], ["later"], ["wait"], ["pause"], ["hold", "on"], ["not", "now"], ["brb"]], arguments: .none, scope: .always, declines: true, section: .coaching,
                help: "help_later") { session, call in
            session.later(call)
        },
        Command(words: [["back"], ["go", "back"], ["undo"], ["previous", "question"], ["oops"], ["wrong", "answer"], ["oops", "wrong", "answer"]], arguments: .none, scope: .always, section: .coaching, help: "help_back") { session, call in
            guard let active = call.active, let dialog = session.content.dialog(active.dialogID) else {
                return session.say("nothing_to_resume")
            }
            session.goBack(active, in: dialog, for: call.person)
        },
        Command(words: [["resume"], ["where", "were", "we"]], arguments: .none, scope: .always, section: nil, help: "help_back") { session, call in
            session.resumeActive(call)
        },
    ]
}

extension Session {
    /// `help` lists the dialogs and the sections; `help <section>` lists a section's commands.
    mutating func help(section: Command.Section?, _ call: Invocation) {
        let admin = isAdmin(call.person)
        if let section {
            let rows = Commands.table.filter { $0.section == section && ($0.section != .admin || admin) }
            let lines = Set(rows.map(\.help)).sorted { a, b in
                rows.firstIndex { $0.help == a }! < rows.firstIndex { $0.help == b }!
            }
            say("help_section", ["section": message("help_section_\(section.rawValue)"),
                                 "commands": lines.map { "• " + message($0) }.joined(separator: "\n")])
        } else {
            let sections = Command.Section.allCases.filter { $0 != .admin || admin }
            say(content.messages.help, ["sections": sections.map { "• " + message("help_section_\($0.rawValue)") + ": \"help \($0.rawValue)\"" }
                .joined(separator: "\n")], for: call.person)
        }
        if let active = call.active, let dialog = content.dialog(active.dialogID) {
            say("help_pending", ["dialog": dialog.title])
        }
    }

    /// `cancel`: drops what is waiting for an answer, or else the open dialog.
    mutating func cancel(_ call: Invocation) {
        if let awaiting = profile(call.person).awaiting {
            drop(awaiting, for: call.person)
        } else if let active = call.active {
            close(active, completed: false)
            say(content.messages.cancelled, ["dialog": content.dialog(active.dialogID)?.title ?? active.dialogID], for: call.person)
        } else {
            say(content.messages.nothingToCancel, for: call.person)
        }
    }

    /// `later` / `skip`: skips what a nudge asked, or puts the open dialog aside for `resume`.
    mutating func later(_ call: Invocation) {
        if let awaiting = profile(call.person).awaiting {
            drop(awaiting, for: call.person)
        } else if var active = call.active {
            active.slots[Self.paused] = "1"
            draft.put(active)
            say("dialog_paused", ["dialog": content.dialog(active.dialogID)?.title ?? active.dialogID])
        } else {
            say(content.messages.nothingToCancel, for: call.person)
        }
    }

    /// `resume`: asks the open dialog's question again.
    mutating func resumeActive(_ call: Invocation) {
        guard var active = call.active, let dialog = content.dialog(active.dialogID),
              let step = dialog.step(active.stepID) ?? confidenceStep(active) else {
            return say("nothing_to_resume")
        }
        active.slots[Self.paused] = nil
        active.updatedAt = now
        draft.put(active)
        resume(dialog, at: step, conversation: active, for: call.person)
    }
}
