import Foundation

/// A parsed query of the LogQL subset the fake understands.
enum LogQLExpression {
    /// `{selector} [line filters]`: a log query.
    case logs(LogQLSelector)
    /// `[sum [by|without (...)] (] count_over_time({selector} [line filters] [range]) [)]`.
    case metric(LogQLMetric)
}

/// `name op "value"` inside `{...}`. A missing label counts as the empty value, as in Prometheus.
struct LogQLMatcher {
    enum Kind: String { case equal = "=", notEqual = "!=", regex = "=~", notRegex = "!~" }

    let name: String
    let kind: Kind
    let value: String
    /// Compiled for `=~` / `!~`: fully anchored, `.` matching newlines, like Prometheus 3's
    /// `^(?s:re)$`.
    let regex: NSRegularExpression?

    func matches(_ labelValue: String?) -> Bool {
        let text = labelValue ?? ""
        switch kind {
        case .equal: return text == value
        case .notEqual: return text != value
        case .regex: return Self.fullMatch(regex!, text)
        case .notRegex: return !Self.fullMatch(regex!, text)
        }
    }

    private static func fullMatch(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// `|= "text"`, `!= "text"`, `|~ "re"`, `!~ "re"` after a selector.
struct LogQLLineFilter {
    enum Kind: String { case contains = "|=", notContains = "!=", regex = "|~", notRegex = "!~" }

    let kind: Kind
    let value: String
    /// Compiled for `|~` / `!~`: unanchored, as Loki's line filters are.
    let regex: NSRegularExpression?

    func matches(_ line: String) -> Bool {
        switch kind {
        case .contains: return Self.containsBytes(line, value)
        case .notContains: return !Self.containsBytes(line, value)
        case .regex: return Self.search(regex!, line)
        case .notRegex: return !Self.search(regex!, line)
        }
    }

    /// Byte-wise substring search, as Go's `bytes.Contains` (no Unicode normalisation).
    private static func containsBytes(_ line: String, _ needle: String) -> Bool {
        var line = line
        var needle = needle
        return needle.withUTF8 { needleBytes in
            if needleBytes.isEmpty { return true }
            return line.withUTF8 { lineBytes in
                ByteSearch.find(UnsafeRawBufferPointer(needleBytes), in: UnsafeRawBufferPointer(lineBytes)) != nil
            }
        }
    }

    private static func search(_ regex: NSRegularExpression, _ line: String) -> Bool {
        regex.firstMatch(in: line, options: [], range: NSRange(line.startIndex..., in: line)) != nil
    }
}

/// A stream selector with its line filters.
struct LogQLSelector {
    let matchers: [LogQLMatcher]
    let lineFilters: [LogQLLineFilter]

    func matchesStream(_ labels: LabelSet) -> Bool { matchers.allSatisfy { $0.matches(labels[$0.name]) } }

    func matchesLine(_ line: String) -> Bool { lineFilters.allSatisfy { $0.matches(line) } }
}

/// `sum by (a, b)`, `sum without (a)` or plain `sum` (by nothing).
struct LogQLGrouping {
    let names: Set<String>
    let without: Bool
}

/// `count_over_time` of a selector over a range, then zero or more `sum` aggregations
/// (innermost first).
struct LogQLMetric {
    let selector: LogQLSelector
    /// The range `[d]` in nanoseconds.
    let range: Int64
    let aggregations: [LogQLGrouping]

    /// The series a sample of a stream entry belongs to, after every aggregation.
    func seriesLabels(_ labels: LabelSet) -> LabelSet {
        var result = labels
        for grouping in aggregations { result = result.keeping(grouping.names, without: grouping.without) }
        return result
    }
}

/// Go RE2 syntax turned into ICU syntax for `NSRegularExpression` (named groups are the only
/// common difference).
enum LogQLRegex {
    static func compile(_ pattern: String, anchored: Bool) -> NSRegularExpression? {
        let icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        return try? NSRegularExpression(pattern: anchored ? "\\A(?s:" + icu + ")\\z" : icu, options: [])
    }
}
