import AegisAudit

/// A sink in front of a format's writer: counts and hashes every row as it came from the cache
/// (``EvidenceDigest``), then passes it on unchanged. Holds no rows.
public final class EvidenceRecorder: RawRowSink {
    private let writer: RowSink
    /// The writer, when it takes rows in place too.
    private let rawWriter: RawRowSink?
    private(set) var digest = EvidenceDigest()
    /// The columns, once ``begin(columns:)`` has run.
    public private(set) var columns: [ResultColumn] = []

    public init(writingTo writer: RowSink) {
        self.writer = writer
        rawWriter = writer as? RawRowSink
    }

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

    /// Records a row read in place; passes it on in place when the writer can take it so, as
    /// values otherwise.
    public func write(raw row: RawRow) throws {
        digest.add(raw: row)
        if let rawWriter { try rawWriter.write(raw: row) } else { try writer.write(row: row.values) }
    }

    public func finish() throws { try writer.finish() }
}
