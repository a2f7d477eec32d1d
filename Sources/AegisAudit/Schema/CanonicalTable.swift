/// How a canonical column's values are read and stored.
public enum ValueKind: Sendable, Equatable {
    /// Text, stored as is (uuid, varchar, enum, inet all arrive as text).
    case text
    /// A JSON document (jsonb or json at the source), stored as its text.
    case json
    /// A list: `text[]` in the SQL-script dialect, a jsonb array in TypeORM's; stored as JSON.
    case jsonArray
    /// A whole number, stored as INTEGER.
    case integer
    /// A boolean, stored as INTEGER 1 or 0.
    case boolean
    /// An instant, stored as UTC ISO 8601 text with microseconds: `2026-11-20T10:30:45.123456Z`.
    case timestamp

    /// The declared column type in the cache (JSONTEXT keeps TEXT affinity and tells writers
    /// that the text is JSON).
    var cacheType: String {
        switch self {
        case .text, .timestamp: return "TEXT"
        case .json, .jsonArray: return "JSONTEXT"
        case .integer, .boolean: return "INTEGER"
        }
    }
}

/// One column of the cache, and the names it goes by at the source.
public struct CanonicalColumn: Sendable {
    /// The snake_case name in the cache.
    public let name: String
    public let kind: ValueKind
    /// Names to look for at the source, in order of preference (snake_case, then camelCase).
    public let sourceNames: [String]
    /// Whether a source table without it is rejected (otherwise the cache stores NULL).
    public let required: Bool

    init(_ name: String, _ kind: ValueKind = .text, required: Bool = false, also: [String] = []) {
        self.name = name
        self.kind = kind
        self.required = required
        let camel = Self.camelCase(name)
        sourceNames = [name] + (camel == name ? [] : [camel]) + also
    }

    /// `resource_type` → `resourceType`.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_")
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// How a table is kept up to date.
public enum SyncMode: Sendable, Equatable {
    /// Read rows at or after the last watermark (minus the overlap) of `column`; rows are keyed
    /// by id and versioned when they change. `openStatuses` names the values of `status` whose
    /// rows may still change at the source (re-read by id at every sync).
    case watermarked(column: String, openStatuses: [String])
    /// Read the whole table every time; rows keyed by id and versioned when they change.
    case mirror
    /// Read the whole table every time into a new numbered snapshot.
    case snapshot
}

/// A table of the cache: its columns, how it is synced, and its indexes.
public struct CanonicalTable: Sendable {
    public let name: String
    /// The columns, `id` first.
    public let columns: [CanonicalColumn]
    public let mode: SyncMode
    /// Secondary indexes (column lists) for the hunts, created after a bulk load.
    public let indexes: [[String]]

    /// The column named `name`.
    public func column(_ name: String) -> CanonicalColumn? { columns.first { $0.name == name } }

    /// The SQL of a member of a JSON column, as QueryLang writes `column.member.member` and as
    /// expression indexes must spell it to serve those queries: NULL when the column's text is
    /// not JSON (instead of an error that would stop the whole query). Names are identifiers
    /// (letters, digits, `_`).
    public static func jsonMember(_ column: String, _ members: [String]) -> String {
        let quoted = "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let path = "$." + members.map { "\"\($0)\"" }.joined(separator: ".")
        return "json_extract(CASE WHEN json_valid(\(quoted)) THEN \(quoted) END, '\(path.replacingOccurrences(of: "'", with: "''"))')"
    }
}
