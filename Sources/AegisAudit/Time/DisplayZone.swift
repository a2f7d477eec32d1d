import Foundation

/// A time zone to show instants in: `UTC` (or `Z`), a fixed offset (`+05:30`, `-0800`,
/// `+02`), or an IANA name (`Europe/Paris`) whose offset follows its daylight-saving rules.
public struct DisplayZone: Sendable, Equatable, CustomStringConvertible {
    private enum Rule: Sendable, Equatable {
        case fixed(seconds: Int)
        case named(TimeZone)
    }

    private let rule: Rule
    /// The text it was parsed from, normalised (`UTC`, `+05:30`, `Europe/Paris`).
    public let description: String

    /// UTC.
    public static let utc = DisplayZone(rule: .fixed(seconds: 0), description: "UTC")

    private init(rule: Rule, description: String) {
        self.rule = rule
        self.description = description
    }

    /// Parses `text`; nil when it is neither an offset nor a zone name this system knows.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ["utc", "z", "gmt"].contains(trimmed.lowercased()) {
            self = .utc
        } else if let seconds = Self.offsetSeconds(trimmed) {
            self.init(rule: .fixed(seconds: seconds), description: Self.offsetText(seconds, separator: ":"))
        } else if trimmed.contains("/"), let zone = TimeZone(identifier: trimmed) {
            self.init(rule: .named(zone), description: zone.identifier)
        } else {
            return nil
        }
    }

    /// Seconds east of UTC at the instant `epochSeconds`.
    public func offsetSeconds(atEpochSeconds epochSeconds: Int64) -> Int {
        switch rule {
        case .fixed(let seconds): return seconds
        case .named(let zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epochSeconds)))
        }
    }

    /// Whether the offset is the same at every instant (UTC or a fixed offset).
    public var isFixed: Bool {
        if case .fixed = rule { return true }
        return false
    }

    /// `+05:30` (separator `:`) or `+0530` (separator empty) for an offset in seconds.
    public static func offsetText(_ seconds: Int, separator: String) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let hours = String(minutes / 60), rest = String(minutes % 60)
        return sign + String(repeating: "0", count: 2 - hours.count) + hours + separator
            + String(repeating: "0", count: 2 - rest.count) + rest
    }

    /// `±HH`, `±HHMM` or `±HH:MM` (hours ≤ 18, minutes < 60) as seconds.
    private static func offsetSeconds(_ text: String) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count == 2 || digits.count == 4,
            text.dropFirst().filter({ $0 == ":" }).count <= (digits.count == 4 ? 1 : 0),
            let hours = Int(digits.prefix(2)),
            let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
            hours <= 18, minutes < 60
        else { return nil }
        if text.contains(":"), text.dropFirst().firstIndex(of: ":") != text.index(text.startIndex, offsetBy: 3) {
            return nil
        }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
