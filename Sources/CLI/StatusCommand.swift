import AegisAudit
import ArgumentParser

/// `aegis-audit status`: what the cache holds and when each source was last synced.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the cache's tables, rows, time spans and last syncs.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        try ErrorReporter.run {
            let cache = try Cache.openForReading(path: cacheOptions.path)
            print(StatusReport.render(try CacheStatus.collect(from: cache)))
        }
    }
}
