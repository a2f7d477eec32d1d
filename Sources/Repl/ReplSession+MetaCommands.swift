import AegisAudit
import Exporters
import Foundation
import QueryLang

extension ReplSession {
    /// Carries out a meta-command (`.quit` is the caller's).
    func perform(_ command: MetaCommand) throws {
        switch command {
        case .help: say(MetaCommand.helpText)
        case .tables:
            say(ColumnList.render(catalog.tables.keys.sorted(), width: Terminal.columns() ?? 80), terminator: "")
        case .schema(let table): say(try schema(table))
        case .format(nil): say("format: \(settings.format.rawValue)")
        case .format(let name?): settings.format = ExportFormat(rawValue: name) ?? .table
        case .output(nil): settings.target = .terminal
        case .output(let path?):
            let path = Self.expandingHome(path)
            try OutputTarget.startFile(path)
            settings.target = .file(path: path)
            say("results go to \(path) (.output alone: back to the terminal)")
        case .once(let path): settings.target = .once(path: Self.expandingHome(path))
        case .timing(nil): say("timing: \(settings.timing ? "on" : "off")")
        case .timing(let on?): settings.timing = on
        case .explain(nil):
            guard let last = settings.last else { throw ReplError.usage("no statement to explain yet") }
            try explain(last)
        case .explain(let on?): settings.explainOnly = on
        case .language(let language):
            settings.language = language
            say(
                language == .sql
                    ? "SQL mode: read-only SQLite SQL, statements end with ; (.ql to go back)"
                    : "QueryLang mode (.sql for raw SQL)")
        case .status: say(try status())
        case .maxRows(nil): say("maxrows: \(settings.maxRows == 0 ? "no cap" : String(settings.maxRows))")
        case .maxRows(let count?): settings.maxRows = count
        case .quit: break
        case .timeline(let arguments): try showTimeline(arguments)
        case .hunts: try listHunts()
        case .runHunt(let id, let parameters): try runHunt(id, parameters)
        }
    }

    /// `.timeline`: the `timeline` view filtered as asked, in time order, to the current output.
    private func showTimeline(_ arguments: [String]) throws {
        guard catalog.tables["timeline"] != nil else {
            throw ReplError.usage(
                "this cache predates the timeline view: run aegis-audit timeline (or sync) once to bring it up to date")
        }
        let filter = try TimelineArguments.filter(arguments)
        var query = TimelineQuery(filter: filter)
        if let user = filter.user { query.identity = try TimelineUser.resolve(user, in: cache) }
        let compact = settings.target == .terminal && settings.format == .table
        let (sql, parameters) = query.rows(layout: compact ? .compact : .full)
        try run(
            PreparedStatement(
                text: ".timeline " + arguments.joined(separator: " "), language: .sql, sql: sql, parameters: parameters)
        )
    }

    func say(_ text: String, terminator: String) {
        let stream = Exporters.OutputStream.standardOutput()
        stream.write(text + terminator)
        try? stream.commit()
    }

    /// `.schema`: every table with its columns, or one table's columns and types.
    private func schema(_ name: String?) throws -> String {
        guard let name else {
            return catalog.tables.keys.sorted().map { table in
                "\(table): " + (catalog.tables[table]?.columns.map(\.name).joined(separator: ", ") ?? "")
            }.joined(separator: "\n")
        }
        guard let table = catalog.tables[name] else {
            let close = catalog.tables.keys.sorted().first { $0.hasPrefix(name) || name.hasPrefix($0) }
            throw ReplError.usage("no table '\(name)' in the cache" + (close.map { "; did you mean '\($0)'?" } ?? ""))
        }
        let width = table.columns.map(\.name.count).max() ?? 0
        var lines = [table.name + (table.timeColumn.map { " (time column: \($0))" } ?? "")]
        for column in table.columns {
            lines.append(
                "  " + column.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + column.type.rawValue)
        }
        return lines.joined(separator: "\n")
    }

    /// `.status`: what the cache holds, and the session's settings.
    private func status() throws -> String {
        let status = try CacheStatus.collect(from: cache)
        var lines = ["cache \(status.path) (schema v\(status.schemaVersion))"]
        for table in status.tables {
            lines.append(
                "  \(table.table) (\(table.source)): \(table.rows) rows"
                    + (table.earliest.map { ", \($0) to \(table.latest ?? "?")" } ?? ""))
        }
        if let loki = status.loki { lines.append("  loki: \(loki.entries) entries in \(loki.streams) streams") }
        for source in status.sources {
            lines.append("  last sync of \(source.source): #\(source.lastSyncID) at \(source.finishedAt)")
        }
        if status.sources.isEmpty { lines.append("  no sync yet") }
        lines.append(
            "session: \(settings.language.displayName), format \(settings.format.rawValue), output to "
                + "\(settings.target.description), maxrows \(settings.maxRows == 0 ? "no cap" : String(settings.maxRows)), "
                + "timing \(settings.timing ? "on" : "off"), explain \(settings.explainOnly ? "on" : "off")")
        return lines.joined(separator: "\n")
    }

    private static func expandingHome(_ path: String) -> String {
        path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst() : path
    }
}
