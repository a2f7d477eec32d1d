import Foundation

/// When and how long to wait before trying a request again: exponential backoff with jitter,
/// or what the server's `Retry-After` asks for.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The first wait, in seconds; each later one doubles, up to ``maxDelay``.
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    public var maxRetryAfter: Double

    public static let standard = RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 30, maxRetryAfter: 120)

    public init(maxAttempts: Int, baseDelay: Double, maxDelay: Double, maxRetryAfter: Double) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Whether an HTTP status is worth another attempt (rate limited, or the server's fault).
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: String?) -> Double {
        if let retryAfter, let seconds = Self.seconds(retryAfter: retryAfter) {
            return min(max(0, seconds), maxRetryAfter)
        }
        let exponential = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return exponential * Double.random(in: 0.5...1.0)
    }

    /// `Retry-After` as delay-seconds or an HTTP date.
    static func seconds(retryAfter: String) -> Double? {
        let text = retryAfter.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text).map { $0.timeIntervalSinceNow }
    }
}
