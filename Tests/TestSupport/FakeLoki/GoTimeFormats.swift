import Foundation

/// Go's and Prometheus' ways of writing and reading durations and timestamps, as Loki uses them
/// in its parameters and error messages. All durations are in nanoseconds.
enum GoTime {
    static let second: Int64 = 1_000_000_000

    // MARK: Writing

    /// Go's `time.Duration.String()`: `768h0m0s`, `1.5s`, `500ms`, `0s`.
    static func durationString(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let value = nanoseconds.magnitude
        if value < UInt64(second) {
            let (unit, precision): (String, Int) =
                value < 1_000 ? ("ns", 0) : value < 1_000_000 ? ("\u{B5}s", 3) : ("ms", 6)
            let (fraction, whole) = fractionDigits(value, precision)
            return sign + String(whole) + fraction + unit
        }
        let (fraction, seconds) = fractionDigits(value, 9)
        var text = String(seconds % 60) + fraction + "s"
        let minutes = seconds / 60
        if minutes > 0 {
            text = String(minutes % 60) + "m" + text
            let hours = minutes / 60
            if hours > 0 { text = String(hours) + "h" + text }
        }
        return sign + text
    }

    /// Prometheus' `model.Duration.String()` (millisecond precision): `30d1h`, `4w`, `1y`, `90s`.
    static func prometheusDurationString(_ nanoseconds: Int64) -> String {
        var milliseconds = nanoseconds / 1_000_000
        if milliseconds == 0 { return "0s" }
        var text = ""
        let units: [(String, Int64, Bool)] = [
            ("y", 365 * 86_400_000, true), ("w", 7 * 86_400_000, true), ("d", 86_400_000, false),
            ("h", 3_600_000, false), ("m", 60_000, false), ("s", 1_000, false), ("ms", 1, false),
        ]
        for (unit, size, exact) in units {
            if exact && milliseconds % size != 0 { continue }
            let count = milliseconds / size
            if count > 0 {
                text += String(count) + unit
                milliseconds -= count * size
            }
        }
        return text
    }

    /// Prometheus' sample time: unix seconds with millisecond precision, trailing zeros dropped.
    static func sampleTime(_ nanoseconds: Int64) -> String {
        let milliseconds = nanoseconds >= 0 ? nanoseconds / 1_000_000 : -((-nanoseconds + 999_999) / 1_000_000)
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        var fraction = milliseconds - seconds * 1000
        if fraction == 0 { return String(seconds) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
            fraction /= 10
        }
        return String(seconds) + "." + digits
    }

    private static func fractionDigits(_ value: UInt64, _ precision: Int) -> (String, UInt64) {
        var value = value
        var digits = ""
        var printed = false
        for _ in 0..<precision {
            let digit = value % 10
            printed = printed || digit != 0
            if printed { digits = String(digit) + digits }
            value /= 10
        }
        return (printed ? "." + digits : "", value)
    }

    // MARK: Reading

    /// A LogQL range or a duration parameter: Go's `time.ParseDuration` (`1.5h`, `1h30m`,
    /// `1500ms`), else Prometheus' `model.ParseDuration` (`5m`, `1d`, `2w`, `1y`).
    static func parseDuration(_ text: String) -> Int64? {
        goDuration(text) ?? prometheusDuration(text)
    }

    /// Loki's `parseSecondsOrDuration` (the `step` parameter): a float of seconds, else a duration.
    static func parseSecondsOrDuration(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite {
            let nanoseconds = seconds * Double(second)
            guard nanoseconds.magnitude < 9.2e18 else { return nil }
            return Int64(nanoseconds)
        }
        return prometheusDuration(text)
    }

    private static func goDuration(_ text: String) -> Int64? {
        var scalars = Array(text.unicodeScalars)
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars.removeFirst()
        }
        if scalars == ["0"] { return 0 }
        guard !scalars.isEmpty else { return nil }
        var index = 0
        var total: Double = 0
        while index < scalars.count {
            let numberStart = index
            while index < scalars.count, scalars[index] == "." || ("0"..."9").contains(scalars[index]) { index += 1 }
            let number = String(String.UnicodeScalarView(scalars[numberStart..<index]))
            guard !number.isEmpty, number != ".", let amount = Double(number) else { return nil }
            let unitStart = index
            while index < scalars.count, scalars[index] != ".", !("0"..."9").contains(scalars[index]) { index += 1 }
            let unit = String(String.UnicodeScalarView(scalars[unitStart..<index]))
            let size: Double
            switch unit {
            case "ns": size = 1
            case "us", "\u{B5}s", "\u{3BC}s": size = 1e3
            case "ms": size = 1e6
            case "s": size = 1e9
            case "m": size = 60e9
            case "h": size = 3600e9
            default: return nil
            }
            total += amount * size
        }
        guard total < 9.2e18 else { return nil }
        return negative ? -Int64(total) : Int64(total)
    }

    private static func prometheusDuration(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        let units: [(String, Int64)] = [
            ("y", 365 * 86_400 * second), ("w", 7 * 86_400 * second), ("d", 86_400 * second),
            ("h", 3_600 * second), ("m", 60 * second), ("s", second), ("ms", 1_000_000),
        ]
        var rest = Substring(text)
        var total: Int64 = 0
        var nextUnit = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(letters.count)
            guard let found = units[nextUnit...].firstIndex(where: { $0.0 == letters }) else { return nil }
            let (product, overflow) = amount.multipliedReportingOverflow(by: units[found].1)
            guard !overflow else { return nil }
            total += product
            nextUnit = found + 1
        }
        return total
    }

    /// Loki's `parseTimestamp`: a float of unix seconds if it has a dot, else an integer (unix
    /// seconds if 10 digits or fewer, nanoseconds otherwise), else RFC 3339 with optional fraction.
    static func parseTimestamp(_ text: String) throws(FakeLokiError) -> Int64 {
        if text.contains("."), let seconds = Double(text), seconds.isFinite {
            let whole = seconds.rounded(.towardZero)
            let fraction = ((seconds - whole) * 1000).rounded() / 1000
            return Int64(whole) * second + Int64(fraction * Double(second))
        }
        if let integer = Int64(text) {
            return text.count <= 10 ? integer * second : integer
        }
        if let parsed = rfc3339(text) { return parsed }
        let reason =
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) && !text.isEmpty
            ? "value out of range" : "invalid syntax"
        throw FakeLokiError.badRequest("strconv.ParseInt: parsing \(goQuote(text)): \(reason)")
    }

    /// `2026-11-25T10:00:00Z`, `2026-11-25T10:30:00.5Z`, `2026-11-25T12:00:00+02:00`.
    static func rfc3339(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, _ expected: Character) -> Bool {
            index < bytes.count && bytes[index] == expected.asciiValue
        }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"),
            let day = number(8, 2), byte(10, "T"), let hour = number(11, 2), byte(13, ":"),
            let minute = number(14, 2), byte(16, ":"), let secondOfMinute = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, secondOfMinute < 60
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if byte(index, ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if digits < 9 { fraction = fraction * 10 + Int64(bytes[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { fraction *= 10 }
        }
        var offset: Int64 = 0
        if byte(index, "Z") {
            index += 1
        } else if byte(index, "+") || byte(index, "-") {
            guard let offsetHours = number(index + 1, 2), byte(index + 3, ":"), let offsetMinutes = number(index + 4, 2)
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (byte(index, "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + secondOfMinute - offset
        return seconds * second + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The current time in nanoseconds.
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }
}
