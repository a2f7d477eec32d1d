/// A column of a source table as `information_schema.columns` describes it.
public struct SourceColumn: Sendable, Equatable {
    public let name: String
    /// `data_type`: "uuid", "jsonb", "ARRAY", "USER-DEFINED", "timestamp without time zone", ...
    public let dataType: String
    /// `udt_name`: the underlying type ("_text" for text[], an enum's name, ...).
    public let udtName: String

    public init(name: String, dataType: String, udtName: String) {
        self.name = name
        self.dataType = dataType
        self.udtName = udtName
    }
}

extension PostgresConnection {
    /// The columns of each of `tables` in the session's current schema, in table order.
    /// Tables the role cannot read, or that do not exist, are absent from the result.
    public func columns(ofTables tables: [String]) throws(SourceError) -> [String: [SourceColumn]] {
        let rows = try query(
            """
            SELECT table_name::text, column_name::text, data_type::text, udt_name::text
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY($1::text[])
            ORDER BY table_name, ordinal_position
            """, parameters: ["{" + tables.joined(separator: ",") + "}"], step: "reading the table catalogue")
        var result: [String: [SourceColumn]] = [:]
        for row in rows {
            guard let table = row[0], let name = row[1] else { continue }
            result[table, default: []].append(
                SourceColumn(name: name, dataType: row[2] ?? "", udtName: row[3] ?? ""))
        }
        return result
    }

    /// Whether `zone` is a time zone name the server knows.
    public func knowsTimeZone(_ zone: String) throws(SourceError) -> Bool {
        let rows = try query(
            "SELECT 1 FROM pg_timezone_names WHERE name = $1 UNION ALL SELECT 1 WHERE upper($1) = 'UTC'",
            parameters: [zone], step: "checking the source time zone")
        return !rows.isEmpty
    }
}
