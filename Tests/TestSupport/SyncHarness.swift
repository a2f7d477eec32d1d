import AegisAudit
import AegisSources
import Foundation

/// Runs syncs through the library against the test server, into a fresh cache.
public struct SyncHarness {
    public let cachePath: String
    public var overlapSeconds = 600
    public var sourceTimeZone = "UTC"

    public init(label: String = "cache") throws {
        cachePath = try makeTemporaryDirectory(label).appendingPathComponent("aegis-audit.sqlite").path
    }

    /// Syncs the given databases as the superuser (password in the key/value string).
    @discardableResult
    public func sync(backend: String? = nil, executor: String? = nil, full: Bool = false) throws -> SyncReport {
        var sources: [SourceSpec] = []
        if let backend {
            sources.append(SourceSpec(role: .backend, connectionString: Self.withPassword(backend)))
        }
        if let executor {
            sources.append(SourceSpec(role: .executor, connectionString: Self.withPassword(executor)))
        }
        var options = SyncOptions(cachePath: cachePath, sources: sources)
        options.overlapSeconds = overlapSeconds
        options.sourceTimeZone = sourceTimeZone
        options.full = full
        return try SyncEngine.run(options, redactor: SecretRedactor())
    }

    /// A connection string for a database name, with the superuser's password.
    static func withPassword(_ database: String) -> String {
        TestPostgres.connectionString(database: database) + " password=\(TestPostgres.superuserPassword)"
    }

    /// Opens the cache read-only.
    public func open() throws -> Cache { try Cache.openForReading(path: cachePath) }

    /// The single integer a query on the cache returns.
    public func integer(_ sql: String, _ arguments: [String] = []) throws -> Int64? {
        try open().database.integer(sql, arguments)
    }

    /// The single text a query on the cache returns.
    public func text(_ sql: String, _ arguments: [String] = []) throws -> String? {
        try open().database.text(sql, arguments)
    }
}
