import AegisAudit

/// The cache's UTC timestamps (`2026-11-20T10:30:45.123456Z`, or with nanoseconds) shown in
/// another zone with the offset in the text (`2026-11-20T16:00:45.123456+05:30`), and back.
/// The fraction is kept digit for digit; only the date, the time of day and the zone change.
enum ZonedTimestamp {
    /// `text` in `zone`, or nil when `text` is not a whole UTC timestamp in the cache's form
    /// (date, `T`, time to the second, an optional fraction of up to 9 digits, `Z`).
    static func render(_ text: String, in zone: DisplayZone) -> String? {
        guard text.utf8.count >= 20, text.utf8.count <= 30, text.utf8.last == UInt8(ascii: "Z") else { return nil }
        let bytes = Array(text.utf8)
        guard let (seconds, fraction) = parse(bytes, fractionEnd: bytes.count - 1) else { return nil }
        let offset = zone.offsetSeconds(atEpochSeconds: seconds)
        guard let local = format(seconds + Int64(offset), fraction: fraction) else { return nil }
        return local + DisplayZone.offsetText(offset, separator: ":")
    }

    /// The cache form of a timestamp rendered by ``render(_:in:)``, or nil when `text` does
    /// not end in a `±HH:MM` offset after a time to the second.
    static func utcText(fromZoned text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 25, bytes.count <= 35 else { return nil }
        let zoneStart = bytes.count - 6
        guard bytes[zoneStart] == UInt8(ascii: "+") || bytes[zoneStart] == UInt8(ascii: "-"),
            bytes[zoneStart + 3] == UInt8(ascii: ":"), let hours = number(bytes, zoneStart + 1, 2),
            let minutes = number(bytes, zoneStart + 4, 2), hours <= 18, minutes < 60,
            let (local, fraction) = parse(bytes, fractionEnd: zoneStart)
        else { return nil }
        let offset = (hours * 3600 + minutes * 60) * (bytes[zoneStart] == UInt8(ascii: "-") ? -1 : 1)
        return format(local - offset, fraction: fraction).map { $0 + "Z" }
    }

    /// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS` at the start of `bytes`, and the
    /// fraction (with its dot) up to `fractionEnd`.
    private static func parse(_ bytes: [UInt8], fractionEnd: Int) -> (Int64, ArraySlice<UInt8>)? {
        guard fractionEnd >= 19, let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"), let day = number(bytes, 8, 2),
            bytes[10] == UInt8(ascii: "T"), let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(bytes, 14, 2), bytes[16] == UInt8(ascii: ":"), let second = number(bytes, 17, 2),
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year), hour < 24,
            minute < 60,
            second < 60
        else { return nil }
        let fraction = bytes[19..<fractionEnd]
        if !fraction.isEmpty {
            guard fraction.count >= 2, fraction.count <= 10, fraction.first == UInt8(ascii: "."),
                fraction.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { return nil }
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second, fraction)
    }

    /// `YYYY-MM-DDTHH:MM:SS` and the fraction, or nil outside the years 0000–9999.
    private static func format(_ seconds: Int64, fraction: ArraySlice<UInt8>) -> String? {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let timeOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.date(days: days)
        guard (0...9999).contains(year) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(35)
        func append(_ value: Int64, width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
            out.append(contentsOf: digits)
        }
        append(year, width: 4)
        out.append(UInt8(ascii: "-"))
        append(month, width: 2)
        out.append(UInt8(ascii: "-"))
        append(day, width: 2)
        out.append(UInt8(ascii: "T"))
        append(timeOfDay / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        append(timeOfDay / 60 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        append(timeOfDay % 60, width: 2)
        out.append(contentsOf: fraction)
        return String(decoding: out, as: UTF8.self)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

}
