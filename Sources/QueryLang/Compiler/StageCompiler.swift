import AegisAudit
import AegisSources

/// Applies one pipeline stage to the relation so far, producing the next SELECT.
struct StageCompiler {
    let compilation: Compilation
    /// The table after `from`: the history `new ... for ...` looks back into.
    let root: Catalog.Table
    private var depth = 0

    init(compilation: Compilation, root: Catalog.Table) {
        self.compilation = compilation
        self.root = root
    }

    mutating func apply(_ stage: Stage, span: Span, to relation: Relation) throws(Diagnostic) -> Relation {
        depth += 1
        let alias = "s\(depth)"
        let from = "(\(relation.sql)) AS \(alias)"
        var next = relation
        next.endsWithOrderBy = false
        next.endsWithLimit = false
        let expressions = ExpressionCompiler(compilation: compilation, relation: relation)
        switch stage {
        case .whereFilter(let condition):
            let compiled = try expressions.compile(condition)
            guard compiled.type == .boolean || compiled.type == .any || compiled.type.isNumeric else {
                throw Diagnostic(
                    .typeMismatch, "'where' needs a condition, not a \(compiled.type.rawValue)", at: condition.span)
            }
            next.sql = "SELECT * FROM \(from) WHERE \(compiled.sql)"

        case .search(let text, _):
            let searchable = relation.columns.filter { [.text, .json, .any].contains($0.type) }
            let needle = compilation.bind(.text(text.lowercased()))
            let tests = searchable.map { "instr(lower(\(Quote.identifier($0.name))), \(needle)) > 0" }
            next.sql = "SELECT * FROM \(from) WHERE \(tests.isEmpty ? "0" : tests.joined(separator: " OR "))"

        case .project(let items):
            var columns: [Catalog.Column] = []
            var select: [String] = []
            for item in items {
                let compiled = try expressions.compile(item.expression)
                let name = try outputName(item)
                guard !columns.contains(where: { $0.name == name }) else {
                    throw Diagnostic(.duplicateColumn, "column '\(name)' is projected twice", at: item.span)
                }
                columns.append(Catalog.Column(name: name, type: compiled.type))
                select.append("\(compiled.sql) AS \(Quote.identifier(name))")
            }
            next.columns = columns
            next.sql = "SELECT \(select.joined(separator: ", ")) FROM \(from)"
            next.timeColumn = columns.contains { $0.name == relation.timeColumn } ? relation.timeColumn : nil
            next.order = relation.order.filter { key in columns.contains { Quote.identifier($0.name) == key.column } }

        case .projectAway(let names):
            var columns = relation.columns
            for (name, span) in names {
                guard let index = columns.firstIndex(where: { $0.name == name }) else {
                    throw unknownColumn(name, span, in: relation)
                }
                columns.remove(at: index)
            }
            guard !columns.isEmpty else {
                throw Diagnostic(.noColumnsLeft, "'project-away' would drop every column", at: span)
            }
            next.columns = columns
            next.sql = "SELECT \(columns.map { Quote.identifier($0.name) }.joined(separator: ", ")) FROM \(from)"
            if let time = relation.timeColumn, !columns.contains(where: { $0.name == time }) { next.timeColumn = nil }
            next.order = relation.order.filter { key in columns.contains { Quote.identifier($0.name) == key.column } }

        case .rename(let items):
            var columns = relation.columns
            for item in items {
                guard let index = columns.firstIndex(where: { $0.name == item.old }) else {
                    throw unknownColumn(item.old, item.span, in: relation)
                }
                if columns.enumerated().contains(where: { $0.offset != index && $0.element.name == item.new }) {
                    throw Diagnostic(.duplicateColumn, "a column '\(item.new)' exists already", at: item.span)
                }
                columns[index] = Catalog.Column(name: item.new, type: columns[index].type)
                if next.timeColumn == item.old { next.timeColumn = item.new }
            }
            let select = zip(relation.columns, columns).map { old, new in
                "\(Quote.identifier(old.name)) AS \(Quote.identifier(new.name))"
            }
            next.columns = columns
            next.sql = "SELECT \(select.joined(separator: ", ")) FROM \(from)"
            next.order = []

        case .extend(let items) where items.count > 1:
            // Each item sees the ones before it: one nesting per item.
            var current = relation
            for item in items { current = try apply(.extend([item]), span: span, to: current) }
            return current

        case .extend(let items):
            var columns = relation.columns
            var select = relation.columns.map { Quote.identifier($0.name) }
            var scope = relation
            for item in items {
                let compiled = try ExpressionCompiler(compilation: compilation, relation: scope).compile(
                    item.expression)
                let name = try outputName(item)
                let column = Catalog.Column(name: name, type: compiled.type)
                if let index = columns.firstIndex(where: { $0.name == name }) {
                    columns[index] = column
                    select[index] = "\(compiled.sql) AS \(Quote.identifier(name))"
                } else {
                    columns.append(column)
                    select.append("\(compiled.sql) AS \(Quote.identifier(name))")
                }
                scope.columns = columns
            }
            next.columns = columns
            next.sql = "SELECT \(select.joined(separator: ", ")) FROM \(from)"
            let replaced = Set(items.compactMap { $0.name }.map { Quote.identifier($0) })
            next.order = relation.order.filter { !replaced.contains($0.column) }

        case .stats(let aggregates, let by):
            next = try stats(aggregates: aggregates, by: by, over: relation, alias: alias)

        case .sort(let keys):
            var parts: [String] = []
            var order: [(String, Bool)] = []
            for key in keys {
                let compiled = try expressions.compile(key.expression)
                parts.append("\(compiled.sql) \(key.descending ? "DESC" : "ASC")")
                if case .column = key.expression { order.append((compiled.sql, key.descending)) }
            }
            next.sql = "SELECT * FROM \(from) ORDER BY \(parts.joined(separator: ", "))"
            next.order = order.count == keys.count ? order : []
            next.endsWithOrderBy = true

        case .head(let count, _):
            let limit = compilation.bind(.integer(count))
            let appendable = relation.endsWithOrderBy && !relation.endsWithLimit
            if appendable {
                next.sql = "\(relation.sql) LIMIT \(limit)"
            } else if !relation.order.isEmpty {
                // SQL does not promise that a subquery keeps its order: sort again before cutting.
                let keys = relation.order.map { "\($0.column) \($0.descending ? "DESC" : "ASC")" }
                next.sql = "SELECT * FROM \(from) ORDER BY \(keys.joined(separator: ", ")) LIMIT \(limit)"
            } else {
                next.sql = "SELECT * FROM \(from) LIMIT \(limit)"
            }
            next.endsWithOrderBy = appendable || !relation.order.isEmpty
            next.endsWithLimit = next.endsWithOrderBy

        case .top(let count, let value, let by, _), .rare(let count, let value, let by, _):
            var descending = true
            if case .rare = stage { descending = false }
            next = try top(count, value, by: by, descending: descending, over: relation, alias: alias)

        case .dedup(let names):
            var keys: [String] = []
            for (name, span) in names {
                guard relation.column(name) != nil else { throw unknownColumn(name, span, in: relation) }
                keys.append(Quote.identifier(name))
            }
            let order = relation.timeColumn.map { Quote.identifier($0) } ?? "rowid"
            next.sql = """
                SELECT \(relation.quotedList) FROM (SELECT *, row_number() OVER (PARTITION BY \(keys.joined(separator: ", ")) \
                ORDER BY \(order)) AS aegis_row FROM \(from)) WHERE aegis_row = 1
                """
            next.order = []

        case .join(let kind, let inner, let left, let right, let within, _):
            next = try join(kind: kind, inner, left: left, right: right, within: within, over: relation, alias: alias)

        case .union(let inner, _):
            let other = try QueryCompiler.relation(of: inner, compilation: compilation)
            var columns = relation.columns
            for column in other.columns where !columns.contains(where: { $0.name == column.name }) {
                columns.append(column)
            }
            func side(_ side: Relation) -> String {
                columns.map { column in
                    side.column(column.name) != nil
                        ? Quote.identifier(column.name) : "NULL AS \(Quote.identifier(column.name))"
                }.joined(separator: ", ")
            }
            next.columns = columns
            next.sql = "SELECT \(side(relation)) FROM \(from) UNION ALL SELECT \(side(other)) FROM (\(other.sql))"
            next.sql = "SELECT * FROM (\(next.sql))"
            next.timeColumn = relation.timeColumn == other.timeColumn ? relation.timeColumn : nil
            next.order = []

        case .parse(let target, let pattern, let patternSpan):
            let subject = try expressions.compile(target)
            let regex: PCRE2Regex
            do { regex = try PCRE2Regex(pattern) } catch {
                throw Diagnostic(
                    .invalidRegex, "invalid regular expression: \(error.message) (at offset \(error.offset))",
                    at: patternSpan)
            }
            let names = regex.groupNames.sorted { $0.value < $1.value }.map(\.key)
            guard !names.isEmpty else {
                throw Diagnostic(
                    .invalidRegex, "'parse' needs named groups such as (?<ip>\\S+)", at: patternSpan)
            }
            let bound = compilation.bind(.text(pattern))
            var columns = relation.columns
            var select = relation.columns.map { Quote.identifier($0.name) }
            for name in names {
                let sql =
                    "regex_extract(\(subject.sql), \(bound), \(compilation.bind(.text(name)))) AS \(Quote.identifier(name))"
                if let index = columns.firstIndex(where: { $0.name == name }) {
                    columns[index] = Catalog.Column(name: name, type: .text)
                    select[index] = sql
                } else {
                    columns.append(Catalog.Column(name: name, type: .text))
                    select.append(sql)
                }
            }
            next.columns = columns
            next.sql = "SELECT \(select.joined(separator: ", ")) FROM \(from)"

        case .since(let seconds, let durationSpan):
            let time = try timeColumn(relation, span: durationSpan, stage: "since")
            let bound = compilation.bind(.text(TimestampLiteral.ago(seconds, from: compilation.now)))
            next.sql = "SELECT * FROM \(from) WHERE \(Quote.identifier(time)) >= \(bound)"

        case .between(let low, let high, let keywordSpan):
            let time = try timeColumn(relation, span: keywordSpan, stage: "between")
            let lowSQL = try expressions.coerce(low, toMatch: .timestamp)
            let highSQL = try expressions.coerce(high, toMatch: .timestamp)
            next.sql =
                "SELECT * FROM \(from) WHERE \(Quote.identifier(time)) >= \(lowSQL.sql) AND \(Quote.identifier(time)) < \(highSQL.sql)"

        case .new(let value, let entities, let lookback, let keywordSpan):
            next = try firstSeen(
                value: value, entities: entities, lookback: lookback, span: keywordSpan, over: relation, alias: alias)

        case .timechart(let step, let aggregates, let by, let stepSpan):
            let time = try timeColumn(relation, span: stepSpan, stage: "timechart")
            let bin = NamedExpression(
                name: time, expression: .call("bin", [.column(time, stepSpan), .duration(step, stepSpan)], stepSpan),
                span: stepSpan)
            var grouped = try stats(
                aggregates: aggregates, by: [bin] + by, over: relation, alias: alias)
            grouped.sql += " ORDER BY 1"
            grouped.timeColumn = time
            grouped.order = [(Quote.identifier(time), false)]
            grouped.endsWithOrderBy = true
            next = grouped
        }
        return next
    }

