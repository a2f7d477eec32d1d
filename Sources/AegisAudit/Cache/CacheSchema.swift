/// The cache's SQL schema, generated from ``AegisSchema`` and versioned by forward migrations.
///
/// Migration N brings a cache from `user_version` N-1 to N. Migration 1 is the schema as first
/// released: changes to ``AegisSchema`` after that must arrive as new migrations.
enum CacheSchema {
    /// `PRAGMA application_id` of every aegis-audit cache: "AEGI".
    static let applicationID: Int64 = 0x4145_4749

    /// Forward migrations, in order.
    static let migrations: [String] = [
        versionOne, versionTwo, versionThree, sealChain, timelineViews, requesterNamespaceIndex, accountJoinIndexes,
        addressAccountsIndex,
    ]

    /// Version 6: the index that answers "did this requester act in this namespace before?"
    /// (``AegisSchema/actionAuditLogs``; new caches have it from version 1 on).
    private static let requesterNamespaceIndex = """
        CREATE INDEX IF NOT EXISTS action_audit_logs_by_requested_by_namespace_created_at
            ON action_audit_logs(requested_by, namespace, created_at);
        """

    /// Version 7: joins by account within a time window. Audit events by the e-mail address in
    /// their details (`details.email` in QueryLang): logins joined to the failures of the same
    /// account (`login-failures-then-success` on 1M events: 74 s without it, 4.7 s with it).
    /// Policy evaluations by user and time: actions joined to their requester's decisions
    /// (`executor-action-without-allow`: 75 s without it).
    private static let accountJoinIndexes = """
        CREATE INDEX IF NOT EXISTS audit_events_by_details_email_created_at
            ON audit_events(\(CanonicalTable.jsonMember("details", ["email"])), created_at);
        CREATE INDEX IF NOT EXISTS policy_audit_logs_by_user_id_created_at ON policy_audit_logs(user_id, created_at);
        """

    /// Version 8: audit events by address, time and user, replacing (address, time): how many
    /// accounts used an address, and since when, read from the index without the rows
    /// (`login-new-ip` on 1M events: 1.5 s before, 0.3 s after).
    private static let addressAccountsIndex = """
        DROP INDEX IF EXISTS audit_events_by_ip_address_created_at;
        CREATE INDEX IF NOT EXISTS audit_events_by_ip_address_created_at_user_id
            ON audit_events(ip_address, created_at, user_id);
        """

    static var latestVersion: Int { migrations.count }

    /// Bookkeeping columns every synced row carries.
    static let rowMetadata = """
        row_hash BLOB NOT NULL,
        first_sync_id INTEGER NOT NULL,
        version_sync_id INTEGER NOT NULL,
        last_seen_sync_id INTEGER NOT NULL
        """

