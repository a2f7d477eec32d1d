/// Values bound to a timeline statement, numbered `?1`, `?2`, ... after those of the pipeline
/// it may be built on.
public struct TimelineParameters: Sendable, Equatable {
    public private(set) var values: [CacheValue]

    public init(_ values: [CacheValue] = []) { self.values = values }

    /// Adds `value` and returns its placeholder.
    public mutating func bind(_ value: CacheValue) -> String {
        values.append(value)
        return "?\(values.count)"
    }
}