    private func stats(
        aggregates: [NamedExpression], by: [NamedExpression], over relation: Relation, alias: String
    ) throws(Diagnostic) -> Relation {
        var aggregating = ExpressionCompiler(compilation: compilation, relation: relation)
        aggregating.allowAggregates = true
        let plain = ExpressionCompiler(compilation: compilation, relation: relation)
        var columns: [Catalog.Column] = []
        var select: [String] = []
        for key in by {
            let compiled = try plain.compile(key.expression)
            let name = try outputName(key)
            guard !columns.contains(where: { $0.name == name }) else {
                throw Diagnostic(.duplicateColumn, "column '\(name)' is grouped by twice", at: key.span)
            }
            columns.append(Catalog.Column(name: name, type: compiled.type))
            select.append("\(compiled.sql) AS \(Quote.identifier(name))")
        }
        for aggregate in aggregates {
            let compiled = try aggregating.compile(aggregate.expression)
            guard compiled.aggregate else {
                throw Diagnostic(
                    .aggregateMisuse, "'stats' needs aggregates such as count() or max(x) before 'by'",
                    at: aggregate.span,
                    hints: [
                        "put grouping columns after 'by': stats count() by \(Self.sourceName(aggregate.expression) ?? "column")"
                    ])
            }
            let name = try outputName(aggregate)
            guard !columns.contains(where: { $0.name == name }) else {
                throw Diagnostic(
                    .duplicateColumn, "column '\(name)' appears twice; name one with 'as'", at: aggregate.span)
            }
            columns.append(Catalog.Column(name: name, type: compiled.type))
            select.append("\(compiled.sql) AS \(Quote.identifier(name))")
        }
        // first() and last() see the rows in time order.
        let ordered = aggregates.contains { Self.callsFirstOrLast($0.expression) }
        let source =
            relation.timeColumn.flatMap {
                ordered ? "(SELECT * FROM (\(relation.sql)) ORDER BY \(Quote.identifier($0)))" : nil
            }
            ?? "(\(relation.sql))"
        var sql = "SELECT \(select.joined(separator: ", ")) FROM \(source) AS \(alias)"
        if !by.isEmpty { sql += " GROUP BY \((1...by.count).map(String.init).joined(separator: ", "))" }
        let time = by.first.flatMap { key -> String? in
            if case .column(let name, _) = key.expression, name == relation.timeColumn { return try? outputName(key) }
            if case .call("bin", _, _) = key.expression { return try? outputName(key) }
            return nil
        }
        return Relation(sql: sql, columns: columns, timeColumn: time)
    }

