import AegisSources

/// A database to read, and what kind of Aegis database it is.
public struct SourceSpec: Sendable {
    public let role: SourceRole
    /// A libpq connection string or URI (may hold a password: never print it).
    public let connectionString: String

    public init(role: SourceRole, connectionString: String) {
        self.role = role
        self.connectionString = connectionString
    }
}

/// Everything one `aegis-audit sync` needs.
public struct SyncOptions: Sendable {
    public var cachePath: String
    public var sources: [SourceSpec]
    /// How far before the last watermark to re-read, for rows committed late.
    public var overlapSeconds: Int = 600
    /// Time zone of `timestamp without time zone` columns at the sources.
    public var sourceTimeZone: String = "UTC"
    /// Re-read every row instead of only those after the watermark.
    public var full = false

    public init(cachePath: String, sources: [SourceSpec]) {
        self.cachePath = cachePath
        self.sources = sources
    }
}

/// What a sync did: its id in `sync_runs` and the per-table counts.
public struct SyncReport: Sendable {
    public let syncID: Int64
    public let tables: [TableSyncStats]
    public let sources: [(source: String, endpoint: String, snapshot: SnapshotInfo)]
}
