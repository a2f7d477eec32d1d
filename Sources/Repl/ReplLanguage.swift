/// The language the REPL reads statements in: QueryLang pipelines, or raw read-only SQL.
public enum ReplLanguage: String, Sendable, Equatable {
    case queryLang = "ql"
    case sql

    /// The prompt that asks for a new statement.
    var prompt: String { self == .queryLang ? "aql> " : "sql> " }

    /// The prompt that asks for the next line of an unfinished statement.
    var continuationPrompt: String { "...> " }

    /// How the language is named in messages.
    var displayName: String { self == .queryLang ? "QueryLang" : "SQL" }
}