    private func top(
        _ count: Int64, _ value: Expression, by: Expression?, descending: Bool, over relation: Relation, alias: String
    ) throws(Diagnostic) -> Relation {
        let expressions = ExpressionCompiler(compilation: compilation, relation: relation)
        let compiled = try expressions.compile(value)
        let name = Self.sourceName(value) ?? "value"
        let direction = descending ? "DESC" : "ASC"
        let limit = compilation.bind(.integer(count))
        guard let by else {
            return Relation(
                sql: """
                    SELECT \(compiled.sql) AS \(Quote.identifier(name)), count(*) AS "count" FROM (\(relation.sql)) AS \(alias) \
                    GROUP BY 1 ORDER BY 2 \(direction), 1 LIMIT \(limit)
                    """,
                columns: [
                    Catalog.Column(name: name, type: compiled.type), Catalog.Column(name: "count", type: .integer),
                ],
                timeColumn: nil, order: [("\"count\"", descending)], endsWithOrderBy: false)
        }
        let group = try expressions.compile(by)
        let groupName = Self.sourceName(by) ?? "group"
        guard groupName != name else {
            throw Diagnostic(.duplicateColumn, "'by' names the same column as the value", at: by.span)
        }
        return Relation(
            sql: """
                SELECT \(Quote.identifier(groupName)), \(Quote.identifier(name)), "count" FROM (SELECT \(group.sql) AS \
                \(Quote.identifier(groupName)), \(compiled.sql) AS \(Quote.identifier(name)), count(*) AS "count", \
                row_number() OVER (PARTITION BY \(group.sql) ORDER BY count(*) \(direction), \(compiled.sql)) AS aegis_rank \
                FROM (\(relation.sql)) AS \(alias) GROUP BY 1, 2) WHERE aegis_rank <= \(limit) \
                ORDER BY 1, 3 \(direction), 2
                """,
            columns: [
                Catalog.Column(name: groupName, type: group.type), Catalog.Column(name: name, type: compiled.type),
                Catalog.Column(name: "count", type: .integer),
            ],
            timeColumn: nil, order: [], endsWithOrderBy: true)
    }

