internal import CEditLine
import Foundation

/// Line editing on the terminal with libedit: emacs keys, history (loaded from and saved to a
/// file after every entry), Tab bound to a completion callback, and Ctrl-C bound as a key that
/// abandons the line (ISIG is off while editing, so it never becomes a signal there).
///
/// Not `Sendable`: one reader, used from the thread that runs the session.
final class LineReader {
    /// What reading a line gave.
    enum Result: Equatable {
        case line(String)
        /// Ctrl-C: the line (and any statement in progress) is abandoned.
        case cancelled
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    /// Completes at the cursor: the line and a UTF-8 offset into it.
    var complete: ((_ line: String, _ cursor: Int) -> Completion)?

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var prompt: UnsafeMutablePointer<CChar>
    private var cancelled = false

    init(programName: String, historyPath: String?) {
        editLine = el_init(programName, aegis_stdin(), aegis_stdout(), aegis_stderr())
        history = history_init()
        self.historyPath = historyPath
        prompt = strdup("> ")
        aegis_history_setsize(history, 2000)
        aegis_history_setunique(history, 1)
        if let historyPath { aegis_history_load(history, historyPath) }
        aegis_el_set_editor(editLine, "emacs")
        aegis_el_set_signal(editLine, 1)
        aegis_el_set_history(editLine, history)
        aegis_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        aegis_el_set_prompt(editLine) { editLine in
            guard let editLine, let reader = LineReader.from(editLine) else { return nil }
            return reader.prompt
        }
        aegis_el_keys_not_signals(editLine)
        aegis_el_bind_function(
            editLine, "aegis-complete", "complete the word",
            { editLine, _ in
                guard let editLine, let reader = LineReader.from(editLine) else { return UInt8(CC_ERROR) }
                return reader.completeAtCursor()
            }, "^I")
        aegis_el_bind_function(
            editLine, "aegis-cancel", "abandon the line",
            { editLine, _ in
                guard let editLine, let reader = LineReader.from(editLine) else { return UInt8(CC_ERROR) }
                reader.cancelled = true
                return UInt8(CC_NEWLINE)
            }, "^C")
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    private static func from(_ editLine: OpaquePointer) -> LineReader? {
        guard let data = aegis_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineReader>.fromOpaque(data).takeUnretainedValue()
    }

    /// Shows `prompt` and reads one line (without its newline).
    func read(prompt text: String) -> Result {
        free(prompt)
        prompt = strdup(text)
        cancelled = false
        var count: Int32 = 0
        // An empty line abandoned with Ctrl-C also comes back as NULL, like Ctrl-D.
        let line = el_gets(editLine, &count)
        if cancelled {
            fputs("^C\n", aegis_stdout())
            fflush(aegis_stdout())
            return .cancelled
        }
        guard let line else { return .endOfInput }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Adds `entry` to the history and saves the file.
    func remember(_ entry: String) {
        aegis_history_enter(history, entry)
        if let historyPath {
            aegis_history_save(history, historyPath)
            chmod(historyPath, 0o600)
        }
    }

    /// Tab: one candidate is typed in, several are narrowed to their common start or listed.
    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let complete else { return UInt8(CC_ERROR) }
        let length = info.lastchar - info.buffer
        let cursor = info.cursor - info.buffer
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: length)
        let line = String(decoding: bytes, as: UTF8.self)
        let completion = complete(line, cursor)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let prefix = completion.commonPrefix
        if completion.candidates.count == 1 || prefix.count > completion.word.count {
            el_deletestr(editLine, Int32(completion.word.unicodeScalars.count))
            el_insertstr(editLine, prefix + completion.terminator)
            return UInt8(CC_REFRESH)
        }
        fputs("\n" + ColumnList.render(completion.candidates, width: Terminal.columns() ?? 80), aegis_stdout())
        fflush(aegis_stdout())
        return UInt8(CC_REDISPLAY)
    }
}
