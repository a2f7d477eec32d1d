import Foundation

/// A recursive-descent parser for the LogQL subset of ``LogQLExpression``. Syntax errors read
/// like Loki's goyacc messages (`parse error at line 1, col 21: syntax error: unexpected $end,
/// expecting } or ,`); valid LogQL the fake does not implement (parsers, label filters, other
/// functions, binary operations) is refused with a "not supported by the fake" message.
struct LogQLParser {
    private let tokens: [LogQLToken]
    private var index = 0

    static let emptyCompatibleMessage =
        "parse error : queries require at least one regexp or equality matcher that does not have an "
        + "empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will"

    private static let vectorAggregations: Set<String> = [
        "sum", "avg", "min", "max", "count", "stddev", "stdvar", "bottomk", "topk", "sort", "sort_desc",
    ]
    private static let rangeAggregations: Set<String> = [
        "count_over_time", "rate", "rate_counter", "bytes_over_time", "bytes_rate", "avg_over_time", "sum_over_time",
        "min_over_time", "max_over_time", "stdvar_over_time", "stddev_over_time", "quantile_over_time",
        "first_over_time", "last_over_time", "absent_over_time",
    ]
    private static let otherFunctions: Set<String> = ["vector", "label_replace", "absent", "scalar"]
    private static let pipelineStages: Set<String> = [
        "json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep", "decolorize",
        "unwrap",
    ]

    static func parse(_ text: String) throws(FakeLokiError) -> LogQLExpression {
        var parser = LogQLParser(tokens: try LogQLLexer.tokens(text))
        let expression = try parser.expression()
        try parser.expectEnd()
        return expression
    }

    private init(tokens: [LogQLToken]) { self.tokens = tokens }

