/// A view that is a `UNION ALL` of arms, kept as data so that a reader can select only some of
/// its columns.
///
/// SQLite 3.40 computes every column of every arm of a compound subquery it cannot flatten (under
/// an aggregate, for one), including the ones nobody reads. The `timeline` view's columns
/// include e-mail look-ups, summaries and finding ids, about 2 µs a row; a query that reads
/// five of its sixteen columns pays for all of them. ``select(columns:)`` writes the same union
/// with only the wanted columns, row for row what the view gives for them.
public struct UnionView: Sendable {
    /// One `SELECT` of the union: an expression per column of the view, and what follows
    /// `FROM` (the table, its alias and any `WHERE`).
    public struct Arm: Sendable {
        public let expressions: [String]
        public let from: String
    }

    /// The cache's views of this kind: `timeline`.
    public static let cacheViews = [CacheSchema.timeline]

    public let name: String
    /// The view's columns, in order.
    public let columns: [String]
    public let arms: [Arm]

    /// The union with only `wanted` (in the view's order; names the view lacks are ignored),
    /// or every column when `wanted` holds none of them.
    public func select(columns wanted: [String]) -> String {
        let wantedSet = Set(wanted)
        var indexes = columns.indices.filter { wantedSet.contains(columns[$0]) }
        if indexes.isEmpty { indexes = Array(columns.indices) }
        return arms.enumerated().map { number, arm in
            let list = indexes.map { index in
                // The first arm names the columns, as the view does.
                number == 0 ? "\(arm.expressions[index]) AS \(columns[index])" : arm.expressions[index]
            }
            return "SELECT \(list.joined(separator: ", "))\n    FROM \(arm.from)"
        }.joined(separator: "\nUNION ALL\n")
    }
}
