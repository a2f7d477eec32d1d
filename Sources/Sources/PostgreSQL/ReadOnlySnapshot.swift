/// What identifies the consistent snapshot a sync read: recorded in `sync_runs`.
public struct SnapshotInfo: Sendable, Equatable {
    public let serverVersion: String
    public let database: String
    public let user: String
    /// `pg_current_snapshot()` (or `txid_current_snapshot()` before PostgreSQL 13).
    public let snapshot: String
    /// The transaction's `now()`, UTC, ISO 8601.
    public let takenAt: String
    public let usesTLS: Bool
}

extension PostgresConnection {
    /// Opens the one transaction every read of this source happens in: read-only, repeatable
    /// read, so a whole sync sees one consistent snapshot.
    public func beginReadOnlySnapshot() throws(SourceError) -> SnapshotInfo {
        try execute("BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ", step: "opening a read-only transaction")
        let versionNumber = Int(parameter("server_version_num") ?? "") ?? 0
        let snapshotFunction = versionNumber >= 130_000 ? "pg_current_snapshot()" : "txid_current_snapshot()"
        let rows = try query(
            """
            SELECT current_database(), current_user, \(snapshotFunction)::text,
                   to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   current_setting('transaction_read_only')
            """, step: "reading the snapshot identity")
        let row = rows.first ?? []
        guard row.count == 5, row[4] == "on" else {
            throw .queryFailed(
                source: source, endpoint: endpoint, step: "opening a read-only transaction",
                reason: "the server did not confirm transaction_read_only")
        }
        return SnapshotInfo(
            serverVersion: serverVersion, database: row[0] ?? "", user: row[1] ?? "",
            snapshot: row[2] ?? "", takenAt: row[3] ?? "", usesTLS: usesTLS)
    }

    /// Ends the read-only transaction.
    public func endSnapshot() throws(SourceError) {
        try execute("COMMIT", step: "closing the read-only transaction")
    }
}
