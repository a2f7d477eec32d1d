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
    /// What to pull from Loki, if anything.
    public var loki: LokiSyncSpec?

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
    /// Every Loki chunk pulled, with its reconciliation.
    public let lokiWindows: [LokiWindow]
    /// The Loki server's address (no credentials) and version, when Loki was pulled.
    public let loki: (endpoint: String, version: String)?

    /// Chunks whose pulled entries do not match Loki's own count.
    public var unreconciledWindows: [LokiWindow] { lokiWindows.filter { !$0.reconciled } }
}
