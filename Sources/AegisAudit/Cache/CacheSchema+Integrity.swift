extension CacheSchema {
    /// The seal chain over `sync_runs` (docs/forensics.md): each run records the digest of the
    /// rows it wrote, per table (`sync_run_tables.rows_sealed`, `rows_digest`) and in all
    /// (`sync_runs.rows_digest`), the record hash of the run before it (`previous_hash`) and
    /// its own (`record_hash`); `sealed_by_sync_id` is the run itself, or, for a run synced
    /// before this migration, the first sync after it, which sealed the cache as it found it.
    static let sealChain = """
        ALTER TABLE sync_runs ADD COLUMN rows_digest BLOB;
        ALTER TABLE sync_runs ADD COLUMN previous_hash BLOB;
        ALTER TABLE sync_runs ADD COLUMN record_hash BLOB;
        ALTER TABLE sync_runs ADD COLUMN sealed_by_sync_id INTEGER;
        ALTER TABLE sync_run_tables ADD COLUMN rows_sealed INTEGER;
        ALTER TABLE sync_run_tables ADD COLUMN rows_digest BLOB;
        """

    /// The first schema version with the seal chain.
    static var sealChainVersion: Int { (migrations.firstIndex(of: sealChain) ?? migrations.count) + 1 }
}
