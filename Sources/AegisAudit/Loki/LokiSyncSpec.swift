import AegisSources

/// What to pull from Loki and how.
public struct LokiSyncSpec: Sendable {
    public var settings: LokiSettings
    /// Stream selectors; entries matching several are stored once.
    public var selectors: [String] = [#"{job=~"aegis-.+"}"#]
    /// Where a first pull starts, seconds before `until` (default 30 days).
    public var sinceSeconds: Int64 = 30 * 86_400
    /// End of the pull, nanoseconds since the epoch (default: now).
    public var until: Int64?
    /// Entries per page; lowered to the server's cap when it says so.
    public var limit = 5000
    /// Chunk length in seconds; lowered under the server's maximum range when it says so.
    public var chunkSeconds: Int64 = 3600
    public var retry: RetryPolicy = .standard

    public init(settings: LokiSettings) { self.settings = settings }
}

/// How far a Loki pull has got, for a progress line.
public struct LokiProgress: Sendable {
    public let chunksDone: Int
    public let chunksTotal: Int
    public let lines: Int
    public let elapsedSeconds: Double
}