    private static var versionOne: String {
        var sql = """
            CREATE TABLE sync_runs (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                tool_version TEXT NOT NULL,
                options JSONTEXT NOT NULL
            );
            CREATE TABLE sync_run_sources (
                sync_id INTEGER NOT NULL REFERENCES sync_runs(id),
                source TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                server_version TEXT,
                database_name TEXT,
                database_user TEXT,
                snapshot TEXT,
                snapshot_taken_at TEXT,
                uses_tls INTEGER,
                PRIMARY KEY (sync_id, source)
            );
            CREATE TABLE sync_run_tables (
                sync_id INTEGER NOT NULL REFERENCES sync_runs(id),
                source TEXT NOT NULL,
                table_name TEXT NOT NULL,
                dialect TEXT NOT NULL,
                mode TEXT NOT NULL,
                rows_read INTEGER NOT NULL,
                rows_inserted INTEGER NOT NULL,
                rows_changed INTEGER NOT NULL,
                rows_unchanged INTEGER NOT NULL,
                rows_revisited INTEGER NOT NULL,
                watermark_column TEXT,
                watermark_before TEXT,
                window_start TEXT,
                watermark_after TEXT,
                PRIMARY KEY (sync_id, source, table_name)
            );
            CREATE TABLE policy_snapshots (
                snapshot_no INTEGER PRIMARY KEY,
                sync_id INTEGER NOT NULL REFERENCES sync_runs(id),
                source TEXT NOT NULL,
                taken_at TEXT NOT NULL,
                policy_count INTEGER NOT NULL,
                snapshot_hash BLOB NOT NULL
            );

            """
        for table in AegisSchema.tables {
            let columns = table.columns.map { "    \($0.name) \($0.kind.cacheType)" }.joined(separator: ",\n")
            switch table.mode {
            case .snapshot:
                sql += """
                    CREATE TABLE \(table.name) (
                        snapshot_no INTEGER NOT NULL REFERENCES policy_snapshots(snapshot_no),
                        source TEXT NOT NULL,
                    \(columns),
                        row_hash BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX \(table.name)_key ON \(table.name)(snapshot_no, id);
                    CREATE VIEW \(table.name)_latest AS
                        SELECT p.* FROM \(table.name) p
                        JOIN (SELECT source, max(snapshot_no) AS snapshot_no FROM policy_snapshots GROUP BY source) l
                          ON p.snapshot_no = l.snapshot_no;

                    """
            case .watermarked, .mirror:
                sql += """
                    CREATE TABLE \(table.name) (
                        source TEXT NOT NULL,
                    \(columns),
                    \(rowMetadata)
                    );
                    CREATE TABLE \(table.name)_history (
                        source TEXT NOT NULL,
                    \(columns),
                        row_hash BLOB NOT NULL,
                        version_sync_id INTEGER NOT NULL,
                        last_seen_sync_id INTEGER NOT NULL,
                        replaced_by_sync_id INTEGER NOT NULL
                    );
                    CREATE INDEX \(table.name)_history_key ON \(table.name)_history(source, id);
                    \(indexSQL(table))

                    """
            }
        }
        return sql
    }

    /// Version 2: Loki streams, entries (raw line, labels, parsed canonical columns), typed
    /// events found in lines, and the reconciliation of every pulled window.
    private static let versionTwo = """
        CREATE TABLE loki_streams (
            id INTEGER PRIMARY KEY,
            labels JSONTEXT NOT NULL UNIQUE,
            job TEXT,
            first_sync_id INTEGER NOT NULL
        );
        CREATE TABLE loki_entries (
            id INTEGER PRIMARY KEY,
            stream_id INTEGER NOT NULL REFERENCES loki_streams(id),
            ts_ns INTEGER NOT NULL,
            time TEXT NOT NULL,
            line TEXT NOT NULL,
            format TEXT NOT NULL,
            job TEXT,
            level TEXT,
            service TEXT,
            context TEXT,
            message TEXT,
            audit_id TEXT,
            user_id TEXT,
            ip_address TEXT,
            method TEXT,
            path TEXT,
            status_code INTEGER,
            trace_id TEXT,
            fields JSONTEXT,
            entry_hash BLOB NOT NULL,
            first_sync_id INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX loki_entries_key ON loki_entries(entry_hash);
        CREATE INDEX loki_entries_by_time ON loki_entries(ts_ns);
        CREATE INDEX loki_entries_by_ip ON loki_entries(ip_address, ts_ns);
        CREATE INDEX loki_entries_by_user ON loki_entries(user_id, ts_ns);
        CREATE INDEX loki_entries_by_audit ON loki_entries(audit_id);
        CREATE TABLE loki_events (
            entry_id INTEGER NOT NULL REFERENCES loki_entries(id),
            kind TEXT NOT NULL,
            subject_id TEXT,
            subject_name TEXT,
            ts_ns INTEGER NOT NULL,
            time TEXT NOT NULL
        );
        CREATE INDEX loki_events_by_kind ON loki_events(kind, ts_ns);
        CREATE INDEX loki_events_by_subject ON loki_events(subject_id);
        CREATE TABLE loki_windows (
            sync_id INTEGER NOT NULL REFERENCES sync_runs(id),
            selector TEXT NOT NULL,
            start_ns INTEGER NOT NULL,
            end_ns INTEGER NOT NULL,
            pages INTEGER NOT NULL,
            entries_pulled INTEGER NOT NULL,
            entries_new INTEGER NOT NULL,
            entries_counted INTEGER NOT NULL,
            reconciled INTEGER NOT NULL,
            PRIMARY KEY (sync_id, selector, start_ns)
        );
        """

