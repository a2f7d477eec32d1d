import AegisAudit
import ArgumentParser
import Exporters
import Foundation
import Hunts
import QueryLang

/// `aegis-audit export`: a complete extract (no row cap) of a table, a query's result or stored
/// hunt findings, streamed to a file with its chain-of-custody manifest (docs/exports.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a table, a query's result or hunt findings, with a manifest for verify-export.",
        discussion: """
            Exactly one of --table, --query, --hunt or --findings. The file appears complete or not \
            at all, with FILE.manifest.json beside it (tool, command line without secrets, sources, \
            syncs, window, rows, SHA-256 of the file and of the evidence rows). --output - writes to \
            standard output, without a manifest.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .long, help: "Export this table or view of the cache (every row, in time order).")
    var table: String?

    @Option(name: .long, help: "Export the result of this QueryLang pipeline.")
    var query: String?

    @Option(name: .long, help: "Export the stored findings of this hunt (its latest run, or --run).")
    var hunt: String?

    @Flag(name: .long, help: "Export every finding of the latest hunt run (or --run).")
    var findings = false

    @Option(name: .customLong("run"), help: "With --hunt or --findings: the hunt run (an id of hunt_runs).")
    var huntRun: Int64?

    @Option(
        name: .long,
        help:
            "With --table, --hunt or --findings: rows at or after this time (a timestamp, or a duration ago such as 7d)."
    )
    var since: String?

    @Option(name: .long, help: "With --table, --hunt or --findings: rows before this time.")
    var until: String?

    @Option(name: .long, help: "csv, json, jsonl, markdown, timesketch-jsonl, timesketch-csv or table.")
    var format: String

    @Option(name: .shortAndLong, help: "The file to write (- for standard output, without a manifest).")
    var output: String

    @OptionGroup var style: ExportStyleOptions

    func run() throws {
        try ErrorReporter.run {
            let format = try ExportStyleOptions.format(format)
            let options = try style.exportOptions()
            let chosen = [table != nil, query != nil, hunt != nil, findings].filter { $0 }.count
            guard chosen == 1 else {
                throw UsageError(message: "give exactly one of --table, --query, --hunt or --findings")
            }
            if query != nil, since != nil || until != nil {
                throw UsageError(
                    message:
                        "--since/--until do not apply to --query; put `| between ...` or `| since ...` in the pipeline")
            }
            if huntRun != nil, hunt == nil, !findings {
                throw UsageError(message: "--run applies to --hunt and --findings")
            }
            let now = Date()
            let window = ExportManifest.Window(
                since: try since.map { text throws in try HuntRunner.Window.moment(text, now: now, option: "--since") },
                until: try until.map { text throws in try HuntRunner.Window.moment(text, now: now, option: "--until") })
            let cache = try Cache.openForReading(path: cacheOptions.path)
            let plan = try plan(cache: cache, window: window)
            if output == "-" {
                FileHandle.standardError.write(
                    Data("aegis-audit: note: standard output gets no manifest; give --output FILE for one\n".utf8))
            }
            try ExportWriting.write(
                plan.statement, parameters: plan.parameters, cache: cache, to: output, format: format, options: options,
                provenance: ExportProvenance(
                    commandLine: CommandLine.arguments, subject: plan.subject,
                    window: window.since == nil && window.until == nil ? plan.window : window),
                jsonColumns: plan.jsonColumns
            ) { error in
                guard let failure = error as? QueryError, query != nil else { return error }
                return QueryError(query: failure.query, offset: nil, message: failure.message)
            }
        }
    }

    /// The statement to stream and what the manifest says about it.
    private struct Plan {
        var statement: String
        var parameters: [CacheValue] = []
        var subject: ExportManifest.Subject
        var window: ExportManifest.Window?
        var jsonColumns: Set<String> = []
    }

    private func plan(cache: Cache, window: ExportManifest.Window) throws -> Plan {
        if let query {
            let compiled = try QueryCompiler.compile(query, catalog: try Catalog.load(from: cache))
            return Plan(
                statement: compiled.sql, parameters: compiled.parameters,
                subject: .init(kind: "query", text: query, details: ["sql": compiled.sql]))
        }
        if let table { return try tablePlan(table, cache: cache, window: window) }
        return try findingsPlan(cache: cache, window: window)
    }

    private func tablePlan(_ name: String, cache: Cache, window: ExportManifest.Window) throws -> Plan {
        let catalog = try Catalog.load(from: cache)
        guard let table = catalog.tables[name] else {
            let known = catalog.tables.keys.sorted().joined(separator: ", ")
            throw UsageError(message: "--table \(name): no such table or view in the cache (tables: \(known))")
        }
        let columns = Set(table.columns.map(\.name))
        var conditions: [String] = []
        var parameters: [CacheValue] = []
        if window.since != nil || window.until != nil {
            guard let time = table.timeColumn else {
                throw UsageError(message: "--since/--until: table \(name) has no time column")
            }
            if let since = window.since {
                parameters.append(.text(since))
                conditions.append("\(quoted(time)) >= ?\(parameters.count)")
            }
            if let until = window.until {
                parameters.append(.text(until))
                conditions.append("\(quoted(time)) < ?\(parameters.count)")
            }
        }
        let order =
            ([table.timeColumn].compactMap { $0 }
                + ["snapshot_no", "source", "id", "row_table", "row_id"].filter(columns.contains))
        var statement = "SELECT * FROM \(quoted(name))"
        if !conditions.isEmpty { statement += " WHERE " + conditions.joined(separator: " AND ") }
        if !order.isEmpty { statement += " ORDER BY " + order.map(quoted).joined(separator: ", ") }
        return Plan(statement: statement, parameters: parameters, subject: .init(kind: "table", text: name))
    }

    private func findingsPlan(cache: Cache, window: ExportManifest.Window) throws -> Plan {
        do { return try storedFindingsPlan(cache: cache, window: window) } catch let error as SQLiteError {
            throw CacheError.sqlite(path: cache.path, error)
        }
    }

    private func storedFindingsPlan(cache: Cache, window: ExportManifest.Window) throws -> Plan {
        let database = cache.database
        let runID: Int64
        if let huntRun {
            guard try database.integer("SELECT count(*) FROM hunt_runs WHERE id = \(huntRun)") == 1 else {
                throw UsageError(message: "--run \(huntRun): no such hunt run in the cache")
            }
            runID = huntRun
        } else if let hunt {
            guard
                let latest = try database.integer(
                    "SELECT max(run_id) FROM hunt_results WHERE hunt_id = ?1 AND status = 'ran'", [hunt])
            else {
                throw UsageError(message: "--hunt \(hunt): no stored run of this hunt (run `aegis-audit hunt \(hunt)`)")
            }
            runID = latest
        } else {
            guard let latest = try database.integer("SELECT max(id) FROM hunt_runs") else {
                throw UsageError(message: "--findings: no hunt run in the cache (run `aegis-audit hunt --all`)")
            }
            runID = latest
        }
        var parameters: [CacheValue] = [.integer(runID)]
        var conditions = ["f.run_id = ?1"]
        var details = ["hunt_run": String(runID)]
        if let hunt {
            parameters.append(.text(hunt))
            conditions.append("f.hunt_id = ?\(parameters.count)")
            if let stored = try database.text(
                "SELECT title || char(10) || parameters FROM hunt_results WHERE run_id = \(runID) AND hunt_id = ?1",
                [hunt])
            {
                let parts = stored.split(separator: "\n", maxSplits: 1).map(String.init)
                details["title"] = parts.first
                details["parameters"] = parts.count > 1 ? parts[1] : nil
            } else {
                throw UsageError(message: "--hunt \(hunt): hunt run \(runID) did not run this hunt")
            }
        }
        if let since = window.since {
            parameters.append(.text(since))
            conditions.append("f.time >= ?\(parameters.count)")
        }
        if let until = window.until {
            parameters.append(.text(until))
            conditions.append("f.time < ?\(parameters.count)")
        }
        let statement = """
            SELECT f.id AS finding_id, f.run_id, f.hunt_id, r.title, f.severity, f.time, f.summary,
                   (SELECT json_group_array(json_object('table', e.table_name, 'id', e.row_id))
                      FROM (SELECT table_name, row_id FROM hunt_evidence WHERE finding_id = f.id
                            ORDER BY table_name, row_id) e) AS evidence,
                   f.row
            FROM hunt_findings f JOIN hunt_results r ON r.run_id = f.run_id AND r.hunt_id = f.hunt_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY f.time, f.id
            """
        let runWindow = try database.text(
            "SELECT coalesce(window_since, '') || ' ' || coalesce(window_until, '') FROM hunt_runs WHERE id = \(runID)")
        let bounds = (runWindow ?? " ").split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return Plan(
            statement: statement, parameters: parameters,
            subject: .init(kind: hunt == nil ? "findings" : "hunt", text: hunt ?? "all hunts", details: details),
            window: .init(
                since: bounds[0].isEmpty ? nil : bounds[0],
                until: bounds.count > 1 && !bounds[1].isEmpty ? bounds[1] : nil),
            jsonColumns: ["evidence"])
    }

    private func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