    private func join(
        kind: String, _ inner: Pipeline, left: (String, Span), right: (String, Span), within: Double?,
        over relation: Relation, alias: String
    ) throws(Diagnostic) -> Relation {
        let other = try QueryCompiler.relation(of: inner, compilation: compilation)
        guard relation.column(left.0) != nil else { throw unknownColumn(left.0, left.1, in: relation) }
        guard other.column(right.0) != nil else { throw unknownColumn(right.0, right.1, in: other) }
        var condition = "l.\(Quote.identifier(left.0)) = r.\(Quote.identifier(right.0))"
        if let within {
            guard let leftTime = relation.timeColumn, let rightTime = other.timeColumn else {
                throw Diagnostic(.noTimeColumn, "'within' needs a time column on both sides of the join", at: left.1)
            }
            let seconds = compilation.bind(.real(within))
            condition +=
                " AND r.\(Quote.identifier(rightTime)) BETWEEN time_add(l.\(Quote.identifier(leftTime)), -\(seconds)) "
                + "AND time_add(l.\(Quote.identifier(leftTime)), \(seconds))"
        }
        if kind == "anti" || kind == "semi" {
            return Relation(
                sql: matching(kind == "semi", relation, other, left: left.0, right: right.0, condition: condition,
                    within: within != nil),
                columns: relation.columns, timeColumn: relation.timeColumn)
        }
        var columns = relation.columns
        var select = relation.columns.map { "l.\(Quote.identifier($0.name))" }
        for column in other.columns where !(column.name == right.0 && right.0 == left.0) {
            var name = column.name
            if columns.contains(where: { $0.name == name }) { name = "right_\(column.name)" }
            var suffix = 2
            while columns.contains(where: { $0.name == name }) {
                name = "right_\(column.name)_\(suffix)"
                suffix += 1
            }
            columns.append(Catalog.Column(name: name, type: column.type))
            select.append("r.\(Quote.identifier(column.name)) AS \(Quote.identifier(name))")
        }
        // An inner join reads the left side first, as written: SQLite would otherwise put a
        // small right side outermost and index the whole left side for it.
        let joinKeyword = kind == "left" ? "LEFT JOIN" : "CROSS JOIN"
        return Relation(
            sql:
                "SELECT \(select.joined(separator: ", ")) FROM (\(relation.sql)) AS l \(joinKeyword) (\(other.sql)) AS r ON \(condition)",
            columns: columns, timeColumn: relation.timeColumn)
    }