    /// Version 3: what `aegis-audit hunt` found. One row per run, per hunt run in it (with its
    /// parameters), per finding (its row as JSON, its time for timelines) and per evidence row
    /// a finding points at (table and id). Only `hunt` writes these; the evidence tables stay
    /// as the syncs left them.
    private static let versionThree = """
        CREATE TABLE hunt_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            window_since TEXT,
            window_until TEXT,
            options JSONTEXT NOT NULL
        );
        CREATE TABLE hunt_results (
            run_id INTEGER NOT NULL REFERENCES hunt_runs(id),
            hunt_id TEXT NOT NULL,
            title TEXT NOT NULL,
            severity TEXT NOT NULL,
            techniques JSONTEXT NOT NULL,
            parameters JSONTEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT,
            findings INTEGER NOT NULL,
            PRIMARY KEY (run_id, hunt_id)
        );
        CREATE TABLE hunt_findings (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES hunt_runs(id),
            hunt_id TEXT NOT NULL,
            severity TEXT NOT NULL,
            time TEXT,
            summary TEXT NOT NULL,
            row JSONTEXT NOT NULL
        );
        CREATE INDEX hunt_findings_by_run ON hunt_findings(run_id, hunt_id);
        CREATE INDEX hunt_findings_by_time ON hunt_findings(time);
        CREATE TABLE hunt_evidence (
            finding_id INTEGER NOT NULL REFERENCES hunt_findings(id),
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            PRIMARY KEY (finding_id, table_name, row_id)
        );
        CREATE INDEX hunt_evidence_by_row ON hunt_evidence(table_name, row_id);
        """

    /// The unique key and secondary indexes of a synced table.
    static func indexSQL(_ table: CanonicalTable) -> String {
        var statements = ["CREATE UNIQUE INDEX IF NOT EXISTS \(table.name)_key ON \(table.name)(source, id);"]
        for columns in table.indexes {
            statements.append(
                "CREATE INDEX IF NOT EXISTS \(indexName(table, columns)) ON \(table.name)(\(columns.joined(separator: ", ")));"
            )
        }
        return statements.joined(separator: "\n")
    }

    /// Drops what ``indexSQL(_:)`` creates, before a bulk load into an empty table.
    static func dropIndexSQL(_ table: CanonicalTable) -> String {
        ([["key"]] + table.indexes.map { $0 }).enumerated().map { offset, columns in
            let name = offset == 0 ? "\(table.name)_key" : indexName(table, columns)
            return "DROP INDEX IF EXISTS \(name);"
        }.joined(separator: "\n")
    }

    /// `<table>_by_<columns>`. An expression is named by the column and member names in it
    /// (`CanonicalTable.jsonMember("details", "email")` → `details_email`).
    private static func indexName(_ table: CanonicalTable, _ columns: [String]) -> String {
        let syntax: Set<Substring> = ["json_extract", "json_valid", "CASE", "WHEN", "THEN", "END"]
        let parts = columns.map { column in
            var words: [Substring] = []
            for word in column.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) })
            where !syntax.contains(word) && words.last != word {
                words.append(word)
            }
            return words.joined(separator: "_")
        }
        return "\(table.name)_by_\(parts.joined(separator: "_"))"
    }
}
