import AegisAudit
import AegisSources

/// Checks an expression against the columns in scope and turns it into SQL.
struct ExpressionCompiler {
    let compilation: Compilation
    let relation: Relation
    /// Whether aggregate functions may appear (inside `stats`).
    var allowAggregates = false
    /// The aggregate whose argument is being compiled (aggregates do not nest).
    var insideAggregate: String?

    func compile(_ expression: Expression) throws(Diagnostic) -> TypedSQL {
        switch expression {
        case .column(let name, let span):
            guard let column = relation.column(name) else { throw unknownColumn(name, span) }
            return TypedSQL(sql: Quote.identifier(column.name), type: column.type, aggregate: false)
        case .member(let base, let member, let span):
            let path = try jsonPath(expression, span: span)
            guard let column = relation.column(path.column) else { throw unknownColumn(path.column, base.span) }
            guard column.type == .json || column.type == .any else {
                throw Diagnostic(
                    .notJSON,
                    "'\(column.name)' holds \(column.type.rawValue), not JSON, so it has no member '\(member)'",
                    at: span)
            }
            // Written into the SQL, not bound, in the form the cache's expression indexes use.
            return TypedSQL(
                sql: CanonicalTable.jsonMember(column.name, path.members), type: .any, aggregate: false)
        case .string(let text, _): return TypedSQL(sql: compilation.bind(.text(text)), type: .text, aggregate: false)
        case .integer(let value, _):
            return TypedSQL(sql: compilation.bind(.integer(value)), type: .integer, aggregate: false)
        case .real(let value, _): return TypedSQL(sql: compilation.bind(.real(value)), type: .real, aggregate: false)
        case .boolean(let value, _): return TypedSQL(sql: value ? "1" : "0", type: .boolean, aggregate: false)
        case .null: return TypedSQL(sql: "NULL", type: .null, aggregate: false)
        case .duration(let seconds, _):
            return TypedSQL(sql: compilation.bind(.real(seconds)), type: .duration, aggregate: false)
        case .timestamp(let text, let span):
            guard let normal = TimestampLiteral.normalise(text) else {
                throw Diagnostic(.invalidLiteral, "'\(text)' is not a valid timestamp", at: span)
            }
            return TypedSQL(sql: compilation.bind(.text(normal)), type: .timestamp, aggregate: false)
        case .address(let text, let span):
            guard Self.isIPv4(text) else {
                throw Diagnostic(.invalidLiteral, "'\(text)' is not an IPv4 address or CIDR", at: span)
            }
            return TypedSQL(sql: compilation.bind(.text(text)), type: .text, aggregate: false)
        case .regex(let pattern, let span):
            try Self.checkRegex(pattern, span: span)
            return TypedSQL(sql: compilation.bind(.text(pattern)), type: .text, aggregate: false)
        case .call(let name, let arguments, let span): return try call(name, arguments, span: span)
        case .unary(let symbol, let operand, let span):
            if symbol == "not" {
                let inner = try condition(operand)
                return TypedSQL(sql: "(NOT \(inner.sql))", type: .boolean, aggregate: inner.aggregate)
            }
            let inner = try compile(operand)
            guard inner.type.isNumeric || inner.type == .any || inner.type == .duration else {
                throw Diagnostic(.typeMismatch, "cannot negate a \(inner.type.rawValue)", at: span)
            }
            return TypedSQL(sql: "(-\(inner.sql))", type: inner.type, aggregate: inner.aggregate)
        case .binary(let symbol, let left, let right, let span): return try binary(symbol, left, right, span: span)
        case .inList(let value, let items, let negated, _):
            let subject = try compile(value)
            var sqls: [String] = []
            for item in items {
                let compiled = try coerce(item, toMatch: subject.type)
                sqls.append(compiled.sql)
            }
            let list = sqls.isEmpty ? "SELECT NULL WHERE 0" : sqls.joined(separator: ", ")
            return TypedSQL(
                sql: "(\(subject.sql) \(negated ? "NOT IN" : "IN") (\(list)))", type: .boolean,
                aggregate: subject.aggregate)
        case .between(let value, let low, let high, _):
            let subject = try compile(value)
            let lowSQL = try coerce(low, toMatch: subject.type), highSQL = try coerce(high, toMatch: subject.type)
            return TypedSQL(
                sql: "(\(subject.sql) BETWEEN \(lowSQL.sql) AND \(highSQL.sql))", type: .boolean,
                aggregate: subject.aggregate)
        case .list(_, let span):
            throw Diagnostic(
                .typeMismatch, "a list can only follow 'in' or give cidr_match() its networks", at: span,
                hints: ["namespace in $allowlist, cidr_match(ip_address, (10.0.0.0/8, 192.168.0.0/16))"])
        }
    }

