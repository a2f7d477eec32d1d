import Foundation
import TestSupport

/// A terminal for end-to-end tests: one tmux server on a socket of its own (`tmux -L`), one
/// window of a fixed size running a command; keys go in with `send-keys`, the screen comes
/// back with `capture-pane`. Waits poll the screen with a deadline instead of sleeping.
final class TmuxSession {
    static let tmux = "/usr/bin/tmux"
    let socket: String
    private var running = false

    /// Starts `command` (argv) in a new 120×40 window with `environment` added. A shell around
    /// it prints `[exited with N]` when it ends (then waits), so that
    /// tests read its exit status on the screen.
    init(_ command: [String], environment: [String: String] = [:]) throws {
        socket = "aegis-repl-\(getpid())-\(UUID().uuidString.prefix(8))"
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let wrapper =
            ["/bin/sh", "-c", #""$@"; echo "[exited with $?]"; exec sleep 600"#, "sh", "env"] + assignments + command
        try tmux([
            "-u", "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
            wrapper.map(Self.quote).joined(separator: " "),
        ])
        running = true
    }

    deinit { stop() }

    /// Ends the tmux server and the programs in it: kill-server, then SIGKILL for any of them
    /// still there.
    func stop() {
        guard running else { return }
        running = false
        let server = (try? tmux(["display-message", "-p", "#{pid}"])).flatMap { Int32($0.trimmingSpaces()) }
        let panes = ((try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"])) ?? "")
            .split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        _ = try? tmux(["kill-server"])
        usleep(100_000)
        for pid in panes + (server.map { [$0] } ?? []) where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
    }

    /// Types `text` literally (no key names). A final `;` is sent escaped, since tmux reads it
    /// as a command separator.
    func type(_ text: String) throws {
        var text = text
        let semicolon = text.hasSuffix(";")
        if semicolon { text.removeLast() }
        if !text.isEmpty { try tmux(["send-keys", "-t", "t", "-l", text]) }
        if semicolon { try tmux(["send-keys", "-t", "t", "\\;"]) }
    }

    /// Presses keys by tmux name: `Enter`, `Tab`, `C-c`, `C-d`, `Up`.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// Types `text`, then Enter.
    func enter(_ text: String) throws {
        try type(text)
        try press("Enter")
    }

    /// The visible screen, with trailing spaces and blank lines dropped (so wait for `aql>`,
    /// not `aql> `).
    func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p", "-t", "t"])
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            .reversed().drop { $0.isEmpty }.reversed().joined(separator: "\n")
    }

    /// Waits until `condition` holds for the screen; returns that screen, or throws with the
    /// last screen after `timeout` seconds.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 15, _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(50_000)
        }
        throw TmuxError(message: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) throws -> String {
        try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the screen contains `text` `count` times.
    @discardableResult
    func waitFor(_ text: String, count: Int, timeout: Double = 15) throws -> String {
        try waitFor("\(count)× '\(text)'", timeout: timeout) { $0.components(separatedBy: text).count - 1 >= count }
    }

    /// Waits until the program has exited; returns its exit status.
    func waitForExit(timeout: Double = 15) throws -> Int {
        let screen = try waitFor("[exited with ", timeout: timeout)
        let tail = screen.components(separatedBy: "[exited with ").last ?? ""
        return Int(tail.prefix { $0.isNumber }) ?? -1
    }

    /// Runs tmux with a clean signal mask and no inherited descriptor (see ``CleanSpawn``).
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try CleanSpawn.run(Self.tmux, ["-L", socket] + arguments)
        guard result.status == 0 else {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(result.error)")
        }
        return result.output
    }

    private static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension String {
    fileprivate func trimmingSpaces() -> String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
