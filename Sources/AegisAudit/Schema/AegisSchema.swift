/// The canonical cache schema of the Aegis audit trail: one snake_case shape whatever the
/// source's dialect. Column names, kinds and what is required follow `docs/cache.md`.
public enum AegisSchema {
    public static let actionAuditLogs = CanonicalTable(
        name: "action_audit_logs",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("action_type", required: true),
            CanonicalColumn("status", required: true),
            CanonicalColumn("namespace", required: true),
            CanonicalColumn("resource_type"),
            CanonicalColumn("resource_name"),
            CanonicalColumn("action_params", .json),
            CanonicalColumn("requested_by"),
            CanonicalColumn("policy_decision", .json),
            CanonicalColumn("execution_duration", .integer),
            CanonicalColumn("error_message"),
            CanonicalColumn("result", .json),
            CanonicalColumn("ip_address"),
            // The backend's copy calls it signature_provided: the same HMAC the caller sent.
            CanonicalColumn("signature", also: ["signature_provided", "signatureProvided"]),
            CanonicalColumn("created_at", .timestamp, required: true),
            CanonicalColumn("completed_at", .timestamp),
        ],
        mode: .watermarked(column: "created_at", openStatuses: ["pending", "in_progress"]),
        indexes: [
            ["created_at"], ["namespace", "created_at"], ["requested_by", "created_at"],
            ["ip_address", "created_at"], ["signature"],
            // `new namespace for requested_by` (schema 6): one seek per action instead of a
            // walk through the requester's month (70 s on 1M actions, 2 s with it).
            ["requested_by", "namespace", "created_at"],
        ])

    public static let policyAuditLogs = CanonicalTable(
        name: "policy_audit_logs",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("user_id"),
            CanonicalColumn("action", required: true),
            CanonicalColumn("resource", required: true),
            CanonicalColumn("result", required: true),
            CanonicalColumn("applied_policies", .json),
            CanonicalColumn("context", .json),
            CanonicalColumn("reason"),
            CanonicalColumn("ip_address"),
            CanonicalColumn("user_agent"),
            CanonicalColumn("created_at", .timestamp, required: true),
        ],
        mode: .watermarked(column: "created_at", openStatuses: []),
        indexes: [
            ["created_at"], ["user_id", "action", "resource", "created_at"],
            ["ip_address", "created_at"],
            // An actor's decisions around a time (schema 7): actions joined to their requester's.
            ["user_id", "created_at"],
        ])

    public static let auditEvents = CanonicalTable(
        name: "audit_events",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("event_type", required: true),
            CanonicalColumn("user_id"),
            CanonicalColumn("entity_type"),
            CanonicalColumn("entity_id"),
            CanonicalColumn("details", .json),
            CanonicalColumn("ip_address"),
            CanonicalColumn("user_agent"),
            CanonicalColumn("created_at", .timestamp, required: true),
        ],
        mode: .watermarked(column: "created_at", openStatuses: []),
        indexes: [
            // `user_id` after the time (schema 8): who used an address, from the index alone.
            ["created_at"], ["user_id", "ip_address", "created_at"], ["ip_address", "created_at", "user_id"],
            ["event_type", "created_at"],
            // `details.email` as QueryLang compiles it (schema 7): logins joined to failures of
            // the same account by index.
            [CanonicalTable.jsonMember("details", ["email"]), "created_at"],
        ])

    public static let executionErrors = CanonicalTable(
        name: "execution_errors",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("audit_log_id"),
            CanonicalColumn("error_code"),
            CanonicalColumn("error_category"),
            CanonicalColumn("error_message"),
            CanonicalColumn("error_stack"),
            CanonicalColumn("recoverable", .boolean),
            CanonicalColumn("retry_count", .integer),
            CanonicalColumn("occurred_at", .timestamp, required: true),
            CanonicalColumn("metadata", .json),
        ],
        mode: .watermarked(column: "occurred_at", openStatuses: []),
        indexes: [["occurred_at"], ["audit_log_id"]])

    /// Users, to turn ids into e-mail addresses. Password, refresh-token and reset-token
    /// columns are not part of the schema, so they are never read.
    public static let users = CanonicalTable(
        name: "users",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("email", required: true),
            CanonicalColumn("first_name"),
            CanonicalColumn("last_name"),
            CanonicalColumn("is_active", .boolean),
            CanonicalColumn("last_login", .timestamp),
        ],
        mode: .mirror,
        indexes: [["email"]])

    /// Policies: not audited at the source, so every sync keeps a full numbered snapshot.
    public static let policies = CanonicalTable(
        name: "policies",
        columns: [
            CanonicalColumn("id", required: true),
            CanonicalColumn("name", required: true),
            CanonicalColumn("description"),
            CanonicalColumn("type"),
            CanonicalColumn("effect", required: true),
            CanonicalColumn("actions", .jsonArray),
            CanonicalColumn("resources", .jsonArray),
            CanonicalColumn("conditions", .json),
            CanonicalColumn("priority", .integer),
            CanonicalColumn("is_active", .boolean),
            CanonicalColumn("created_at", .timestamp),
            CanonicalColumn("updated_at", .timestamp),
            CanonicalColumn("created_by"),
        ],
        mode: .snapshot,
        indexes: [["name"]])

    /// Every table of the cache, in creation order.
    public static let tables = [actionAuditLogs, policyAuditLogs, auditEvents, executionErrors, users, policies]
}

/// A kind of Aegis database and the tables read from it.
public enum SourceRole: String, Sendable, CaseIterable {
    case backend
    case executor

    /// The tables read from this kind of database; `required` ones must exist.
    public var tables: [(table: CanonicalTable, required: Bool)] {
        switch self {
        case .backend:
            return [
                (AegisSchema.policyAuditLogs, true), (AegisSchema.auditEvents, true),
                (AegisSchema.policies, true), (AegisSchema.users, true),
                (AegisSchema.actionAuditLogs, false),
            ]
        case .executor:
            return [(AegisSchema.actionAuditLogs, true), (AegisSchema.executionErrors, false)]
        }
    }
}