    /// `cidr_match(ip, (block, ...))`: true when `ip` lies in any of the blocks, NULL when `ip`
    /// is NULL, false for an empty list. Each block is a bound parameter.
    private func cidrMatchAny(_ ip: Expression, _ blocks: [Expression]) throws(Diagnostic) -> TypedSQL {
        let subject = try compile(ip)
        guard Self.accepts(.text, subject.type) else {
            throw Diagnostic(
                .wrongArgumentType, "cidr_match() expects text here, not \(subject.type.rawValue)", at: ip.span)
        }
        var tests: [String] = []
        for block in blocks {
            let compiled = try compile(block)
            guard Self.accepts(.text, compiled.type), !compiled.aggregate else {
                throw Diagnostic(
                    .wrongArgumentType, "cidr_match() expects networks as text, not \(compiled.type.rawValue)",
                    at: block.span)
            }
            tests.append("cidr_match(\(subject.sql), \(compiled.sql))")
        }
        let sql =
            tests.isEmpty
            ? "(CASE WHEN \(subject.sql) IS NULL THEN NULL ELSE 0 END)" : "(\(tests.joined(separator: " OR ")))"
        return TypedSQL(sql: sql, type: .boolean, aggregate: subject.aggregate)
    }

    /// An operand of `and`, `or`, `not` or `where`: a condition, not a text or a timestamp.
    func condition(_ expression: Expression) throws(Diagnostic) -> TypedSQL {
        let compiled = try compile(expression)
        guard [.boolean, .integer, .any, .null].contains(compiled.type) else {
            throw Diagnostic(
                .typeMismatch, "expected a condition, not \(Self.article(compiled.type)) \(compiled.type.rawValue)",
                at: expression.span, hints: ["compare it, for example: column == \"value\""])
        }
        return compiled
    }

    /// "a" or "an" before a type name.
    static func article(_ type: ValueType) -> String { [.integer, .any].contains(type) ? "an" : "a" }

    /// Compiles `expression` so it compares with a value of `type`: a string literal meant as
    /// a timestamp is normalised to the cache's form.
    func coerce(_ expression: Expression, toMatch type: ValueType) throws(Diagnostic) -> TypedSQL {
        if type == .timestamp, case .string(let text, let span) = expression {
            guard let normal = TimestampLiteral.normalise(text) else {
                throw Diagnostic(
                    .typeMismatch, "'\(text)' is compared with a timestamp but is not one", at: span,
                    hints: ["write a timestamp like 2026-11-18T02:17:00Z, or use ago(24h)"])
            }
            return TypedSQL(sql: compilation.bind(.text(normal)), type: .timestamp, aggregate: false)
        }
        let compiled = try compile(expression)
        guard compiled.type.comparable(with: type) else {
            throw Diagnostic(
                .typeMismatch, "cannot compare \(Self.article(type)) \(type.rawValue) with \(Self.article(compiled.type)) \(compiled.type.rawValue)", at: expression.span
            )
        }
        return compiled
    }