    private var current: LogQLToken { tokens[index] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func syntaxError(expecting: String? = nil) -> FakeLokiError {
        let token = current
        var message =
            "parse error at line \(token.line), col \(token.column): syntax error: unexpected "
            + token.displayName
        if let expecting { message += ", expecting " + expecting }
        return .badRequest(message)
    }

    private mutating func expect(_ kind: LogQLToken.Kind, _ expecting: String) throws(FakeLokiError) {
        guard current.kind == kind else { throw syntaxError(expecting: expecting) }
        advance()
    }

    private mutating func expectEnd() throws(FakeLokiError) {
        switch current.kind {
        case .end: return
        case .other(let text) where ["+", "-", "*", "/", "%", "^", "==", ">", "<", ">=", "<="].contains(text):
            throw .unsupported("the binary operation \"\(text)\"")
        case .identifier(let word) where ["or", "and", "unless", "offset", "bool"].contains(word):
            throw .unsupported("\"\(word)\"")
        default: throw syntaxError()
        }
    }

    // MARK: Expressions

    private mutating func expression() throws(FakeLokiError) -> LogQLExpression {
        switch current.kind {
        case .openBrace:
            let selector = try selector()
            let filters = try lineFilters()
            return .logs(LogQLSelector(matchers: selector, lineFilters: filters))
        case .identifier, .openParen:
            return .metric(try metric())
        default:
            throw syntaxError()
        }
    }

    private mutating func metric() throws(FakeLokiError) -> LogQLMetric {
        if current.kind == .openParen {
            advance()
            let inner = try metric()
            try expect(.closeParen, ")")
            return inner
        }
        guard case .identifier(let name) = current.kind else { throw syntaxError() }
        if Self.vectorAggregations.contains(name) {
            guard name == "sum" else { throw .unsupported("the aggregation \(name)") }
            advance()
            var grouping = try optionalGrouping()
            try expect(.openParen, "(")
            let inner = try metric()
            try expect(.closeParen, ")")
            if grouping == nil { grouping = try optionalGrouping() }
            let applied = grouping ?? LogQLGrouping(names: [], without: false)
            return LogQLMetric(
                selector: inner.selector, range: inner.range, aggregations: inner.aggregations + [applied])
        }
        if Self.rangeAggregations.contains(name) {
            guard name == "count_over_time" else { throw .unsupported("the function \(name)") }
            advance()
            try expect(.openParen, "(")
            let (selector, range) = try logRange()
            try expect(.closeParen, ")")
            return LogQLMetric(selector: selector, range: range, aggregations: [])
        }
        if Self.otherFunctions.contains(name) { throw .unsupported("the function \(name)") }
        throw syntaxError()
    }

    /// `by (a, b)` / `without (a)` if present.
    private mutating func optionalGrouping() throws(FakeLokiError) -> LogQLGrouping? {
        guard case .identifier(let word) = current.kind, word == "by" || word == "without" else { return nil }
        advance()
        try expect(.openParen, "(")
        var names: Set<String> = []
        if current.kind != .closeParen {
            while true {
                guard case .identifier(let label) = current.kind else { throw syntaxError(expecting: "IDENTIFIER") }
                names.insert(label)
                advance()
                if current.kind == .comma {
                    advance()
                    continue
                }
                break
            }
        }
        try expect(.closeParen, ")")
        return LogQLGrouping(names: names, without: word == "without")
    }

    /// `{...} [filters] [range]`, `{...} [range] [filters]` or the same in parentheses.
    private mutating func logRange() throws(FakeLokiError) -> (LogQLSelector, Int64) {
        if current.kind == .openParen {
            advance()
            let inner = try logRange()
            try expect(.closeParen, ")")
            return inner
        }
        let matchers = try selector()
        var filters = try lineFilters()
        guard case .range(let text) = current.kind else { throw syntaxError(expecting: "RANGE") }
        guard let range = GoTime.parseDuration(text), range > 0 else {
            throw .badRequest(
                "parse error at line \(current.line), col \(current.column): not a valid duration string: \"\(text)\"")
        }
        advance()
        if filters.isEmpty { filters = try lineFilters() }
        if case .identifier("offset") = current.kind { throw .unsupported("offset") }
        return (LogQLSelector(matchers: matchers, lineFilters: filters), range)
    }

    // MARK: Selectors and pipelines

    private mutating func selector() throws(FakeLokiError) -> [LogQLMatcher] {
        try expect(.openBrace, "{")
        var matchers: [LogQLMatcher] = []
        while true {
            guard case .identifier(let name) = current.kind else { throw syntaxError(expecting: "IDENTIFIER") }
            let nameToken = current
            advance()
            let kind: LogQLMatcher.Kind
            switch current.kind {
            case .equal: kind = .equal
            case .notEqual: kind = .notEqual
            case .regexMatch: kind = .regex
            case .notRegexMatch: kind = .notRegex
            default: throw syntaxError(expecting: "!= or !~ or =~ or =")
            }
            advance()
            guard case .string(let value) = current.kind else { throw syntaxError(expecting: "STRING") }
            var regex: NSRegularExpression?
            if kind == .regex || kind == .notRegex {
                regex = LogQLRegex.compile(value, anchored: true)
                guard regex != nil else {
                    throw .badRequest(
                        "parse error at line \(nameToken.line), col \(nameToken.column): error parsing regexp: "
                            + "invalid regular expression `\(value)`")
                }
            }
            matchers.append(LogQLMatcher(name: name, kind: kind, value: value, regex: regex))
            advance()
            if current.kind == .comma {
                advance()
                continue
            }
            guard current.kind == .closeBrace else { throw syntaxError(expecting: "} or ,") }
            advance()
            break
        }
        // Loki's rule: at least one matcher that does not match the empty string.
        guard matchers.contains(where: { !$0.matches("") }) else { throw .badRequest(Self.emptyCompatibleMessage) }
        return matchers
    }

    private mutating func lineFilters() throws(FakeLokiError) -> [LogQLLineFilter] {
        var filters: [LogQLLineFilter] = []
        while true {
            let kind: LogQLLineFilter.Kind
            switch current.kind {
            case .pipeExact: kind = .contains
            case .notEqual: kind = .notContains
            case .pipeMatch: kind = .regex
            case .notRegexMatch: kind = .notRegex
            case .pipe:
                advance()
                if case .identifier(let stage) = current.kind {
                    if Self.pipelineStages.contains(stage) { throw .unsupported("the pipeline stage | \(stage)") }
                    throw .unsupported("the label filter | \(stage)")
                }
                throw syntaxError()
            case .other(let text) where text == "|>" || text == "!>":
                throw .unsupported("the pattern line filter \(text)")
            default:
                return filters
            }
            advance()
            guard case .string(let value) = current.kind else { throw syntaxError(expecting: "STRING") }
            var regex: NSRegularExpression?
            if kind == .regex || kind == .notRegex {
                regex = LogQLRegex.compile(value, anchored: false)
                guard regex != nil else {
                    throw .badRequest(
                        "parse error at line \(current.line), col \(current.column): error parsing regexp: "
                            + "invalid regular expression `\(value)`")
                }
            }
            filters.append(LogQLLineFilter(kind: kind, value: value, regex: regex))
            advance()
            if case .identifier("or") = current.kind { throw .unsupported("\"or\" in line filters") }
        }
    }
}
