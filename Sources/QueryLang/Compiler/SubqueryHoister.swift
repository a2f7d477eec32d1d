/// Turns deeply nested subqueries into a `WITH` list, so long pipelines fit SQLite's parser.
///
/// Every stage wraps the SQL before it in `SELECT ... FROM (...)`; SQLite's parser has a
/// fixed stack (`YYSTACKDEPTH`, 100 in Debian's 3.40), and about fifteen nested subqueries
/// overflow it ("parser stack overflow"). When the nesting is deeper than
/// ``maximumNesting``, each subquery in a `FROM` or `JOIN` position becomes a common table
/// expression `aegis_q1`, `aegis_q2`, ... (innermost first) and is referred to by name. Such
/// subqueries cannot refer to the query around them in SQLite (there is no LATERAL), so
/// hoisting them does not change what they mean; SQLite inlines a CTE used once like the
/// subquery it was. Shallow SQL is returned unchanged.
///
/// The SQL is the compiler's own: literals are bound parameters, so the only quoted text is
/// `"identifiers"` and the empty string `''`, both skipped while matching parentheses.
enum SubqueryHoister {
    /// Nesting of `FROM (` subqueries left as is.
    static let maximumNesting = 8

    static func hoist(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        guard nesting(bytes) > maximumNesting else { return sql }
        var hoister = Hoisting(bytes: bytes)
        let main = hoister.transform(from: 0, until: bytes.count)
        let definitions = hoister.definitions.enumerated().map { index, body in
            "aegis_q\(index + 1) AS (\(body))"
        }
        return "WITH " + definitions.joined(separator: ", ") + " " + main
    }

    /// The deepest nesting of FROM/JOIN subqueries.
    static func nesting(_ bytes: [UInt8]) -> Int {
        var deepest = 0
        var stack: [Bool] = []  // per open parenthesis: whether it opens a FROM subquery
        var depth = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = Hoisting.endOfQuoted(bytes, at: index)
                continue
            case UInt8(ascii: "("):
                let opens = Hoisting.opensFromSubquery(bytes, at: index)
                stack.append(opens)
                if opens {
                    depth += 1
                    deepest = max(deepest, depth)
                }
            case UInt8(ascii: ")"):
                if let opened = stack.popLast(), opened { depth -= 1 }
            default: break
            }
            index += 1
        }
        return deepest
    }

    private struct Hoisting {
        let bytes: [UInt8]
        var definitions: [String] = []

        /// The text of `bytes[start..<end]` with its FROM subqueries replaced by CTE names.
        mutating func transform(from start: Int, until end: Int) -> String {
            var output: [UInt8] = []
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    let after = Self.endOfQuoted(bytes, at: index)
                    output += bytes[index..<after]
                    index = after
                } else if byte == UInt8(ascii: "("), Self.opensFromSubquery(bytes, at: index) {
                    let close = Self.matchingParenthesis(bytes, at: index)
                    definitions.append(transform(from: index + 1, until: close))
                    output += Array("aegis_q\(definitions.count)".utf8)
                    index = close + 1
                } else {
                    output.append(byte)
                    index += 1
                }
            }
            return String(decoding: output, as: UTF8.self)
        }

        /// The index just past the quoted text starting at `index` (doubled quotes included).
        static func endOfQuoted(_ bytes: [UInt8], at index: Int) -> Int {
            let quote = bytes[index]
            var scan = index + 1
            while scan < bytes.count {
                if bytes[scan] == quote {
                    if scan + 1 < bytes.count, bytes[scan + 1] == quote {
                        scan += 2
                        continue
                    }
                    return scan + 1
                }
                scan += 1
            }
            return bytes.count
        }

        /// Whether the parenthesis at `index` opens `(SELECT ...` right after `FROM` or `JOIN`.
        static func opensFromSubquery(_ bytes: [UInt8], at index: Int) -> Bool {
            guard starts(bytes, at: index + 1, with: "SELECT ") else { return false }
            var scan = index - 1
            while scan >= 0, bytes[scan] == UInt8(ascii: " ") { scan -= 1 }
            return ends(bytes, at: scan, with: " FROM") || ends(bytes, at: scan, with: " JOIN")
                || ends(bytes, at: scan, with: "(FROM")
        }

        static func matchingParenthesis(_ bytes: [UInt8], at open: Int) -> Int {
            var depth = 0
            var index = open
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    index = endOfQuoted(bytes, at: index)
                    continue
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
                index += 1
            }
            return bytes.count
        }

        private static func starts(_ bytes: [UInt8], at index: Int, with text: String) -> Bool {
            let pattern = Array(text.utf8)
            guard index >= 0, index + pattern.count <= bytes.count else { return false }
            return bytes[index..<index + pattern.count].elementsEqual(pattern)
        }

        private static func ends(_ bytes: [UInt8], at last: Int, with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return starts(bytes, at: last - pattern.count + 1, with: text)
        }
    }
}