    private func binary(_ symbol: String, _ left: Expression, _ right: Expression, span: Span) throws(Diagnostic)
        -> TypedSQL
    {
        switch symbol {
        case "and", "or":
            let l = try condition(left), r = try condition(right)
            return TypedSQL(
                sql: "(\(l.sql) \(symbol.uppercased()) \(r.sql))", type: .boolean, aggregate: l.aggregate || r.aggregate
            )
        case "=~", "!~":
            let l = try compile(left)
            let pattern: String
            switch right {
            case .regex(let text, let regexSpan), .string(let text, let regexSpan):
                try Self.checkRegex(text, span: regexSpan)
                pattern = text
            default:
                throw Diagnostic(.wrongArgumentType, "expected a /regex/ after \(symbol)", at: right.span)
            }
            let bound = compilation.bind(.text(pattern))
            let match = "(\(l.sql) REGEXP \(bound))"
            return TypedSQL(
                sql: symbol == "=~" ? match : "(NOT coalesce(\(match), 0))", type: .boolean, aggregate: l.aggregate)
        case "contains":
            let l = try compile(left), r = try compile(right)
            return TypedSQL(
                sql: "(instr(lower(\(l.sql)), lower(\(r.sql))) > 0)", type: .boolean,
                aggregate: l.aggregate || r.aggregate)
        case "==", "!=", "<", "<=", ">", ">=":
            if symbol == "==" || symbol == "!=", case .null = right {
                let l = try compile(left)
                return TypedSQL(sql: "(\(l.sql) IS \(symbol == "==" ? "" : "NOT ")NULL)", type: .boolean, aggregate: l.aggregate)
            }
            if symbol == "==" || symbol == "!=", case .null = left {
                let r = try compile(right)
                return TypedSQL(sql: "(\(r.sql) IS \(symbol == "==" ? "" : "NOT ")NULL)", type: .boolean, aggregate: r.aggregate)
            }
            var l: TypedSQL
            var r: TypedSQL
            if case .string = left {
                // Compile the other side first: a string compared with a timestamp is one.
                r = try compile(right)
                l = r.type == .timestamp ? try coerce(left, toMatch: .timestamp) : try compile(left)
            } else {
                l = try compile(left)
                r = l.type == .timestamp ? try coerce(right, toMatch: .timestamp) : try compile(right)
            }
            guard l.type.comparable(with: r.type) else {
                throw Diagnostic(
                    .typeMismatch, "cannot compare \(Self.article(l.type)) \(l.type.rawValue) with \(Self.article(r.type)) \(r.type.rawValue)", at: span)
            }
            let sqlOperator = symbol == "==" ? "=" : (symbol == "!=" ? "<>" : symbol)
            return TypedSQL(
                sql: "(\(l.sql) \(sqlOperator) \(r.sql))", type: .boolean, aggregate: l.aggregate || r.aggregate)
        default:  // + - * / %
            let l = try compile(left), r = try compile(right)
            if l.type == .timestamp, r.type == .duration, symbol == "+" || symbol == "-" {
                let seconds = symbol == "-" ? "(-\(r.sql))" : r.sql
                return TypedSQL(sql: "time_add(\(l.sql), \(seconds))", type: .timestamp, aggregate: l.aggregate)
            }
            guard (l.type.isNumeric || l.type == .any || l.type == .duration),
                r.type.isNumeric || r.type == .any || r.type == .duration
            else {
                throw Diagnostic(
                    .typeMismatch, "'\(symbol)' needs numbers, not \(l.type.rawValue) and \(r.type.rawValue)", at: span)
            }
            let type: ValueType = l.type == .integer && r.type == .integer && symbol != "/" ? .integer : .real
            // Division is always real division (SQLite would truncate two integers).
            let leftSQL = symbol == "/" ? "CAST(\(l.sql) AS REAL)" : l.sql
            return TypedSQL(sql: "(\(leftSQL) \(symbol) \(r.sql))", type: type, aggregate: l.aggregate || r.aggregate)
        }
    }

