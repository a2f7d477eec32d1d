import AegisSources

/// Reads a source's catalogue and decides, table by table, how to map it to the cache.
enum SourcePlanner {
    /// The read plans of every table `role` has at this source; throws when the database is not
    /// an Aegis one, or lacks a required table or column.
    static func plan(
        role: SourceRole, connection: PostgresConnection, timeZone: String
    ) throws(SourceError) -> [TableReadPlan] {
        let wanted = role.tables
        let catalogue = try connection.columns(ofTables: wanted.map { $0.table.name })
        guard !catalogue.isEmpty else {
            throw .notAegisDatabase(
                source: connection.source, endpoint: connection.endpoint,
                expectedTables: wanted.filter(\.required).map(\.table.name))
        }
        if timeZone.uppercased() != "UTC", try !connection.knowsTimeZone(timeZone) {
            throw .unknownTimeZone(source: connection.source, endpoint: connection.endpoint, zone: timeZone)
        }
        var plans: [TableReadPlan] = []
        for (table, required) in wanted {
            guard let columns = catalogue[table.name] else {
                if required {
                    throw .missingTable(source: connection.source, endpoint: connection.endpoint, table: table.name)
                }
                continue
            }
            plans.append(
                try TableReadPlan.make(
                    table: table, sourceTable: table.name, columns: columns, timeZone: timeZone,
                    connection: connection))
        }
        return plans
    }
}
