/// The functions QueryLang knows: their arity and argument types, and how each becomes SQL.
enum FunctionTable {
    struct Signature: Sendable {
        let minimum: Int
        let maximum: Int
        /// Expected type per argument position (the last repeats); `.any` accepts everything.
        let arguments: [ValueType]
        let result: ValueType
        let aggregate: Bool
        /// SQL from the compiled arguments.
        let sql: @Sendable ([String]) -> String
    }

    static let scalars: [String: Signature] = [
        "lower": Signature(minimum: 1, maximum: 1, arguments: [.text], result: .text, aggregate: false) {
            "lower(\($0[0]))"
        },
        "upper": Signature(minimum: 1, maximum: 1, arguments: [.text], result: .text, aggregate: false) {
            "upper(\($0[0]))"
        },
        "len": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .integer, aggregate: false) {
            "length(\($0[0]))"
        },
        "coalesce": Signature(minimum: 2, maximum: 16, arguments: [.any], result: .any, aggregate: false) {
            "coalesce(\($0.joined(separator: ", ")))"
        },
        "format_time": Signature(
            minimum: 2, maximum: 3, arguments: [.timestamp, .text, .text], result: .text, aggregate: false
        ) {
            "format_time(\($0.joined(separator: ", ")))"
        },
        "regex_extract": Signature(
            minimum: 2, maximum: 3, arguments: [.text, .text, .any], result: .text, aggregate: false
        ) {
            "regex_extract(\($0[0]), \($0[1]), \($0.count > 2 ? $0[2] : "0"))"
        },
        "cidr_match": Signature(minimum: 2, maximum: 2, arguments: [.text, .text], result: .boolean, aggregate: false) {
            "cidr_match(\($0[0]), \($0[1]))"
        },
        "ip_is_private": Signature(minimum: 1, maximum: 1, arguments: [.text], result: .boolean, aggregate: false) {
            "ip_is_private(\($0[0]))"
        },
        "isnull": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .boolean, aggregate: false) {
            "(\($0[0]) IS NULL)"
        },
        "isnotnull": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .boolean, aggregate: false) {
            "(\($0[0]) IS NOT NULL)"
        },
        "tostring": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .text, aggregate: false) {
            "CAST(\($0[0]) AS TEXT)"
        },
        "toint": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .integer, aggregate: false) {
            "CAST(\($0[0]) AS INTEGER)"
        },
        "strcat": Signature(minimum: 1, maximum: 16, arguments: [.any], result: .text, aggregate: false) {
            "(" + $0.map { "ifnull(\($0), '')" }.joined(separator: " || ") + ")"
        },
        "substring": Signature(
            minimum: 2, maximum: 3, arguments: [.text, .integer, .integer], result: .text, aggregate: false
        ) {
            "substr(\($0.joined(separator: ", ")))"
        },
    ]

    static let aggregates: [String: Signature] = [
        "count": Signature(minimum: 0, maximum: 1, arguments: [.any], result: .integer, aggregate: true) {
            $0.isEmpty ? "count(*)" : "count(\($0[0]))"
        },
        "dcount": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .integer, aggregate: true) {
            "count(DISTINCT \($0[0]))"
        },
        "sum": Signature(minimum: 1, maximum: 1, arguments: [.integer], result: .real, aggregate: true) {
            "sum(\($0[0]))"
        },
        "avg": Signature(minimum: 1, maximum: 1, arguments: [.integer], result: .real, aggregate: true) {
            "avg(\($0[0]))"
        },
        "min": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .any, aggregate: true) { "min(\($0[0]))" },
        "max": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .any, aggregate: true) { "max(\($0[0]))" },
        "first": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .any, aggregate: true) {
            "first_value_of(\($0[0]))"
        },
        "last": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .any, aggregate: true) {
            "last_value_of(\($0[0]))"
        },
        "values": Signature(minimum: 1, maximum: 1, arguments: [.any], result: .json, aggregate: true) {
            "json_group_array(DISTINCT \($0[0]))"
        },
    ]

    /// Functions the compiler handles itself (time and literals).
    static let special = ["now", "ago", "bin"]

    static var allNames: [String] { Array(scalars.keys) + Array(aggregates.keys) + special }
}
