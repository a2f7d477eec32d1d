import QueryLang

/// The cache's queryable tables as `Catalog.load(from:)` would read them from a real cache:
/// the columns of `CacheSchema` (generated from `AegisSchema`, plus `source` and the
/// bookkeeping columns) with the types `Catalog` gives them (timestamp names → timestamp,
/// `INTEGER` `is_*` → boolean, `JSONTEXT` → json, `BLOB` → blob). Fixed here so a run does
/// not depend on a cache file, and so the fuzzer sees every type QueryLang checks.
enum FuzzCatalog {
    static let catalog = Catalog(
        tables: Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) }))

    private static let bookkeeping: [(String, ValueType)] = [
        ("row_hash", .blob), ("first_sync_id", .integer), ("version_sync_id", .integer),
        ("last_seen_sync_id", .integer),
    ]

    private static func table(_ name: String, _ columns: [(String, ValueType)], time: String?) -> Catalog.Table {
        Catalog.Table(
            name: name, columns: columns.map { Catalog.Column(name: $0.0, type: $0.1) }, timeColumn: time)
    }

    static let tables: [Catalog.Table] = [
        table(
            "audit_events",
            [
                ("source", .text), ("id", .text), ("event_type", .text), ("user_id", .text), ("entity_type", .text),
                ("entity_id", .text), ("details", .json), ("ip_address", .text), ("user_agent", .text),
                ("created_at", .timestamp),
            ] + bookkeeping, time: "created_at"),
        table(
            "action_audit_logs",
            [
                ("source", .text), ("id", .text), ("action_type", .text), ("status", .text), ("namespace", .text),
                ("resource_type", .text), ("resource_name", .text), ("action_params", .json),
                ("requested_by", .text), ("policy_decision", .json), ("execution_duration", .integer),
                ("error_message", .text), ("result", .json), ("ip_address", .text), ("signature", .text),
                ("created_at", .timestamp), ("completed_at", .timestamp),
            ] + bookkeeping, time: "created_at"),
        table(
            "policy_audit_logs",
            [
                ("source", .text), ("id", .text), ("user_id", .text), ("action", .text), ("resource", .text),
                ("result", .text), ("applied_policies", .json), ("context", .json), ("reason", .text),
                ("ip_address", .text), ("user_agent", .text), ("created_at", .timestamp),
            ] + bookkeeping, time: "created_at"),
        table(
            "users",
            [
                ("source", .text), ("id", .text), ("email", .text), ("first_name", .text), ("last_name", .text),
                ("is_active", .boolean), ("last_login", .timestamp),
            ] + bookkeeping, time: nil),
        table(
            "policies",
            [
                ("snapshot_no", .integer), ("source", .text), ("id", .text), ("name", .text),
                ("description", .text), ("type", .text), ("effect", .text), ("actions", .json),
                ("resources", .json), ("conditions", .json), ("priority", .integer), ("is_active", .boolean),
                ("created_at", .timestamp), ("updated_at", .timestamp), ("created_by", .text), ("row_hash", .blob),
            ], time: "created_at"),
        table(
            "loki_entries",
            [
                ("id", .integer), ("stream_id", .integer), ("ts_ns", .integer), ("time", .timestamp),
                ("line", .text), ("format", .text), ("job", .text), ("level", .text), ("service", .text),
                ("context", .text), ("message", .text), ("audit_id", .text), ("user_id", .text),
                ("ip_address", .text), ("method", .text), ("path", .text), ("status_code", .integer),
                ("trace_id", .text), ("fields", .json), ("entry_hash", .blob), ("first_sync_id", .integer),
            ], time: "time"),
    ]
}
