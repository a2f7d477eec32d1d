/// One chunk of a pull: what was pulled and whether Loki's own count agrees.
public struct LokiWindow: Sendable, Equatable {
    public let selector: String
    /// Inclusive start and exclusive end, nanoseconds since the epoch.
    public let start: Int64
    public let end: Int64
    public var pages = 0
    /// Distinct entries received (repeats across page boundaries removed).
    public var pulled = 0
    /// `count_over_time` over the same window.
    public var counted: Int64 = 0

    /// Whether every entry Loki counts was received.
    public var reconciled: Bool { counted == Int64(pulled) }
}
