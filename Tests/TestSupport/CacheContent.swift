import AegisAudit
import Foundation

/// What a cache holds, without the sync bookkeeping: per table, one line per row (source, id
/// and row hash; Loki entries by entry hash, labels and time), sorted. Two caches synced from
/// the same sources hold equal content whatever runs, ids or interruptions led there.
public struct CacheContent: Equatable, Sendable {
    /// Table (or view) name → its rows as sorted lines.
    public let tables: [String: [String]]

    /// Reads the cache at `path` read-only.
    public init(path: String) throws {
        let database = try Cache.openForReading(path: path).database
        var tables: [String: [String]] = [:]
        for (name, sql) in Self.queries {
            let statement = try database.prepare(sql)
            var lines: [String] = []
            while try statement.step() { lines.append(statement.text(0) ?? "NULL") }
            tables[name] = lines
        }
        self.tables = tables
    }

    /// Content given table by table.
    public init(tables: [String: [String]]) { self.tables = tables }

    /// Rows per table, for messages.
    public var counts: [String: Int] { tables.mapValues(\.count) }

    /// The first difference from `other` in words, or nil when equal.
    public func difference(from other: CacheContent) -> String? {
        for name in tables.keys.sorted() {
            let mine = tables[name] ?? [], theirs = other.tables[name] ?? []
            guard mine != theirs else { continue }
            let index =
                zip(mine, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(mine.count, theirs.count)
            let first = index < mine.count ? mine[index] : "(end)"
            let second = index < theirs.count ? theirs[index] : "(end)"
            return "\(name): \(mine.count) rows vs \(theirs.count); row \(index): \(first) vs \(second)"
        }
        return nil
    }

    /// One query per content table; each returns one text column, sorted.
    static var queries: [(String, String)] {
        var queries: [(String, String)] = []
        for table in AegisSchema.tables {
            let line = "source || '|' || id || '|' || hex(row_hash)"
            if table.mode == .snapshot {
                queries.append((table.name, "SELECT \(line) FROM \(table.name)_latest ORDER BY 1"))
            } else {
                queries.append((table.name, "SELECT \(line) FROM \(table.name) ORDER BY 1"))
                queries.append(("\(table.name)_history", "SELECT \(line) FROM \(table.name)_history ORDER BY 1"))
            }
        }
        queries.append(
            (
                "loki_entries",
                """
                SELECT hex(e.entry_hash) || '|' || e.ts_ns || '|' || s.labels || '|' || e.format
                FROM loki_entries e JOIN loki_streams s ON s.id = e.stream_id ORDER BY 1
                """
            ))
        queries.append(
            (
                "loki_events",
                """
                SELECT v.kind || '|' || coalesce(v.subject_id, '') || '|' || v.ts_ns || '|' || hex(e.entry_hash)
                FROM loki_events v JOIN loki_entries e ON e.id = v.entry_id ORDER BY 1
                """
            ))
        return queries
    }
}
