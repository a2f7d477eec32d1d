import Foundation

/// A cached policy snapshot: its number, source and the time it was taken.
public struct PolicySnapshot: Sendable, Equatable {
    public let number: Int64
    public let source: String
    /// `taken_at`, the cache form.
    public let takenAt: String
    public let policyCount: Int64

    /// `snapshot #4 (2026-11-18T03:00:00.000000Z)`.
    public var label: String { "snapshot #\(number) (\(takenAt))" }

    /// A `--from`/`--to` value: a snapshot number (`#3` or `3`), else a time (a timestamp, or a
    /// duration before `now`) meaning the latest snapshot taken at or before it.
    enum Selector: Equatable {
        case number(Int64)
        case time(String)

        static func parse(_ text: String, option: String, now: Date) throws -> Selector {
            let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
            if let number = Int64(digits), number > 0 { return .number(number) }
            if text.hasPrefix("#") {
                throw PolicyDiffError.unknownSnapshot(
                    option: option, value: text, reason: "not a snapshot number (#1, #2, ...)")
            }
            return .time(try TimelineWindow.moment(text, now: now, option: option))
        }
    }

    private static let columns = "snapshot_no, source, taken_at, policy_count FROM policy_snapshots"

    /// Every source with a snapshot, in name order.
    static func sources(in cache: Cache) throws -> [String] {
        try strings("SELECT DISTINCT source FROM policy_snapshots ORDER BY source", [], cache)
    }

    static func numbered(_ number: Int64, in cache: Cache) throws -> PolicySnapshot? {
        try one("SELECT \(columns) WHERE snapshot_no = ?", [.integer(number)], cache)
    }

    /// The source's latest snapshot taken at or before `time` (any time when nil).
    static func latest(source: String, atOrBefore time: String?, in cache: Cache) throws -> PolicySnapshot? {
        try one(
            "SELECT \(columns) WHERE source = ? AND taken_at <= ? ORDER BY snapshot_no DESC LIMIT 1",
            [.text(source), .text(time ?? "9999")], cache)
    }

    /// The source's snapshot just before `snapshot`.
    static func previous(_ snapshot: PolicySnapshot, in cache: Cache) throws -> PolicySnapshot? {
        try one(
            "SELECT \(columns) WHERE source = ? AND snapshot_no < ? ORDER BY snapshot_no DESC LIMIT 1",
            [.text(snapshot.source), .integer(snapshot.number)], cache)
    }

    private static func one(_ sql: String, _ arguments: [CacheValue], _ cache: Cache) throws -> PolicySnapshot? {
        let statement = try CacheStatement(sql, arguments, cache: cache)
        guard try statement.step() else { return nil }
        return PolicySnapshot(
            number: statement.int64(0), source: statement.text(1) ?? "", takenAt: statement.text(2) ?? "",
            policyCount: statement.int64(3))
    }

    private static func strings(_ sql: String, _ arguments: [CacheValue], _ cache: Cache) throws -> [String] {
        let statement = try CacheStatement(sql, arguments, cache: cache)
        var result: [String] = []
        while try statement.step() { result.append(statement.text(0) ?? "") }
        return result
    }
}

/// A prepared statement on the cache whose SQLite errors become ``CacheError``s naming the file.
struct CacheStatement {
    private let statement: SQLiteStatement
    private let path: String

    init(_ sql: String, _ arguments: [CacheValue] = [], cache: Cache) throws(CacheError) {
        path = cache.path
        do { statement = try cache.database.prepare(sql) } catch { throw .sqlite(path: cache.path, error) }
        bind(arguments)
    }

    /// Resets the statement and binds new arguments.
    func rebind(_ arguments: [CacheValue]) {
        statement.reset()
        statement.clear()
        bind(arguments)
    }

    private func bind(_ arguments: [CacheValue]) { statement.bind(arguments) }

    func step() throws(CacheError) -> Bool {
        do { return try statement.step() } catch { throw .sqlite(path: path, error) }
    }

    func isNull(_ index: Int) -> Bool { statement.isNull(index) }
    func int64(_ index: Int) -> Int64 { statement.int64(index) }
    func text(_ index: Int) -> String? { statement.text(index) }
}
