import AegisAudit

/// A sink in front of a format's writer: counts and hashes every row as it came from the cache
/// (``EvidenceDigest``), then passes it on unchanged. Holds no rows.
public final class EvidenceRecorder: RowSink {
    private let writer: RowSink
    private(set) var digest = EvidenceDigest()
    /// The columns, once ``begin(columns:)`` has run.
    public private(set) var columns: [ResultColumn] = []

    public init(writingTo writer: RowSink) { self.writer = writer }

    /// Rows recorded so far.
    public var rowCount: Int { digest.rowCount }

    public func begin(columns: [ResultColumn]) throws {
        self.columns = columns
        digest.begin(columnNames: columns.map(\.name), jsonColumns: columns.map(\.holdsJSON))
        try writer.begin(columns: columns)
    }

    public func write(row: [CacheValue]) throws {
        digest.add(row: row)
        try writer.write(row: row)
    }

    public func finish() throws { try writer.finish() }
}
