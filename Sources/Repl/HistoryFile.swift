import AegisSources
import Foundation

/// Where the REPL keeps its history, and what it may keep there.
///
/// The file is `$XDG_STATE_HOME/aegis-audit/history` (by default
/// `~/.local/state/aegis-audit/history`), mode 0600 in a folder of mode 0700. A statement that
/// carries something secret-looking (`password=...`, `scheme://user:pass@`) is never stored.
public enum HistoryFile {
    /// The history path for `environment`, or nil when there is no home to keep it in. A
    /// relative `XDG_STATE_HOME` is ignored, as the XDG specification asks.
    public static func path(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/aegis-audit/history"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/state/aegis-audit/history"
    }

    /// Creates the folder (0700) and the file (0600) if missing, and narrows an existing
    /// file's mode to 0600.
    public static func prepare(path: String) throws(ReplError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .file("history \(folder): cannot create the folder: \(error.localizedDescription)")
        }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .file("history \(path): cannot create: \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Whether `entry` may be written to the history: nothing in it looks like a secret.
    public static func mayStore(_ entry: String, redactor: SecretRedactor = SecretRedactor()) -> Bool {
        redactor.redact(entry) == entry
    }
}