    /// `kind=semi` / `kind=anti`: the left rows with / without a match, each once, with the left
    /// columns only. Without `within`, the right keys are read once into a set (`IN`); NULL keys
    /// never match, so an anti join keeps a left row whose key is NULL.
    private func matching(
        _ semi: Bool, _ relation: Relation, _ other: Relation, left: String, right: String, condition: String,
        within: Bool
    ) -> String {
        let select = "SELECT \(relation.columns.map { "l.\(Quote.identifier($0.name))" }.joined(separator: ", ")) "
            + "FROM (\(relation.sql)) AS l WHERE "
        if within {
            return select + "\(semi ? "" : "NOT ")EXISTS (SELECT 1 FROM (\(other.sql)) AS r WHERE \(condition))"
        }
        let key = "l.\(Quote.identifier(left))"
        let keys = "SELECT r.\(Quote.identifier(right)) FROM (\(other.sql)) AS r WHERE r.\(Quote.identifier(right)) IS NOT NULL"
        return select + (semi ? "\(key) IN (\(keys))" : "(\(key) IS NULL OR \(key) NOT IN (\(keys)))")
    }

    /// Keeps rows whose value was never seen for the same entity in the lookback before the
    /// row, looking into the whole `from` table, not only the rows kept so far.
    private func firstSeen(
        value: (String, Span), entities: [(String, Span)], lookback: Double, span: Span, over relation: Relation,
        alias: String
    ) throws(Diagnostic) -> Relation {
        guard let time = relation.timeColumn, let historyTime = root.timeColumn else {
            throw Diagnostic(.noTimeColumn, "'new' needs rows with a time column", at: span)
        }
        var matches: [String] = []
        for (name, nameSpan) in [value] + entities {
            guard relation.column(name) != nil else { throw unknownColumn(name, nameSpan, in: relation) }
            guard root.columns.contains(where: { $0.name == name }) else {
                throw Diagnostic(
                    .unknownColumn, "'new' looks back into \(root.name), which has no column '\(name)'", at: nameSpan)
            }
            matches.append("h.\(Quote.identifier(name)) IS \(alias).\(Quote.identifier(name))")
        }
        let seconds = compilation.bind(.real(lookback))
        let t = "\(alias).\(Quote.identifier(time))", h = "h.\(Quote.identifier(historyTime))"
        var next = relation
        next.sql = """
            SELECT * FROM (\(relation.sql)) AS \(alias) WHERE \(alias).\(Quote.identifier(value.0)) IS NOT NULL AND NOT EXISTS \
            (SELECT 1 FROM \(Quote.identifier(root.name)) AS h WHERE \(matches.joined(separator: " AND ")) \
            AND \(h) < \(t) AND \(h) >= time_add(\(t), -\(seconds)))
            """
        next.endsWithOrderBy = false
        return next
    }

