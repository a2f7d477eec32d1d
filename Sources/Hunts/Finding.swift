import AegisAudit
import QueryLang

/// A row of another table that a finding rests on: the table and the row's `id`.
public struct EvidenceReference: Sendable, Hashable, Comparable {
    public let table: String
    public let id: String

    public init(table: String, id: String) {
        self.table = table
        self.id = id
    }

    public static func < (lhs: EvidenceReference, rhs: EvidenceReference) -> Bool {
        (lhs.table, lhs.id) < (rhs.table, rhs.id)
    }
}

/// One row of a hunt's result: what it means in one line, when, and the rows that prove it.
public struct Finding: Sendable, Equatable {
    public let huntID: String
    public let severity: Severity
    /// The finding's time (cache form), from the hunt's `time` column.
    public let time: String?
    public let summary: String
    /// Deduplicated, in the order the hunt's `evidence` columns give them.
    public let evidence: [EvidenceReference]
    /// The row as the query returned it.
    public let columns: [String]
    public let values: [CacheValue]
}

/// What running one hunt gave: its parameters as resolved, whether it ran, and its findings.
public struct HuntOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        case ran
        /// Not run, and why (a required parameter with no value).
        case skipped(String)
    }

    public let hunt: Hunt
    /// Every parameter the query was given, `since` and `until` included, by name.
    public let parameters: [String: QueryParameter]
    public let status: Status
    /// The findings; empty when they went to a ``FindingSpool`` instead.
    public let findings: [Finding]
    /// How many findings the hunt had (also when they went to a spool).
    public let findingCount: Int

    init(hunt: Hunt, parameters: [String: QueryParameter], status: Status, findings: [Finding], count: Int? = nil) {
        self.hunt = hunt
        self.parameters = parameters
        self.status = status
        self.findings = findings
        findingCount = count ?? findings.count
    }
}
