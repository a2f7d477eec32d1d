/// The findings of one hunt outcome, one at a time: its own, or, when the hunts ran with a
/// ``FindingSpool``, its share of the spool (the next ``HuntOutcome/findingCount`` of a reader
/// that goes through the outcomes in run order).
public final class OutcomeFindings {
    private var own: IndexingIterator<[Finding]>
    private let reader: FindingSpool.Reader?
    private var left: Int

    public init(_ outcome: HuntOutcome, reader: FindingSpool.Reader?) {
        own = outcome.findings.makeIterator()
        self.reader = reader
        left = outcome.findingCount
    }

    /// The next finding, or nil after the outcome's last.
    public func next() throws(HuntError) -> Finding? {
        guard let reader else { return own.next() }
        guard left > 0 else { return nil }
        left -= 1
        return try reader.next()
    }
}
