/// One timeline statement: the `timeline` view, or a QueryLang pipeline over it, filtered by a
/// ``TimelineFilter`` and ordered by time (then nanoseconds, source and row, so the order is
/// total and repeatable). SQLite sorts with its own external sorter: rows stream out and memory
/// does not grow with their number.
public struct TimelineQuery: Sendable {
    /// A compiled pipeline over the `timeline` view, used in its place; it must keep the view's
    /// columns (`where`, `search`, `head`, ... do).
    public struct Pipeline: Sendable {
        public let sql: String
        public let parameters: [CacheValue]

        public init(sql: String, parameters: [CacheValue]) {
            self.sql = sql
            self.parameters = parameters
        }
    }

    /// Which columns the rows carry.
    public enum Layout: Sendable {
        /// Every normalised column: files, the HTML report.
        case full
        /// What fits a terminal: time, source, kind (a finding's hunt), who, ip, result, summary,
        /// finding ids.
        case compact
    }

    public var filter: TimelineFilter
    /// ``TimelineFilter/user`` resolved against `users` (``TimelineUser/resolve(_:in:)``).
    public var identity: TimelineUser?
    public var pipeline: Pipeline?

    public init(filter: TimelineFilter = TimelineFilter(), identity: TimelineUser? = nil, pipeline: Pipeline? = nil) {
        self.filter = filter
        self.identity = identity
        self.pipeline = pipeline
    }

    /// The columns of ``Layout/full``, in order.
    public static let fullColumns = [
        "time", "source", "kind", "actor", "actor_email", "ip", "namespace", "action", "target", "result", "summary",
        "origin", "row_table", "row_id", "finding_ids",
    ]

    /// `time` with nanoseconds, in UTC: `2026-11-18T02:17:00.000000000Z`.
    public static let nanosecondTime =
        "strftime('%Y-%m-%dT%H:%M:%S', time_ns / 1000000000, 'unixepoch') || printf('.%09dZ', time_ns % 1000000000)"

    /// The select list of ``Layout/full`` over the view's columns.
    public static var fullSelectList: String {
        fullColumns.map { $0 == "time" ? "\(nanosecondTime) AS time" : $0 }.joined(separator: ", ")
    }

    /// The rows, in time order, with the columns of `layout`.
    public func rows(layout: Layout = .full) -> (sql: String, parameters: [CacheValue]) {
        let (relation, parameters) = filtered()
        let columns: String
        switch layout {
        case .full:
            columns = Self.fullColumns.map { $0 == "time" ? "\(Self.nanosecondTime) AS time" : $0 }.joined(
                separator: ", ")
        case .compact:
            columns =
                "\(Self.nanosecondTime) AS time, source, CASE WHEN source = 'hunts' THEN action ELSE kind END AS kind, "
                + "coalesce(actor_email, actor) AS who, ip, result, summary, "
                + "finding_ids"
        }
        return (
            "SELECT \(columns) FROM (\(relation)) ORDER BY time, time_ns, source = 'hunts', source, row_id",
            parameters.values
        )
    }

    /// The filtered rows with every column of the view, unordered: the relation the report's
    /// aggregates are computed over (`SELECT ... FROM (<sql>)`). Further values may be bound
    /// after its parameters.
    public func filtered() -> (sql: String, parameters: TimelineParameters) {
        var parameters = TimelineParameters(pipeline?.parameters ?? [])
        let base = pipeline.map { "SELECT * FROM (\($0.sql))" } ?? "SELECT * FROM timeline"
        let conditions = filter.conditions(identity: identity, parameters: &parameters)
        let sql = conditions.isEmpty ? base : base + " WHERE " + conditions.joined(separator: " AND ")
        return (sql, parameters)
    }
}
