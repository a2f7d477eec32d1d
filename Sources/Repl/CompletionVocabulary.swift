/// Everything tab completion can offer: the cache's tables and columns, the languages' words,
/// the meta-commands and the hunt ids.
public struct CompletionVocabulary: Sendable {
    /// Table name to its column names.
    public var tables: [String: [String]]
    /// QueryLang's pipe operators (what may follow `|`).
    public var operators: [String]
    /// Function names (QueryLang's, or SQL's and the cache's own in SQL mode).
    public var functions: [String]
    /// QueryLang keywords used inside stages.
    public var keywords: [String]
    /// Meta-command names, with their dot.
    public var metaCommands: [String]
    /// Ids of the stored hunts (`.run <hunt>`).
    public var huntIDs: [String]

    public init(
        tables: [String: [String]], operators: [String] = [], functions: [String] = [], keywords: [String] = [],
        metaCommands: [String] = MetaCommand.names, huntIDs: [String] = []
    ) {
        self.tables = tables
        self.operators = operators
        self.functions = functions
        self.keywords = keywords
        self.metaCommands = metaCommands
        self.huntIDs = huntIDs
    }

    /// SQL keywords offered in SQL mode.
    static let sqlKeywords = [
        "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "COUNT", "DESC", "DISTINCT", "ELSE", "END", "EXPLAIN", "FROM",
        "GROUP", "HAVING", "IN", "IS", "JOIN", "LEFT", "LIKE", "LIMIT", "NOT", "NULL", "ON", "OR", "ORDER", "RECURSIVE",
        "SELECT", "THEN", "UNION", "WHEN", "WHERE", "WITH",
    ]

    /// SQLite's common functions and those every cache connection registers.
    static let sqlFunctions = [
        "avg", "cidr_match", "coalesce", "count", "first_value_of", "format_time", "group_concat", "ifnull",
        "ip_is_private", "json_extract", "json_group_array", "last_value_of", "length", "lower", "max", "min",
        "regex_extract", "regexp", "substr", "sum", "time_add", "time_bin", "upper",
    ]
}
