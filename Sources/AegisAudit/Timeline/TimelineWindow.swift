import Foundation

/// The time window of a timeline: `[since, until)` in the cache's timestamp form, either end
/// open. Built from `--since`/`--until` (timestamps, or durations before now) or from
/// `--around T --window W` (W on each side of T).
public struct TimelineWindow: Sendable, Equatable {
    public var since: String?
    public var until: String?

    /// The half-width `--around` uses when `--window` is not given.
    public static let defaultAroundSeconds = 3600

    public init(since: String? = nil, until: String? = nil) {
        self.since = since
        self.until = until
    }

    /// Reads the window options; `around` excludes `since` and `until`, `window` needs `around`.
    public static func resolve(
        since: String?, until: String?, around: String?, window: String?, now: Date = Date()
    ) throws(TimelineError) -> TimelineWindow {
        if let around {
            guard since == nil, until == nil else {
                throw .conflictingOptions("--around cannot be combined with --since or --until")
            }
            guard let centre = CacheTime.microseconds(parsing: around) else {
                throw .invalidOption(option: "--around", value: around, expected: "a timestamp (2026-11-18T02:17:00Z)")
            }
            var seconds = defaultAroundSeconds
            if let window {
                guard let parsed = DurationText.seconds(window), parsed > 0 else {
                    throw .invalidOption(option: "--window", value: window, expected: "a duration such as 30m or 2h")
                }
                seconds = parsed
            }
            let width = Int64(seconds) * 1_000_000
            return TimelineWindow(
                since: CacheTime.text(microseconds: centre - width), until: CacheTime.text(microseconds: centre + width)
            )
        }
        if let window {
            throw .conflictingOptions("--window \(window) needs --around (the time it is centred on)")
        }
        let window = TimelineWindow(
            since: try since.map { text throws(TimelineError) in try moment(text, now: now, option: "--since") },
            until: try until.map { text throws(TimelineError) in try moment(text, now: now, option: "--until") })
        if let start = window.since, let end = window.until, start >= end {
            throw .conflictingOptions("--since \(since!) is not before --until \(until!)")
        }
        return window
    }

    /// A timestamp, or a duration meaning that long before `now`, in the cache form.
    static func moment(_ text: String, now: Date, option: String) throws(TimelineError) -> String {
        if let microseconds = CacheTime.microseconds(parsing: text) {
            return CacheTime.text(microseconds: microseconds)
        }
        if let seconds = DurationText.seconds(text) {
            let microseconds =
                Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down)) - Int64(seconds) * 1_000_000
            return CacheTime.text(microseconds: microseconds)
        }
        throw .invalidOption(
            option: option, value: text, expected: "a timestamp (2026-11-18T02:00Z) or a duration before now (7d)")
    }
}
