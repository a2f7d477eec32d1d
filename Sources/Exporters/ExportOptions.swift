import AegisAudit

/// How an export renders its values. None of it changes the evidence hash
/// (``EvidenceDigest``), which is always over the values as cached.
public struct ExportOptions: Sendable, Equatable {
    /// The zone timestamps are shown in (UTC by default, the cache's own form).
    public var zone: DisplayZone
    /// CSV only: write cells as they are, without neutralising spreadsheet formulas
    /// (``FormulaGuard``).
    public var rawCSV: Bool
    /// Timesketch only: which columns become `datetime` and `message`.
    public var timesketch: TimesketchOptions

    public init(zone: DisplayZone = .utc, rawCSV: Bool = false, timesketch: TimesketchOptions = TimesketchOptions()) {
        self.zone = zone
        self.rawCSV = rawCSV
        self.timesketch = timesketch
    }
}

/// The choices a Timesketch export makes; nil means "pick by column name" (docs/exports.md).
public struct TimesketchOptions: Sendable, Equatable {
    /// The column holding each row's time (default: the first of ``timeColumnNames`` present).
    public var timeColumn: String?
    /// The column holding each row's message (default: the first of ``messageColumnNames``
    /// present, else `name=value` pairs of the other columns).
    public var messageColumn: String?
    /// The `timestamp_desc` of every row (default: the time column's name).
    public var timestampDescription: String?

    public init(timeColumn: String? = nil, messageColumn: String? = nil, timestampDescription: String? = nil) {
        self.timeColumn = timeColumn
        self.messageColumn = messageColumn
        self.timestampDescription = timestampDescription
    }

    /// Time columns looked for, in this order.
    public static let timeColumnNames = [
        "time", "datetime", "timestamp", "ts", "created_at", "occurred_at", "started_at", "taken_at", "completed_at",
        "updated_at", "last_login",
    ]
    /// Message columns looked for, in this order.
    public static let messageColumnNames = ["message", "summary", "msg", "line", "description"]
}