    static func callsFirstOrLast(_ expression: Expression) -> Bool {
        switch expression {
        case .call(let name, let arguments, _):
            return ["first", "last"].contains(name.lowercased()) || arguments.contains(where: callsFirstOrLast)
        case .unary(_, let operand, _): return callsFirstOrLast(operand)
        case .binary(_, let left, let right, _): return callsFirstOrLast(left) || callsFirstOrLast(right)
        default: return false
        }
    }

    private func timeColumn(_ relation: Relation, span: Span, stage: String) throws(Diagnostic) -> String {
        guard let time = relation.timeColumn else {
            throw Diagnostic(
                .noTimeColumn, "'\(stage)' needs a time column, and these rows have none", at: span,
                hints: ["keep created_at (or time) in 'project', or filter with where created_at >= ago(24h)"])
        }
        return time
    }

    private func outputName(_ item: NamedExpression) throws(Diagnostic) -> String {
        if let name = item.name { return name }
        if let derived = Self.sourceName(item.expression) { return derived }
        throw Diagnostic(.unexpectedToken, "give this expression a name: name = expression", at: item.span)
    }

    /// A column name derived from an expression: `ip_address`, `details_email`, `count`,
    /// `max_created_at`.
    static func sourceName(_ expression: Expression) -> String? {
        switch expression {
        case .column(let name, _): return name
        case .member(let base, let member, _): return sourceName(base).map { "\($0)_\(member)" }
        case .call(let name, let arguments, _):
            let lowered = name.lowercased()
            guard let first = arguments.first, let inner = sourceName(first) else { return lowered }
            return lowered == "bin" ? inner : "\(lowered)_\(inner)"
        default: return nil
        }
    }

    private func unknownColumn(_ name: String, _ span: Span, in relation: Relation) -> Diagnostic {
        let suggestion = Suggestions.closest(to: name, among: relation.columns.map(\.name))
        return Diagnostic(
            .unknownColumn, "no column '\(name)' here", at: span,
            hints: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
    }
}
