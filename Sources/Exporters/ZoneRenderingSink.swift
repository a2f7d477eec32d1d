import AegisAudit

/// Passes rows on with every cache timestamp (a text cell that is wholly one) shown in
/// `zone` with its offset (``ZonedTimestamp``); everything else unchanged.
final class ZoneRenderingSink: RowSink {
    private let writer: RowSink
    private let zone: DisplayZone
    private var rendered: [CacheValue] = []

    init(writing writer: RowSink, zone: DisplayZone) {
        self.writer = writer
        self.zone = zone
    }

    func begin(columns: [ResultColumn]) throws { try writer.begin(columns: columns) }

    func write(row: [CacheValue]) throws {
        rendered.removeAll(keepingCapacity: true)
        for value in row {
            if case .text(let text) = value, let zoned = ZonedTimestamp.render(text, in: zone) {
                rendered.append(.text(zoned))
            } else {
                rendered.append(value)
            }
        }
        try writer.write(row: rendered)
    }

    func finish() throws { try writer.finish() }
}
