import Foundation

/// Parses durations written as a number and a unit: `0`, `90s`, `10m`, `2h`, `1d`.
public enum DurationText {
    /// Seconds in `text`, or nil when it is not a duration.
    public static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last else { return nil }
        if let plain = Int(trimmed), plain >= 0 { return plain }
        let multiplier: Int
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        case "d": multiplier = 86_400
        default: return nil
        }
        guard let number = Int(trimmed.dropLast()), number >= 0 else { return nil }
        let (seconds, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : seconds
    }
}
