import AegisAudit
import QueryLang

/// Everything that can stop `aegis-audit hunt` before or while it runs: a hunt file that does
/// not read, an unknown hunt or parameter, a hunt whose query does not compile on this cache.
public enum HuntError: Error, CustomStringConvertible, Sendable {
    /// A hunt file, with where in it (line 0 when the whole file is concerned).
    case file(path: String, line: Int, column: Int, message: String)
    /// No hunt with this id in the library.
    case unknownHunt(id: String, known: [String])
    /// A `--param`, `--since`, `--until` or context value that cannot be used.
    case parameter(String)
    /// A hunt's query does not compile against this cache.
    case query(hunt: String, QueryDiagnostics)
    /// A hunt's query failed while it ran.
    case run(hunt: String, message: String)
    /// No hunt directory was found.
    case noLibrary(searched: [String])
    /// The findings could not be recorded in the cache.
    case store(String)

    public var description: String {
        switch self {
        case .file(let path, let line, let column, let message):
            return line == 0 ? "hunt \(path): \(message)" : "hunt \(path):\(line):\(column): \(message)"
        case .unknownHunt(let id, let known):
            return "no hunt '\(id)' (hunts: \(known.joined(separator: ", ")))"
        case .parameter(let message): return message
        case .query(let hunt, let diagnostics): return "hunt \(hunt): \(diagnostics.rendered)"
        case .run(let hunt, let message): return "hunt \(hunt): \(message)"
        case .noLibrary(let searched):
            return "no hunt files found (looked in \(searched.joined(separator: ", "))); give --queries DIR"
        case .store(let reason):
            return "cannot record the findings in the cache: \(reason) (--no-store runs the hunts without recording)"
        }
    }

    /// The same problem reported by the config parser, as a hunt file error.
    init(_ error: ConfigError) {
        self = .file(path: error.path, line: error.line, column: error.column, message: error.message)
    }
}
