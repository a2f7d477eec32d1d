/// What one sync did to one table of one source; stored in `sync_run_tables`.
public struct TableSyncStats: Sendable, Equatable {
    public let source: String
    public let table: String
    /// "snake", "camel" or "mixed".
    public let dialect: String
    /// "bulk" (first load into an empty table), "incremental", "full", "mirror" or "snapshot".
    public var mode: String
    public var rowsRead = 0
    public var rowsInserted = 0
    public var rowsChanged = 0
    public var rowsUnchanged = 0
    /// Rows re-read by id because they were still open (pending, in progress) when cached.
    public var rowsRevisited = 0
    public var watermarkColumn: String?
    public var watermarkBefore: String?
    public var windowStart: String?
    public var watermarkAfter: String?
    /// The rows this sync wrote to the table (new and changed versions, replaced versions),
    /// sealed in `sync_run_tables.rows_digest` (docs/forensics.md).
    public internal(set) var rowsDigest = RowSetDigest()

    init(source: String, table: String, dialect: String, mode: String) {
        self.source = source
        self.table = table
        self.dialect = dialect
        self.mode = mode
    }
}
