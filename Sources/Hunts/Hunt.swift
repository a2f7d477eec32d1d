/// One hunt, as its file in `queries/` describes it (`docs/hunts.md`): what it looks for, how
/// bad a finding is, the ATT&CK techniques it maps to, its parameters, the tables it needs, and
/// the QueryLang query whose every row is a finding.
public struct Hunt: Sendable, Equatable {
    /// Lowercase words joined by `-`; the file is `<id>.toml`.
    public let id: String
    public let title: String
    public let description: String
    public let severity: Severity
    /// MITRE ATT&CK technique ids (`T1078`, `T1550.001`).
    public let techniques: [String]
    /// Cache tables the query reads; a cache without one of them cannot run the hunt.
    public let tables: [String]
    /// In file order.
    public let parameters: [HuntParameter]
    /// The QueryLang query; `$since`, `$until` and the parameters are its `$name`s.
    public let query: String
    /// The one-line explanation of a finding: `{column}` is the finding's value of that column,
    /// `{$name}` a parameter's value.
    public let summary: String
    /// The column holding a finding's time (for timelines), if any.
    public let timeColumn: String?
    /// Which columns hold the ids of the evidence rows, and in which table.
    public let evidence: [EvidenceColumn]
    /// The file it was read from.
    public let path: String

    public init(
        id: String, title: String, description: String, severity: Severity, techniques: [String], tables: [String],
        parameters: [HuntParameter], query: String, summary: String, timeColumn: String?, evidence: [EvidenceColumn],
        path: String
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.severity = severity
        self.techniques = techniques
        self.tables = tables
        self.parameters = parameters
        self.query = query
        self.summary = summary
        self.timeColumn = timeColumn
        self.evidence = evidence
        self.path = path
    }

    /// Parameters every hunt is given: the window of `--since` and `--until`.
    public static let builtInParameters = ["since", "until"]
}

/// `table:column`: the finding's `column` holds the id of a row of `table`, or a JSON array of
/// such ids (what `values(id)` gives). `*:column`: the column holds references `table:id` (what
/// `values(strcat(row_table, ":", row_id))` gives on the `timeline` view).
public struct EvidenceColumn: Sendable, Equatable {
    /// The table written as `*`: each value names its own.
    public static let anyTable = "*"

    public let table: String
    public let column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}
