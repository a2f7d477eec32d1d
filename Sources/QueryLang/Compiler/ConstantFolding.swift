/// Simplifies `where` conditions that the query text alone decides, once its parameters are in.
///
/// A hunt written for any principal says `"*" in $principal or actor in $principal or ...`;
/// run for everyone (`$principal` is `("*")`), the condition is true whatever the row, yet SQLite
/// would still compute `actor_email` for every row to test it. Folded, the stage goes, and with
/// it the columns only it read (see ``ColumnUsage``).
///
/// Only what holds in SQL's three-valued logic for any row: `lit in (lits)` between string or
/// integer literals (compared byte for byte, like SQLite's BINARY collation), `not` of a
/// constant, `true or x` and `false and x` (whatever `x` is, NULL included), `false or x` and
/// `true and x` as `x` (a `where` keeps the same rows either way), and `where true` dropped.
/// Projections are not touched: there the value itself, not only its truth, is the result.
enum ConstantFolding {
    static func fold(_ pipeline: Pipeline) -> Pipeline {
        let stages: [(Stage, Span)] = pipeline.stages.compactMap { stage, span in
            switch stage {
            case .whereFilter(let condition):
                let folded = fold(condition)
                if case .boolean(true, _) = folded { return nil }
                return (.whereFilter(folded), span)
            case .join(let kind, let inner, let left, let right, let within, let joinSpan):
                return (.join(kind: kind, fold(inner), left: left, right: right, within: within, joinSpan), span)
            case .union(let inner, let unionSpan):
                return (.union(fold(inner), unionSpan), span)
            default:
                return (stage, span)
            }
        }
        return Pipeline(table: pipeline.table, tableSpan: pipeline.tableSpan, stages: stages)
    }

    /// A condition, simplified where its truth does not depend on the row.
    static func fold(_ condition: Expression) -> Expression {
        switch condition {
        case .binary("or", let left, let right, let span):
            let (left, right) = (fold(left), fold(right))
            if isConstant(true, left) || isConstant(true, right) { return .boolean(true, span) }
            if isConstant(false, left) { return right }
            if isConstant(false, right) { return left }
            return .binary("or", left, right, span)
        case .binary("and", let left, let right, let span):
            let (left, right) = (fold(left), fold(right))
            if isConstant(false, left) || isConstant(false, right) { return .boolean(false, span) }
            if isConstant(true, left) { return right }
            if isConstant(true, right) { return left }
            return .binary("and", left, right, span)
        case .unary("not", let operand, let span):
            let operand = fold(operand)
            if case .boolean(let value, _) = operand { return .boolean(!value, span) }
            return .unary("not", operand, span)
        case .inList(let value, let items, let negated, let span):
            guard let subject = literal(value) else { return condition }
            var found = false
            for item in items {
                // Mixed kinds are left to SQLite's coercions.
                guard let candidate = literal(item), candidate.sameKind(as: subject) else { return condition }
                found = found || candidate == subject
            }
            return .boolean(found != negated, span)
        default:
            return condition
        }
    }

    private static func isConstant(_ value: Bool, _ expression: Expression) -> Bool {
        if case .boolean(value, _) = expression { return true }
        return false
    }

    /// A string literal's bytes or an integer literal's value; nil for anything else.
    private enum Literal: Equatable {
        case text([UInt8])
        case integer(Int64)

        func sameKind(as other: Literal) -> Bool {
            switch (self, other) {
            case (.text, .text), (.integer, .integer): return true
            default: return false
            }
        }
    }

    private static func literal(_ expression: Expression) -> Literal? {
        switch expression {
        case .string(let text, _): return .text(Array(text.utf8))
        case .integer(let number, _): return .integer(number)
        default: return nil
        }
    }
}
