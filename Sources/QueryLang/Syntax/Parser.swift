/// Recursive-descent parser from tokens to a ``Pipeline``. Errors point at the token that
/// did not fit and say what was expected. A `$name` parameter is replaced by the literal its
/// value stands for as it is read, so the rest of the compiler never sees parameters.
struct Parser {
    private let tokens: [Token]
    private let parameters: [String: QueryParameter]
    private var index = 0

    static func parse(_ text: String, parameters: [String: QueryParameter] = [:]) throws(QueryDiagnostics)
        -> Pipeline
    {
        var parser = Parser(tokens: try Lexer.tokenize(text), parameters: parameters)
        do throws(Diagnostic) {
            let pipeline = try parser.pipeline()
            guard parser.current.kind == .end else {
                throw Diagnostic(
                    .unexpectedToken, "expected '|' or the end of the query", at: parser.current.span)
            }
            return pipeline
        } catch {
            throw QueryDiagnostics(query: text, diagnostics: [error])
        }
    }

    private init(tokens: [Token], parameters: [String: QueryParameter]) {
        self.tokens = tokens
        self.parameters = parameters
    }

    private var current: Token { tokens[index] }
    private mutating func advance() -> Token {
        defer { if index < tokens.count - 1 { index += 1 } }
        return tokens[index]
    }

    private mutating func accept(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        _ = advance()
        return true
    }

    private mutating func accept(word: String) -> Bool {
        guard current.isWord(word) else { return false }
        _ = advance()
        return true
    }

    private mutating func expect(symbol: String, _ context: String) throws(Diagnostic) -> Span {
        guard current.isSymbol(symbol) else {
            throw Diagnostic(.unexpectedToken, "expected '\(symbol)' \(context)", at: current.span)
        }
        return advance().span
    }

    private mutating func expect(word: String, _ context: String) throws(Diagnostic) -> Span {
        guard current.isWord(word) else {
            throw Diagnostic(.unexpectedToken, "expected '\(word)' \(context)", at: current.span)
        }
        return advance().span
    }

    private mutating func name(_ what: String) throws(Diagnostic) -> (String, Span) {
        guard let word = current.word else { throw Diagnostic(.unexpectedToken, "expected \(what)", at: current.span) }
        return (word, advance().span)
    }

    private mutating func count(_ what: String) throws(Diagnostic) -> (Int64, Span) {
        if case .parameter(let name) = current.kind, case .integer(let value) = try parameter(name, at: current.span),
            value >= 0
        {
            return (value, advance().span)
        }
        guard case .integer(let value) = current.kind, value >= 0 else {
            throw Diagnostic(.unexpectedToken, "expected \(what) (a whole number)", at: current.span)
        }
        return (value, advance().span)
    }

    private mutating func duration(_ what: String) throws(Diagnostic) -> (Double, Span) {
        if case .parameter(let name) = current.kind,
            case .duration(let seconds) = try parameter(name, at: current.span)
        {
            return (seconds, advance().span)
        }
        guard case .duration(let seconds) = current.kind else {
            throw Diagnostic(
                .unexpectedToken, "expected \(what) (a duration such as 30m, 24h or 7d)", at: current.span)
        }
        return (seconds, advance().span)
    }

    // MARK: Pipeline and stages

    mutating func pipeline() throws(Diagnostic) -> Pipeline {
        _ = try expect(word: "from", "at the start of a query (from <table> | ...)")
        let (table, tableSpan) = try name("a table name after 'from'")
        var stages: [(Stage, Span)] = []
        while accept(symbol: "|") {
            let start = current.span
            let stage = try self.stage()
            stages.append((stage, start.through(tokens[max(0, index - 1)].span)))
        }
        return Pipeline(table: table, tableSpan: tableSpan, stages: stages)
    }

    static let stageNames = [
        "where", "search", "project", "project-away", "rename", "extend", "stats", "sort", "head", "top", "rare",
        "dedup", "join", "union", "parse", "since", "between", "new", "timechart",
    ]

    /// Other names the stages answer to.
    static let stageAliases = ["filter", "select", "summarize", "order", "limit", "take", "distinct"]

