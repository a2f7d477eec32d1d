import Foundation

/// The cache's one timestamp form, `2026-11-20T10:30:45.123456Z` (UTC, microseconds, fixed
/// width so that text order is time order), made from instants of any precision.
public enum CacheTime {
    /// The cache form of `microseconds` since the epoch; years outside 0000–9999 are clamped
    /// to the nearest representable instant.
    public static func text(microseconds: Int64) -> String {
        let clamped = min(max(microseconds, UTCTime.earliest), UTCTime.latest)
        return String(unsafeUninitializedCapacity: UTCTime.cacheFormLength) { buffer in
            _ = UTCTime.writeCacheForm(clamped, to: buffer.baseAddress!)
            return UTCTime.cacheFormLength
        }
    }

    /// The cache form of `nanoseconds` since the epoch (truncated to microseconds).
    public static func text(nanoseconds: Int64) -> String { text(microseconds: nanoseconds.floorDivided(by: 1000)) }

    /// Now, in nanoseconds since the epoch.
    public static func nowNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Now, in the cache form.
    public static func now() -> String { text(nanoseconds: nowNanoseconds()) }

    /// Microseconds since the epoch of an ISO 8601 timestamp (`2026-11-18`,
    /// `2026-11-18T04:17:00+02:00`, the cache form, ...), or nil when `text` is not one.
    public static func microseconds(parsing text: String) -> Int64? {
        var text = text
        return text.withUTF8 { UTCTime.parse($0) }
    }
}
