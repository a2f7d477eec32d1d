import AegisSources

/// Streams the policies of one cached snapshot in key order (by id, or by name then id), so
/// that two of them, or one and a baseline file, can be compared in one pass.
struct PolicySnapshotReader {
    enum Order {
        case id
        case name
    }

    private let statement: CacheStatement

    init(_ snapshot: PolicySnapshot, order: Order, cache: Cache) throws {
        let key = order == .id ? "id" : "name, id"
        statement = try CacheStatement(
            """
            SELECT id, name, description, type, effect, actions, resources, conditions, priority, is_active, updated_at
            FROM policies WHERE snapshot_no = ? ORDER BY \(key)
            """, [.integer(snapshot.number)], cache: cache)
    }

    /// The next policy, or nil at the end.
    mutating func next() throws -> PolicyDefinition? {
        guard try statement.step() else { return nil }
        var values: [PolicyField: JSONValue] = [:]
        values[.name] = text(1)
        values[.description] = text(2)
        // `type` exists only in TypeORM databases: NULL (no such column at the source) is not compared.
        if !statement.isNull(3) { values[.type] = text(3) }
        values[.effect] = text(4)
        values[.actions] = json(5)
        values[.resources] = json(6)
        values[.conditions] = json(7)
        values[.priority] = statement.isNull(8) ? .null : .number(String(statement.int64(8)))
        values[.isActive] = statement.isNull(9) ? .null : .bool(statement.int64(9) != 0)
        return PolicyDefinition(
            id: statement.text(0), name: statement.text(1) ?? "", values: values, updatedAt: statement.text(10))
    }

    private func text(_ index: Int) -> JSONValue {
        statement.text(index).map(JSONValue.string) ?? .null
    }

    /// A JSON column; text that is not JSON (it should not happen) compares as a string.
    private func json(_ index: Int) -> JSONValue {
        guard let text = statement.text(index) else { return .null }
        return (try? JSONParser.parse(text)) ?? .string(text)
    }
}