    private mutating func stage() throws(Diagnostic) -> Stage {
        let keyword = current
        guard let word = keyword.word?.lowercased() else {
            throw Diagnostic(.unexpectedToken, "expected an operator after '|'", at: keyword.span)
        }
        _ = advance()
        switch word {
        case "where", "filter": return .whereFilter(try expression())
        case "search":
            guard case .string(let text) = current.kind else {
                throw Diagnostic(.unexpectedToken, "expected a \"string\" to search for", at: current.span)
            }
            return .search(text, advance().span)
        case "project", "select": return .project(try namedList(requireNames: false))
        case "project-away": return .projectAway(try nameList("a column to drop"))
        case "rename":
            var items: [(new: String, old: String, span: Span)] = []
            repeat {
                let (new, span) = try name("a new column name")
                _ = try expect(symbol: "=", "in 'rename new = old'")
                let (old, oldSpan) = try name("the column to rename")
                items.append((new, old, span.through(oldSpan)))
            } while accept(symbol: ",")
            return .rename(items)
        case "extend": return .extend(try namedList(requireNames: true))
        case "stats", "summarize":
            let aggregates = try namedList(requireNames: false, allowAs: true)
            let by = accept(word: "by") ? try namedList(requireNames: false, allowAs: true) : []
            return .stats(aggregates: aggregates, by: by)
        case "sort", "order":
            _ = try expect(word: "by", "after '\(keyword.word ?? word)'")
            var keys: [SortKey] = []
            repeat {
                let expression = try self.expression()
                let descending = accept(word: "desc") ? true : (accept(word: "asc") ? false : false)
                keys.append(SortKey(expression: expression, descending: descending))
            } while accept(symbol: ",")
            return .sort(keys)
        case "head", "limit", "take":
            let (value, span) = try count("how many rows")
            return .head(value, span)
        case "top", "rare":
            let (value, span) = try count("how many values")
            let expression = try self.expression()
            let by = accept(word: "by") ? try self.expression() : nil
            return word == "top" ? .top(value, expression, by: by, span) : .rare(value, expression, by: by, span)
        case "dedup", "distinct": return .dedup(try nameList("a column to deduplicate on"))
        case "join":
            var kind = "inner"
            if accept(word: "kind") {
                _ = try expect(symbol: "=", "after 'kind'")
                let (value, span) = try name("inner, left, anti or semi")
                // Kusto's names for the last two are accepted as well.
                let kinds = ["inner": "inner", "left": "left", "anti": "anti", "leftanti": "anti", "semi": "semi",
                    "leftsemi": "semi"]
                guard let known = kinds[value.lowercased()] else {
                    throw Diagnostic(.unexpectedToken, "join kind must be inner, left, anti or semi", at: span)
                }
                kind = known
            }
            let open = try expect(symbol: "(", "before the joined pipeline")
            let inner = try pipeline()
            _ = try expect(symbol: ")", "after the joined pipeline")
            _ = try expect(word: "on", "after the joined pipeline (join (...) on key)")
            let left = try name("the key column")
            var right = left
            if accept(symbol: "==") { right = try name("the joined pipeline's key column") }
            let within = accept(word: "within") ? try duration("the time window").0 : nil
            return .join(kind: kind, inner, left: left, right: right, within: within, open)
        case "union":
            let open = try expect(symbol: "(", "before the pipeline to append")
            let inner = try pipeline()
            _ = try expect(symbol: ")", "after the appended pipeline")
            return .union(inner, open)
        case "parse":
            let target = try expression()
            _ = try expect(word: "with", "in 'parse column with /(?<name>...)/'")
            guard case .regex(let pattern) = current.kind else {
                throw Diagnostic(.unexpectedToken, "expected a /regex/ with named groups", at: current.span)
            }
            return .parse(target, pattern: pattern, advance().span)
        case "since":
            let (seconds, span) = try duration("how far back")
            return .since(seconds, span)
        case "between":
            let low = try additive()
            _ = try expect(word: "and", "in 'between T1 and T2'")
            let high = try additive()
            return .between(low, high, keyword.span)
        case "new":
            let value = try name("the column whose new values to keep")
            _ = try expect(word: "for", "in 'new <column> for <entity>'")
            let entities = try nameList("the entity column")
            var lookback = 30.0 * 86_400
            if accept(word: "lookback") { lookback = try duration("the lookback").0 }
            return .new(value: value, entities: entities, lookback: lookback, keyword.span)
        case "timechart":
            let (step, span) = try duration("the bin width")
            let aggregates = try namedList(requireNames: false, allowAs: true)
            let by = accept(word: "by") ? try namedList(requireNames: false, allowAs: true) : []
            return .timechart(step, aggregates: aggregates, by: by, span)
        default:
            let suggestion = Suggestions.closest(to: word, among: Self.stageNames + Self.stageAliases)
            throw Diagnostic(
                .unknownOperator, "unknown operator '\(keyword.word ?? word)'", at: keyword.span,
                hints: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
        }
    }

    private mutating func nameList(_ what: String) throws(Diagnostic) -> [(String, Span)] {
        var names: [(String, Span)] = []
        repeat { names.append(try name(what)) } while accept(symbol: ",")
        return names
    }

    /// `a, b = expr, count() as n`.
    private mutating func namedList(requireNames: Bool, allowAs: Bool = false) throws(Diagnostic) -> [NamedExpression] {
        var items: [NamedExpression] = []
        repeat {
            let start = current.span
            var name: String?
            if current.word != nil, tokens[index + 1].isSymbol("=") {
                name = current.word
                index += 2
            }
            let expression = try self.expression()
            if allowAs, accept(word: "as") { name = try self.name("a column name after 'as'").0 }
            if requireNames, name == nil {
                throw Diagnostic(.unexpectedToken, "expected 'name = expression'", at: start)
            }
            items.append(NamedExpression(name: name, expression: expression, span: start.through(expression.span)))
        } while accept(symbol: ",")
        return items
    }

    // MARK: Expressions

    mutating func expression() throws(Diagnostic) -> Expression { try disjunction() }

    private mutating func disjunction() throws(Diagnostic) -> Expression {
        var left = try conjunction()
        while current.isWord("or") {
            _ = advance()
            let right = try conjunction()
            left = .binary("or", left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func conjunction() throws(Diagnostic) -> Expression {
        var left = try negation()
        while current.isWord("and") {
            _ = advance()
            let right = try negation()
            left = .binary("and", left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func negation() throws(Diagnostic) -> Expression {
        if current.isWord("not") {
            let start = advance().span
            let operand = try negation()
            return .unary("not", operand, start.through(operand.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws(Diagnostic) -> Expression {
        let left = try additive()
        if case .symbol(let symbol) = current.kind,
            ["==", "!=", "<", "<=", ">", ">=", "=~", "!~", "="].contains(symbol)
        {
            let operatorToken = advance()
            if symbol == "=" {
                throw Diagnostic(
                    .unexpectedToken, "'=' is assignment; compare with '=='", at: operatorToken.span,
                    hints: ["write \(symbol)= for equality: where status == \"failed\""])
            }
            let right = try additive()
            return .binary(symbol, left, right, left.span.through(right.span))
        }
        var negated = false
        if current.isWord("not"), tokens[index + 1].isWord("in") {
            negated = true
            _ = advance()
        }
        if current.isWord("in") {
            _ = advance()
            if case .parameter(let name) = current.kind {
                let token = advance()
                guard case .list(let values) = try parameter(name, at: token.span) else {
                    throw Diagnostic(
                        .unknownParameter, "'$\(name)' is \(parameters[name]?.kind ?? "a value"), not a list",
                        at: token.span, hints: ["'in' needs a list: in (\"a\", \"b\") or a list parameter"])
                }
                let items = values.map { literal($0, at: token.span) }
                return .inList(left, items, negated: negated, left.span.through(token.span))
            }
            _ = try expect(symbol: "(", "after 'in'")
            var items: [Expression] = []
            if !current.isSymbol(")") {
                repeat { items.append(try additive()) } while accept(symbol: ",")
            }
            let close = try expect(symbol: ")", "to close the 'in' list")
            return .inList(left, items, negated: negated, left.span.through(close))
        }
        if current.isWord("between") {
            _ = advance()
            let low = try additive()
            _ = try expect(word: "and", "in 'x between low and high'")
            let high = try additive()
            return .between(left, low, high, left.span.through(high.span))
        }
        if current.isWord("contains") {
            _ = advance()
            let right = try additive()
            return .binary("contains", left, right, left.span.through(right.span))
        }
        return left
    }

    mutating func additive() throws(Diagnostic) -> Expression {
        var left = try multiplicative()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            _ = advance()
            let right = try multiplicative()
            left = .binary(symbol, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func multiplicative() throws(Diagnostic) -> Expression {
        var left = try unary()
        while case .symbol(let symbol) = current.kind, symbol == "*" || symbol == "/" || symbol == "%" {
            _ = advance()
            let right = try unary()
            left = .binary(symbol, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expression {
        if current.isSymbol("-") {
            let start = advance().span
            let operand = try unary()
            return .unary("-", operand, start.through(operand.span))
        }
        var expression = try primary()
        while current.isSymbol(".") {
            _ = advance()
            let (member, span) = try name("a JSON member name after '.'")
            expression = .member(expression, member, expression.span.through(span))
        }
        return expression
    }

    private mutating func primary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .string(let text): _ = advance(); return .string(text, token.span)
        case .integer(let value): _ = advance(); return .integer(value, token.span)
        case .real(let value): _ = advance(); return .real(value, token.span)
        case .duration(let value): _ = advance(); return .duration(value, token.span)
        case .timestamp(let text): _ = advance(); return .timestamp(text, token.span)
        case .address(let text): _ = advance(); return .address(text, token.span)
        case .regex(let text): _ = advance(); return .regex(text, token.span)
        case .parameter(let name):
            _ = advance()
            return literal(try parameter(name, at: token.span), at: token.span)
        case .symbol("("):
            _ = advance()
            let inner = try expression()
            guard accept(symbol: ",") else {
                _ = try expect(symbol: ")", "to close '('")
                return inner
            }
            // `(a, b, ...)`: a list (the networks of cidr_match).
            var items = [inner]
            repeat { items.append(try expression()) } while accept(symbol: ",")
            let close = try expect(symbol: ")", "to close the list")
            return .list(items, token.span.through(close))
        case .identifier(let word):
            _ = advance()
            switch word.lowercased() {
            case "true": return .boolean(true, token.span)
            case "false": return .boolean(false, token.span)
            case "null": return .null(token.span)
            default: break
            }
            guard current.isSymbol("(") else { return .column(word, token.span) }
            _ = advance()
            var arguments: [Expression] = []
            if !current.isSymbol(")") {
                repeat { arguments.append(try expression()) } while accept(symbol: ",")
            }
            let close = try expect(symbol: ")", "to close the arguments of \(word)()")
            return .call(word, arguments, token.span.through(close))
        default:
            throw Diagnostic(.expectedExpression, "expected an expression", at: token.span)
        }
    }

    // MARK: Parameters

    /// The value given for `$name`, or a diagnostic naming the parameters that were given.
    private func parameter(_ name: String, at span: Span) throws(Diagnostic) -> QueryParameter {
        guard let value = parameters[name] else {
            let suggestion = Suggestions.closest(to: name, among: Array(parameters.keys))
            let given =
                parameters.isEmpty
                ? "this query was given no parameters"
                : "parameters: " + parameters.keys.sorted().map { "$\($0)" }.joined(separator: ", ")
            throw Diagnostic(
                .unknownParameter, "no value was given for the parameter '$\(name)'", at: span,
                hints: suggestion.map { ["did you mean '$\($0)'?"] } ?? [given])
        }
        return value
    }

    /// The expression a parameter's value stands for: the literal it would be written as.
    private func literal(_ value: QueryParameter, at span: Span) -> Expression {
        switch value {
        case .string(let text): return .string(text, span)
        case .integer(let number): return .integer(number, span)
        case .duration(let seconds): return .duration(seconds, span)
        case .timestamp(let text): return .timestamp(text, span)
        case .list(let items): return .list(items.map { literal($0, at: span) }, span)
        }
    }
}