    private func call(_ name: String, _ arguments: [Expression], span: Span) throws(Diagnostic) -> TypedSQL {
        let lowered = name.lowercased()
        switch lowered {
        case "now":
            guard arguments.isEmpty else { throw arity(name, "no arguments", span) }
            return TypedSQL(
                sql: compilation.bind(.text(TimestampLiteral.ago(0, from: compilation.now))), type: .timestamp,
                aggregate: false)
        case "ago":
            guard arguments.count == 1, case .duration(let seconds, _) = arguments[0] else {
                throw Diagnostic(.wrongArgumentType, "ago() takes one duration, such as ago(7d)", at: span)
            }
            return TypedSQL(
                sql: compilation.bind(.text(TimestampLiteral.ago(seconds, from: compilation.now))), type: .timestamp,
                aggregate: false)
        case "cidr_match" where arguments.count == 2:
            if case .list(let blocks, _) = arguments[1] { return try cidrMatchAny(arguments[0], blocks) }
        case "bin":
            guard arguments.count == 2, case .duration(let seconds, _) = arguments[1], seconds > 0 else {
                throw Diagnostic(
                    .wrongArgumentType, "bin() takes a timestamp and a duration, such as bin(created_at, 1h)", at: span)
            }
            let time = try compile(arguments[0])
            guard time.type == .timestamp || time.type == .any else {
                throw Diagnostic(
                    .wrongArgumentType, "bin() needs a timestamp, not \(time.type.rawValue)", at: arguments[0].span)
            }
            return TypedSQL(
                sql: "time_bin(\(time.sql), \(compilation.bind(.real(seconds))))", type: .timestamp,
                aggregate: time.aggregate)
        default: break
        }
        let signature: FunctionTable.Signature
        if let scalar = FunctionTable.scalars[lowered] {
            signature = scalar
        } else if let aggregate = FunctionTable.aggregates[lowered] {
            if let outer = insideAggregate {
                throw Diagnostic(.aggregateMisuse, "an aggregate cannot be nested inside \(outer)()", at: span)
            }
            guard allowAggregates else {
                throw Diagnostic(
                    .aggregateMisuse, "\(name)() aggregates rows, so it belongs in 'stats' (or 'timechart')", at: span)
            }
            signature = aggregate
        } else {
            let suggestion = Suggestions.closest(to: name, among: FunctionTable.allNames)
            throw Diagnostic(
                .unknownFunction, "unknown function '\(name)'", at: span,
                hints: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
        }
        guard (signature.minimum...signature.maximum).contains(arguments.count) else {
            let expected =
                signature.minimum == signature.maximum
                ? "\(signature.minimum)" : "\(signature.minimum) to \(signature.maximum)"
            throw arity(name, "\(expected) argument\(signature.maximum == 1 ? "" : "s")", span)
        }
        var compiled: [String] = []
        var argumentType = ValueType.any
        var argumentsAggregate = false
        var nested = ExpressionCompiler(compilation: compilation, relation: relation)
        nested.allowAggregates = allowAggregates && !signature.aggregate
        nested.insideAggregate = signature.aggregate ? name : insideAggregate
        for (position, argument) in arguments.enumerated() {
            let expected = signature.arguments[min(position, signature.arguments.count - 1)]
            let value: TypedSQL
            if lowered == "regex_extract", position == 1, case .string(let pattern, let patternSpan) = argument {
                try Self.checkRegex(pattern, span: patternSpan)
            }
            if case .regex(let pattern, let regexSpan) = argument {
                try Self.checkRegex(pattern, span: regexSpan)
                value = TypedSQL(sql: compilation.bind(.text(pattern)), type: .text, aggregate: false)
            } else {
                value = try nested.compile(argument)
            }
            if !Self.accepts(expected, value.type) {
                throw Diagnostic(
                    .wrongArgumentType, "\(name)() expects \(expected.rawValue) here, not \(value.type.rawValue)",
                    at: argument.span)
            }
            if position == 0 { argumentType = value.type }
            argumentsAggregate = argumentsAggregate || value.aggregate
            compiled.append(value.sql)
        }
        var result = signature.result
        if ["min", "max", "first", "last"].contains(lowered) { result = argumentType }
        if lowered == "sum", argumentType == .integer { result = .integer }
        return TypedSQL(sql: signature.sql(compiled), type: result, aggregate: signature.aggregate || argumentsAggregate)
    }

    static func accepts(_ expected: ValueType, _ actual: ValueType) -> Bool {
        switch expected {
        case .any: return true
        case .text: return [.text, .json, .any, .null, .timestamp].contains(actual)
        case .integer, .real: return actual.isNumeric || actual == .any || actual == .null
        case .timestamp: return [.timestamp, .any, .null, .text].contains(actual)
        default: return actual == expected || actual == .any || actual == .null
        }
    }

    private func arity(_ name: String, _ expected: String, _ span: Span) -> Diagnostic {
        Diagnostic(.wrongArgumentCount, "\(name)() takes \(expected)", at: span)
    }

    private func unknownColumn(_ name: String, _ span: Span) -> Diagnostic {
        let suggestion = Suggestions.closest(to: name, among: relation.columns.map(\.name))
        return Diagnostic(
            .unknownColumn, "no column '\(name)' here", at: span,
            hints: suggestion.map { ["did you mean '\($0)'?"] }
                ?? ["available: " + relation.columns.prefix(12).map(\.name).joined(separator: ", ")])
    }

    /// `details.user.email` → (details, [user, email]).
    private func jsonPath(_ expression: Expression, span: Span) throws(Diagnostic) -> (
        column: String, members: [String]
    ) {
        switch expression {
        case .column(let name, _): return (name, [])
        case .member(let base, let member, _):
            let inner = try jsonPath(base, span: span)
            return (inner.column, inner.members + [member])
        default: throw Diagnostic(.notJSON, "'.' must follow a JSON column", at: span)
        }
    }

    /// `a.b.c.d` with each part at most 255, and an optional `/n` with n at most 32.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        if parts.count == 2 { guard let prefix = Int(parts[1]), prefix <= 32 else { return false } }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { Int($0).map { $0 <= 255 } ?? false }
    }

    /// Compiles the pattern once with PCRE2 so a bad one is reported where it is written.
    static func checkRegex(_ pattern: String, span: Span) throws(Diagnostic) {
        do {
            _ = try PCRE2Regex(pattern)
        } catch {
            throw Diagnostic(
                .invalidRegex, "invalid regular expression: \(error.message) (at offset \(error.offset))", at: span)
        }
    }
}
