import AegisAudit
import ArgumentParser
import Exporters

/// `aegis-audit query --sql`: read-only SQL on the cache.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run read-only SQL against the cache.",
        discussion: "The cache is opened read-only with PRAGMA query_only: statements that write are refused.")

    @OptionGroup var cacheOptions: CacheOptions

    @Option(name: .long, help: "One SQL statement (SQLite dialect).")
    var sql: String

    @Option(name: .long, help: "table, csv, json or jsonl.")
    var format: String = "table"

    @Option(
        name: .shortAndLong, help: "Write to this file (created complete or not at all) instead of standard output.")
    var output: String?

    func run() throws {
        try ErrorReporter.run {
            guard let format = ExportFormat(rawValue: format) else { throw ExportError.unknownFormat(format) }
            let cache = try Cache.openForReading(path: cacheOptions.path)
            let stream =
                try output.map { path throws(ExportError) in try OutputStream.atomicFile(path: path) }
                ?? OutputStream.standardOutput()
            do {
                try CacheQuery.run(sql, on: cache, into: format.sink(to: stream))
                try stream.commit()
            } catch {
                stream.abandon()
                throw error
            }
        }
    }
}
