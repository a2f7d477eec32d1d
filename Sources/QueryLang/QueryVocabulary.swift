/// The words QueryLang knows, for editors and tab completion (the REPL): the pipe operators,
/// the functions and the keywords, each sorted.
public enum QueryVocabulary {
    /// What may follow `|`.
    public static var operators: [String] { Parser.stageNames.sorted() }

    /// Scalar, aggregate and special functions.
    public static var functions: [String] { FunctionTable.allNames.sorted() }

    /// Words with a meaning inside a stage (`by`, `desc`, `lookback`, ...).
    public static let keywords = [
        "and", "as", "asc", "between", "by", "contains", "desc", "for", "from", "in", "kind", "lookback", "not", "on",
        "or", "with", "within",
    ]
}
