import AegisSources

/// One discrepancy `verify` found: what kind, where (table, source, row, sync run), and the
/// details, as one line of text or one JSON object (the shape of docs/forensics.md).
public struct VerifyFinding: Sendable, Equatable {
    /// What was found. The raw values are the `kind` of the JSON form.
    public enum Kind: String, Sendable, CaseIterable {
        /// `PRAGMA integrity_check` reported a problem with the cache file.
        case integrityCheck = "integrity_check"
        /// A cached row's columns no longer hash to its `row_hash` (or a Loki entry's to its `entry_hash`).
        case cacheRowHashMismatch = "cache_row_hash_mismatch"
        /// A policy snapshot's rows no longer hash, in id order, to the snapshot's recorded hash.
        case cacheSnapshotMismatch = "cache_snapshot_mismatch"
        /// The rows a sync run wrote to a table no longer match the digest it sealed.
        case cacheRowsDigestMismatch = "cache_rows_digest_mismatch"
        /// A sync run's record no longer matches its record hash, or its link to the run before.
        case cacheChainBroken = "cache_chain_broken"
        /// A row is marked as written by a sync run the cache has no sealed record of.
        case cacheUnsealedRows = "cache_unsealed_rows"
        /// A cached row is no longer at the source.
        case deletedAtSource = "deleted_at_source"
        /// A cached row has different content at the source now.
        case changedAtSource = "changed_at_source"
        /// A row at the source, older than the window every future sync will read, never cached.
        case backdatedInsert = "backdated_insert"
        /// Cached Loki entries of an already pulled window that Loki no longer returns.
        case lokiEntriesMissing = "loki_entries_missing"
        /// Loki entries in an already pulled window that the cache does not have.
        case lokiEntriesAdded = "loki_entries_added"
        /// Loki's own count of a window disagrees with what it returns for it.
        case lokiWindowUnreconciled = "loki_window_unreconciled"
    }

    /// A column whose value differs between the cache and the source.
    public struct FieldChange: Sendable, Equatable {
        public let column: String
        public let cached: String?
        public let source: String?

        public init(column: String, cached: String?, source: String?) {
            self.column = column
            self.cached = cached
            self.source = source
        }
    }

    public let kind: Kind
    public let table: String
    public let source: String
    /// The row (or entry) id, when the finding is about one row.
    public let id: String?
    /// The sync run the finding is located in: the run that wrote the cached row, or the run
    /// whose record or seal is broken.
    public let syncID: Int64?
    /// The row's time (its watermark column), when known.
    public let time: String?
    /// One line that says what is wrong.
    public let summary: String
    /// Column by column, for a changed row.
    public let changes: [FieldChange]

    public init(
        kind: Kind, table: String, source: String, id: String? = nil, syncID: Int64? = nil, time: String? = nil,
        summary: String, changes: [FieldChange] = []
    ) {
        self.kind = kind
        self.table = table
        self.source = source
        self.id = id
        self.syncID = syncID
        self.time = time
        self.summary = summary
        self.changes = changes
    }

    /// How bad it is: a tampered cache or rewritten evidence is critical, a deletion or a
    /// back-dated insert high, Loki entries that aged out or arrived late medium.
    public var severity: String {
        switch kind {
        case .integrityCheck, .cacheRowHashMismatch, .cacheSnapshotMismatch, .cacheRowsDigestMismatch,
            .cacheChainBroken, .changedAtSource:
            return "critical"
        case .cacheUnsealedRows, .deletedAtSource, .backdatedInsert: return "high"
        case .lokiEntriesMissing, .lokiEntriesAdded, .lokiWindowUnreconciled: return "medium"
        }
    }

    /// One JSON object on one line: `check`, `kind`, `severity`, `time`, `summary`, `evidence`
    /// (table and id, as hunt findings have), `table`, `source`, `id`, `sync_id`, `changes`.
    public var json: String {
        func optional(_ text: String?) -> String { text.map(JSONText.string) ?? "null" }
        let evidence = id.map { "[{\"table\":\(JSONText.string(table)),\"id\":\(JSONText.string($0))}]" } ?? "[]"
        let changeList = changes.map {
            "{\"column\":\(JSONText.string($0.column)),\"cached\":\(optional($0.cached)),\"source\":\(optional($0.source))}"
        }
        return
            "{\"check\":\"verify\",\"kind\":\(JSONText.string(kind.rawValue)),\"severity\":\(JSONText.string(severity)),"
            + "\"time\":\(optional(time)),\"summary\":\(JSONText.string(summary)),\"evidence\":\(evidence),"
            + "\"table\":\(JSONText.string(table)),\"source\":\(JSONText.string(source)),\"id\":\(optional(id)),"
            + "\"sync_id\":\(syncID.map(String.init) ?? "null"),\"changes\":[\(changeList.joined(separator: ","))]}"
    }
}
