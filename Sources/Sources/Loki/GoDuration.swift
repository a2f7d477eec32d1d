/// Parses Go's `time.Duration` text as Loki prints it in errors (`721h0m0s`, `1m30.5s`, `250ms`).
enum GoDuration {
    /// Nanoseconds, or nil when `text` is not a Go duration.
    static func nanoseconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "h": scale = 3_600e9
            case "m": scale = 60e9
            case "s": scale = 1e9
            case "ms": scale = 1e6
            case "us", "µs": scale = 1e3
            case "ns": scale = 1
            default: return nil
            }
            total += value * scale
        }
        return Int64(total)
    }
}
