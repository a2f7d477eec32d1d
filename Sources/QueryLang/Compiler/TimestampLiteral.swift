import AegisAudit
import Foundation

/// Timestamps in the cache's form, `2026-11-18T02:17:00.000000Z` (UTC, microseconds).
enum TimestampLiteral {
    /// The cache form of an ISO 8601 literal (`2026-11-18`, `2026-11-18T02:17Z`,
    /// `2026-11-18T04:17:00+02:00`, ...), or nil.
    static func normalise(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, micros = 0, offset = 0
        var cursor = 10
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "T") || bytes[cursor] == UInt8(ascii: "t") {
            guard let h = number(11..<13), let m = number(14..<16), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            cursor = 16
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                guard let s = number(17..<19), s < 60 else { return nil }
                second = s
                cursor = 19
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
                    cursor += 1
                    var digits = 0, value = 0
                    while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]) {
                        if digits < 6 {
                            value = value * 10 + Int(bytes[cursor] - 0x30)
                            digits += 1
                        }
                        cursor += 1
                    }
                    while digits < 6 {
                        value *= 10
                        digits += 1
                    }
                    micros = value
                }
            }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                let sign = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = number((cursor + 1)..<(cursor + 3)), oh <= 14 else { return nil }
                var om = 0
                var next = cursor + 3
                if next < bytes.count, bytes[next] == UInt8(ascii: ":") { next += 1 }
                if let minutes = number(next..<(next + 2)), minutes < 60 {
                    om = minutes
                    next += 2
                }
                offset = sign * (oh * 3600 + om * 60)
                cursor = next
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "Z") || bytes[cursor] == UInt8(ascii: "z") {
                cursor += 1
            }
        }
        guard cursor == bytes.count else { return nil }
        var broken = tm()
        broken.tm_year = Int32(year - 1900)
        broken.tm_mon = Int32(month - 1)
        broken.tm_mday = Int32(day)
        broken.tm_hour = Int32(hour)
        broken.tm_min = Int32(minute)
        broken.tm_sec = Int32(second)
        guard abs(offset) <= 14 * 3600 else { return nil }
        let local = timegm(&broken)
        // timegm() normalises impossible dates (Feb 30 → Mar 2): refuse them instead.
        var check = tm()
        var time = local
        gmtime_r(&time, &check)
        guard Int(check.tm_year) + 1900 == year, Int(check.tm_mon) + 1 == month, Int(check.tm_mday) == day,
            Int(check.tm_hour) == hour, Int(check.tm_min) == minute, Int(check.tm_sec) == second
        else { return nil }
        return format(seconds: Int(local) - offset, micros: micros)
    }

    /// The cache form of a moment given as seconds and microseconds since the epoch.
    static func format(seconds: Int, micros: Int) -> String {
        CacheTime.text(microseconds: Int64(seconds) * 1_000_000 + Int64(micros))
    }

    /// `date` minus `seconds`, in the cache form.
    static func ago(_ seconds: Double, from date: Date) -> String {
        // Clamped to the years 0001-9999 the cache's form can hold.
        let moment = min(max(date.timeIntervalSince1970 - seconds, -62_135_596_800), 253_402_300_799)
        let whole = moment.rounded(.down)
        return format(seconds: Int(whole), micros: Int(((moment - whole) * 1_000_000).rounded(.down)))
    }
}
