import AegisSources

/// How one canonical table is read from one source table: the SELECT list that maps the
/// source's dialect onto the canonical columns, in canonical order.
public struct TableReadPlan: Sendable {
    public let table: CanonicalTable
    /// The source's name for the table (quoted).
    let quotedTable: String
    /// One SQL expression per canonical column (`NULL` where the source lacks the column).
    let expressions: [String]
    /// "snake", "camel" or "mixed": which naming the source table uses.
    public let dialect: String
    /// The source column of each canonical column, nil where it is absent.
    public let sourceColumns: [SourceColumn?]
    /// The source time zone of `timestamp without time zone` columns.
    let timeZone: String
    /// Quoted literal of ``timeZone``.
    let timeZoneLiteral: String

    /// `COPY (SELECT ... [WHERE ...] [ORDER BY id]) TO STDOUT`.
    func copySQL(where predicate: String? = nil, orderByID: Bool = false) -> String {
        var select = "SELECT \(expressions.joined(separator: ", ")) FROM \(quotedTable)"
        if let predicate { select += " WHERE \(predicate)" }
        if orderByID { select += " ORDER BY \(expressions[0])" }
        return "COPY (\(select)) TO STDOUT"
    }

    /// Rows whose `column` is at or after `instant` (UTC ISO 8601, already validated),
    /// written so that the source's index on the column can serve it.
    func predicate(column: String, atOrAfter instant: String) -> String {
        guard let index = table.columns.firstIndex(where: { $0.name == column }),
            let source = sourceColumns[index]
        else { return "true" }
        let quoted = "\"\(source.name.replacingOccurrences(of: "\"", with: "\"\""))\""
        let bound = "'\(instant)'::timestamptz"
        switch source.dataType {
        case "timestamp with time zone": return "\(quoted) >= \(bound)"
        case "timestamp without time zone": return "\(quoted) >= (\(bound) AT TIME ZONE \(timeZoneLiteral))"
        default: return "\(quoted)::timestamptz >= \(bound)"
        }
    }

    /// Rows whose id is one of `ids` (quoted as literals by the caller's connection).
    func predicate(idIn quotedIDs: [String]) -> String {
        "\(expressions[0]) IN (\(quotedIDs.joined(separator: ", ")))"
    }

    /// Builds the plan from the columns `information_schema` reported for the source table.
    static func make(
        table: CanonicalTable, sourceTable: String, columns: [SourceColumn], timeZone: String,
        connection: PostgresConnection
    ) throws(SourceError) -> TableReadPlan {
        let byName = Dictionary(columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var expressions: [String] = []
        var matched: [SourceColumn?] = []
        var sawSnake = false, sawCamel = false
        let utc = timeZone.uppercased() == "UTC"
        for column in table.columns {
            guard let source = column.sourceNames.lazy.compactMap({ byName[$0] }).first else {
                if column.required {
                    throw .missingColumn(
                        source: connection.source, endpoint: connection.endpoint, table: sourceTable,
                        column: column.name)
                }
                expressions.append("NULL")
                matched.append(nil)
                continue
            }
            if source.name.contains("_") { sawSnake = true }
            if source.name.contains(where: \.isUppercase) { sawCamel = true }
            let quoted = connection.identifier(source.name)
            switch (column.kind, source.dataType) {
            case (.jsonArray, "ARRAY"): expressions.append("array_to_json(\(quoted))")
            case (.timestamp, "timestamp without time zone") where !utc:
                expressions.append("(\(quoted) AT TIME ZONE \(connection.literal(timeZone)))")
            default: expressions.append(quoted)
            }
            matched.append(source)
        }
        let dialect = sawCamel ? (sawSnake ? "mixed" : "camel") : "snake"
        return TableReadPlan(
            table: table, quotedTable: connection.identifier(sourceTable), expressions: expressions,
            dialect: dialect, sourceColumns: matched, timeZone: timeZone,
            timeZoneLiteral: connection.literal(timeZone))
    }
}
