/// A REPL meta-command: one line starting with `.`.
public enum MetaCommand: Equatable, Sendable {
    case help
    case tables
    case schema(table: String?)
    /// nil shows the current format.
    case format(String?)
    /// Results go to this file from now on; nil goes back to the terminal.
    case output(path: String?)
    /// The next result goes to this file.
    case once(path: String)
    /// nil shows the current setting.
    case timing(Bool?)
    /// `.explain`: the last statement's SQL and plan; `.explain on|off`: explain instead of running.
    case explain(Bool?)
    case language(ReplLanguage)
    case status
    /// nil shows the current cap; 0 means no cap.
    case maxRows(Int?)
    case quit
    /// `.timeline ip 198.51.100.250 since 2026-11-18`: the timeline of a user, address or
    /// namespace (arguments as typed, read by ``TimelineArguments``).
    case timeline([String])
    /// `.hunts`: the hunts of the hunt library, like `aegis-audit hunt --list`.
    case hunts
    /// `.run login-new-ip lookback=7d`: runs one hunt on the session's cache and shows its
    /// findings (not stored); `name=value` sets a parameter, `since=`/`until=` the window.
    case runHunt(id: String, parameters: [String])

    /// Every meta-command, as typed.
    public static let names = [
        ".explain", ".format", ".help", ".hunts", ".maxrows", ".once", ".output", ".ql", ".quit", ".exit", ".run",
        ".schema", ".sql", ".status", ".tables", ".timeline", ".timing",
    ]

    static let formats = ["csv", "json", "jsonl", "table"]

    /// Parses a line starting with `.`.
    public static func parse(_ line: String) throws(ReplError) -> MetaCommand {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first?.lowercased() else { throw .usage("empty meta-command") }
        let arguments = Array(words.dropFirst())
        func atMostOne(_ usage: String) throws(ReplError) -> String? {
            guard arguments.count <= 1 else { throw .usage("usage: \(usage)") }
            return arguments.first
        }
        func exactlyOne(_ usage: String) throws(ReplError) -> String {
            guard arguments.count == 1 else { throw .usage("usage: \(usage)") }
            return arguments[0]
        }
        func onOff(_ usage: String) throws(ReplError) -> Bool? {
            guard let value = try atMostOne(usage) else { return nil }
            switch value.lowercased() {
            case "on": return true
            case "off": return false
            default: throw .usage("usage: \(usage)")
            }
        }
        func none(_ command: MetaCommand) throws(ReplError) -> MetaCommand {
            guard arguments.isEmpty else { throw .usage("\(name) takes no argument") }
            return command
        }
        switch name {
        case ".help": return try none(.help)
        case ".tables": return try none(.tables)
        case ".schema": return .schema(table: try atMostOne(".schema [TABLE]"))
        case ".format":
            let value = try atMostOne(".format table|csv|json|jsonl")
            if let value, !formats.contains(value.lowercased()) {
                throw .usage("unknown format '\(value)' (use table, csv, json or jsonl)")
            }
            return .format(value?.lowercased())
        case ".output": return .output(path: try atMostOne(".output [FILE]"))
        case ".once": return .once(path: try exactlyOne(".once FILE"))
        case ".timing": return .timing(try onOff(".timing on|off"))
        case ".explain": return .explain(try onOff(".explain [on|off]"))
        case ".sql": return try none(.language(.sql))
        case ".ql": return try none(.language(.queryLang))
        case ".status": return try none(.status)
        case ".maxrows":
            guard let value = try atMostOne(".maxrows N (0 for no cap)") else { return .maxRows(nil) }
            guard let number = Int(value), number >= 0 else { throw .usage("usage: .maxrows N (0 for no cap)") }
            return .maxRows(number)
        case ".quit", ".exit", ".q": return try none(.quit)
        case ".timeline":
            guard !arguments.isEmpty else { throw .usage("usage: \(TimelineArguments.usage)") }
            return .timeline(arguments)
        case ".hunts": return try none(.hunts)
        case ".run":
            let usage = "usage: .run HUNT [name=value ...] (.hunts lists them)"
            guard let id = arguments.first else { throw .usage(usage) }
            for argument in arguments.dropFirst() {
                guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                    throw .usage("'\(argument)': write name=value; \(usage)")
                }
            }
            return .runHunt(id: id, parameters: Array(arguments.dropFirst()))
        default:
            let suggestion = names.first { $0.hasPrefix(name) }
            throw .usage("unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; try .help"))
        }
    }

    /// What `.help` prints.
    static let helpText = """
        Type a QueryLang pipeline and press Enter; a line ending with | (or an open bracket or
        quote) continues on the next line. In .sql mode, end statements with ;
          from audit_events | where event_type == "auth_login_failure" | stats count() by ip_address

        .help                     this text
        .tables                   the cache's tables
        .schema [TABLE]           columns and their types
        .format table|csv|json|jsonl
        .output [FILE]            results to FILE (mode 0600) until .output alone
        .once FILE                the next result to FILE
        .maxrows N                rows shown in a table (0: all)
        .timing on|off            show how long each statement took
        .explain [on|off]         SQL and plan of the last statement (on: explain, don't run)
        .sql / .ql                read raw read-only SQL / QueryLang
        .status                   what the cache holds and the session's settings
        .timeline ip|user|namespace VALUE [since T] [until T] [around T] [window 2h]
                                  everything that VALUE did or touched, in time order
        .hunts                    the hunts (queries/*.toml) and their parameters
        .run HUNT [name=value ...]
                                  run one hunt here and show its findings (not stored in
                                  the cache: aegis-audit hunt records them); since=T and
                                  until=T set the window, e.g. .run leak-new-ip leak_time=2026-11-18T02:00Z
        .quit                     leave (or Ctrl-D)

        Tab completes tables, columns, operators, functions and commands. Up and Down recall
        history. Ctrl-C cancels the running query, or the line being typed.
        """
}
