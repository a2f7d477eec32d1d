import Foundation

/// Conversions between nanoseconds since the epoch and the cache's UTC text form.
enum NanosecondTime {
    /// `2026-11-25T12:00:00.123456Z`: the cache's timestamp form (microseconds, like the
    /// PostgreSQL tables), so Loki entries sort and join with them.
    static func text(_ nanoseconds: Int64) -> String {
        var seconds = Int(nanoseconds.quotient(dividingBy: 1_000_000_000))
        let micros = Int(nanoseconds - Int64(seconds) * 1_000_000_000) / 1000
        var broken = tm()
        gmtime_r(&seconds, &broken)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", broken.tm_year + 1900, broken.tm_mon + 1, broken.tm_mday,
            broken.tm_hour, broken.tm_min, broken.tm_sec, micros)
    }

    /// Now, in nanoseconds since the epoch.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

extension Int64 {
    /// Division rounding towards minus infinity.
    func quotient(dividingBy divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
