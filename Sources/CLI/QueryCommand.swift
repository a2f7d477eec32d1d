import AegisAudit
import ArgumentParser
import Exporters
import Foundation
import QueryLang

/// `aegis-audit query`: a QueryLang pipeline (or raw SQL) on the cache, read-only.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a QueryLang pipeline (or read-only SQL) against the cache.",
        discussion: """
            QueryLang (docs/querylang.md): from audit_events | where event_type == "auth_login_success" \
            | new ip_address for user_id lookback 30d. The cache is opened read-only with \
            PRAGMA query_only: nothing can write to it.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Argument(help: "A QueryLang pipeline.")
    var pipeline: String?

    @Option(name: .shortAndLong, help: "Read the pipeline from this file.")
    var file: String?

    @Option(name: .long, help: "Run one raw SQL statement (SQLite dialect) instead of a pipeline.")
    var sql: String?

    @Flag(name: .long, help: "Print the compiled SQL, its parameters and SQLite's query plan instead of running it.")
    var explain = false

    @Option(name: .long, help: "table, csv, json, jsonl, markdown, timesketch-jsonl or timesketch-csv.")
    var format: String = "table"

    @Option(
        name: .shortAndLong,
        help:
            "Write to this file (created complete or not at all, with FILE.manifest.json beside it) instead of standard output."
    )
    var output: String?

    @OptionGroup var style: ExportStyleOptions

    func run() throws {
        try ErrorReporter.run {
            let format = try ExportStyleOptions.format(format)
            let options = try style.exportOptions()
            let given = [pipeline, file, sql].compactMap { $0 }
            guard given.count == 1 else {
                throw UsageError(message: "give exactly one of: a pipeline, -f FILE, or --sql STATEMENT")
            }
            let cache = try Cache.openForReading(path: cacheOptions.path)
            let statement: String
            var parameters: [CacheValue] = []
            var queryText: String?
            if let sql {
                statement = sql
            } else {
                let text =
                    try file.map { path in
                        guard let data = FileManager.default.contents(atPath: path) else {
                            throw UsageError(message: "query file \(path): cannot read it")
                        }
                        return String(decoding: data, as: UTF8.self)
                    } ?? pipeline!
                queryText = text
                let compiled = try QueryCompiler.compile(text, catalog: try Catalog.load(from: cache))
                statement = compiled.sql
                parameters = compiled.parameters
            }
            if explain {
                print(statement)
                for (index, value) in parameters.enumerated() { print("  ?\(index + 1) = \(value)") }
                print("plan:")
                for line in try CacheQuery.plan(statement, parameters: parameters, on: cache) { print("  \(line)") }
                return
            }
            let subject =
                sql != nil
                ? ExportManifest.Subject(kind: "sql", text: statement)
                : ExportManifest.Subject(kind: "query", text: queryText ?? "", details: ["sql": statement])
            try ExportWriting.write(
                statement, parameters: parameters, cache: cache, to: output ?? "-", format: format, options: options,
                provenance: ExportProvenance(commandLine: CommandLine.arguments, subject: subject)
            ) { error in
                // The position is in the generated SQL, not in the pipeline the user wrote.
                guard let failure = error as? QueryError, sql == nil else { return error }
                return QueryError(query: failure.query, offset: nil, message: failure.message)
            }
        }
    }
}
