import Foundation

/// Runs a program the way a login shell would start it: no signal blocked, the usual signals
/// at their default action, no descriptor but 0, 1 and 2.
///
/// Tests run on threads that block most signals, and a child inherits that mask. A tmux
/// server started so would never see SIGCHLD (its panes never die) nor SIGTERM (kill-server
/// does nothing), and the REPL in it would ignore SIGINT and SIGHUP. Foundation's `Process`
/// cannot reset the mask, so this uses posix_spawn, through a shell that closes inherited
/// descriptors (one of them is the socket `Process` watches to learn that its child exited).
enum CleanSpawn {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static func run(_ program: String, _ arguments: [String]) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.path
        let stamp = "\(getpid())-\(UUID().uuidString)"
        let outputPath = "\(folder)/aegis-spawn-\(stamp).out"
        let errorPath = "\(folder)/aegis-spawn-\(stamp).err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let closeAndRun =
            #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
        let argv = (["/bin/bash", "-c", closeAndRun, program] + arguments).map { strdup($0) }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv + [nil], envp + [nil])
        guard rc == 0 else { throw TmuxError(message: "posix_spawn: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return Result(
            status: exited ? (status >> 8) & 0xFF : -1,
            output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            error: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
