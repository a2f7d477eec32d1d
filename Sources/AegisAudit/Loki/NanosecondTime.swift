/// Conversions between Loki's nanoseconds since the epoch and the cache's UTC text form.
enum NanosecondTime {
    /// `2026-11-25T12:00:00.123456Z`: the cache's timestamp form (microseconds, like the
    /// PostgreSQL tables), so Loki entries sort and join with them.
    static func text(_ nanoseconds: Int64) -> String { CacheTime.text(nanoseconds: nanoseconds) }

    /// Now, in nanoseconds since the epoch.
    static func now() -> Int64 { CacheTime.nowNanoseconds() }
}
