/// An expression as written.
indirect enum Expression: Equatable {
    case column(String, Span)
    /// `details.email`: a member of a JSON column.
    case member(Expression, String, Span)
    case string(String, Span)
    case integer(Int64, Span)
    case real(Double, Span)
    case boolean(Bool, Span)
    case null(Span)
    case duration(Double, Span)
    case timestamp(String, Span)
    case address(String, Span)
    case regex(String, Span)
    case call(String, [Expression], Span)
    case unary(String, Expression, Span)
    case binary(String, Expression, Expression, Span)
    case inList(Expression, [Expression], negated: Bool, Span)
    case between(Expression, Expression, Expression, Span)
    /// `(a, b, ...)` or a list parameter: the networks of `cidr_match`.
    case list([Expression], Span)

    var span: Span {
        switch self {
        case .column(_, let span), .member(_, _, let span), .string(_, let span), .integer(_, let span),
            .real(_, let span), .boolean(_, let span), .null(let span), .duration(_, let span),
            .timestamp(_, let span), .address(_, let span), .regex(_, let span), .call(_, _, let span),
            .unary(_, _, let span), .binary(_, _, _, let span), .inList(_, _, _, let span),
            .between(_, _, _, let span), .list(_, let span):
            return span
        }
    }
}

/// `name = expression`, or a bare expression whose name is derived.
struct NamedExpression: Equatable {
    let name: String?
    let expression: Expression
    let span: Span
}

struct SortKey: Equatable {
    let expression: Expression
    let descending: Bool
}

/// One stage after a `|`.
indirect enum Stage: Equatable {
    case whereFilter(Expression)
    case search(String, Span)
    case project([NamedExpression])
    case projectAway([(String, Span)])
    case rename([(new: String, old: String, span: Span)])
    case extend([NamedExpression])
    case stats(aggregates: [NamedExpression], by: [NamedExpression])
    case sort([SortKey])
    case head(Int64, Span)
    case top(Int64, Expression, by: Expression?, Span)
    case rare(Int64, Expression, by: Expression?, Span)
    case dedup([(String, Span)])
    case join(kind: String, Pipeline, left: (String, Span), right: (String, Span), within: Double?, Span)
    case union(Pipeline, Span)
    case parse(Expression, pattern: String, Span)
    case since(Double, Span)
    case between(Expression, Expression, Span)
    case new(value: (String, Span), entities: [(String, Span)], lookback: Double, Span)
    case timechart(Double, aggregates: [NamedExpression], by: [NamedExpression], Span)

    static func == (lhs: Stage, rhs: Stage) -> Bool { String(describing: lhs) == String(describing: rhs) }
}

/// `from table | stage | ...`.
struct Pipeline: Equatable {
    let table: String
    let tableSpan: Span
    let stages: [(Stage, Span)]

    static func == (lhs: Pipeline, rhs: Pipeline) -> Bool { String(describing: lhs) == String(describing: rhs) }
}
