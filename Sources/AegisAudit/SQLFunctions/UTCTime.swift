internal import CSQLite

/// Instants as microseconds since the Unix epoch (UTC), read from and written in the cache's
/// timestamp form `2026-11-18T02:17:00.000000Z` with calendar arithmetic only (no `tm`, no
/// allocation). Microseconds, not nanoseconds, so the years 0000–9999 fit: sentinel dates
/// such as `9999-12-31` occur in real data.
enum UTCTime {
    static let microsecondsPerSecond: Int64 = 1_000_000
    static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Length of the cache form.
    static let cacheFormLength = 27
    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z: what the cache form can show.
    static let earliest = daysFromCivil(year: 0, month: 1, day: 1) * microsecondsPerDay
    static let latest = daysFromCivil(year: 10_000, month: 1, day: 1) * microsecondsPerDay - 1

    /// A function argument as an instant: text in ISO form, or an integer (or real) number of
    /// nanoseconds since the epoch. Nil for NULL, text that is not a timestamp, and blobs.
    @inline(__always)
    static func microseconds(_ value: OpaquePointer) -> Int64? {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER:
            return sqlite3_value_int64(value).floorDivided(by: 1000)
        case SQLITE_FLOAT:
            let nanoseconds = sqlite3_value_double(value)
            guard nanoseconds.isFinite, abs(nanoseconds) < 9.2e21 else { return nil }
            return Int64((nanoseconds / 1000).rounded(.down))
        case SQLITE_TEXT:
            guard let pointer = sqlite3_value_text(value) else { return nil }
            return parse(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_value_bytes(value))))
        default:
            return nil
        }
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM[:SS[.fraction]]`
    /// and a zone `Z` or `±HH[:MM]`; no zone means UTC. The cache form is the common case.
    /// Fractions past the microsecond are truncated.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = text.count
        guard count >= 10, let year = digits(text, 0, 4), text[4] == 0x2D, let month = digits(text, 5, 2),
            text[7] == 0x2D, let day = digits(text, 8, 2), (1...12).contains(month),
            day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, fraction: Int64 = 0, offset: Int64 = 0
        var index = 10
        if index < count {
            guard
                text[index] == UInt8(ascii: "T") || text[index] == UInt8(ascii: " ")
                    || text[index] == UInt8(ascii: "t"),
                let h = digits(text, index + 1, 2), index + 3 < count, text[index + 3] == 0x3A,
                let m = digits(text, index + 4, 2), h <= 23, m <= 59
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < count, text[index] == 0x3A {
                guard let s = digits(text, index + 1, 2), s <= 59 else { return nil }
                second = s
                index += 3
                if index < count, text[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale: Int64 = 100_000
                    let start = index
                    while index < count, text[index] >= 0x30, text[index] <= 0x39 {
                        fraction += Int64(text[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start, index - start <= 9 else { return nil }
                }
            }
            if index < count {
                let zone = text[index]
                if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
                    index += 1
                } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
                    guard let hours = digits(text, index + 1, 2), hours <= 23 else { return nil }
                    index += 3
                    var minutes: Int64 = 0
                    if index < count {
                        if text[index] == 0x3A { index += 1 }
                        guard let m = digits(text, index, 2), m <= 59 else { return nil }
                        minutes = m
                        index += 2
                    }
                    offset = (hours * 3600 + minutes * 60) * (zone == UInt8(ascii: "-") ? -1 : 1)
                }
            }
            guard index == count else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return seconds * microsecondsPerSecond + fraction
    }

    /// Writes the cache form of `microseconds` (27 bytes) to `output`; false when the year is
    /// outside 0000–9999.
    @inline(__always)
    static func writeCacheForm(_ microseconds: Int64, to output: UnsafeMutablePointer<UInt8>) -> Bool {
        guard microseconds >= earliest, microseconds <= latest else { return false }
        let time = Fields(microseconds)
        put(time.year, 4, output)
        output[4] = 0x2D
        put(time.month, 2, output + 5)
        output[7] = 0x2D
        put(time.day, 2, output + 8)
        output[10] = UInt8(ascii: "T")
        put(time.hour, 2, output + 11)
        output[13] = 0x3A
        put(time.minute, 2, output + 14)
        output[16] = 0x3A
        put(time.second, 2, output + 17)
        output[19] = UInt8(ascii: ".")
        put(time.microsecond, 6, output + 20)
        output[26] = UInt8(ascii: "Z")
        return true
    }

    /// Sets the function result to the cache form of `microseconds`, or NULL when it cannot be
    /// written (a year outside 0000–9999).
    static func resultCacheForm(_ context: OpaquePointer, _ microseconds: Int64?) {
        guard let microseconds else { return sqlite3_result_null(context) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cacheFormLength) { buffer in
            if writeCacheForm(microseconds, to: buffer.baseAddress!) {
                SQLFunctionValues.resultText(context, buffer.baseAddress!, cacheFormLength)
            } else {
                sqlite3_result_null(context)
            }
        }
    }

    /// The calendar fields of an instant.
    struct Fields {
        var year, month, day, hour, minute, second, microsecond: Int64
        /// Days since 1970-01-01 (a Thursday).
        var days: Int64
        /// Seconds since the epoch.
        var epochSeconds: Int64

        init(_ microseconds: Int64) {
            epochSeconds = microseconds.floorDivided(by: microsecondsPerSecond)
            microsecond = microseconds - epochSeconds * microsecondsPerSecond
            days = epochSeconds.floorDivided(by: 86_400)
            let secondOfDay = epochSeconds - days * 86_400
            hour = secondOfDay / 3600
            minute = secondOfDay / 60 % 60
            second = secondOfDay % 60
            (year, month, day) = UTCTime.civil(fromDays: days)
        }

        /// 0 = Sunday … 6 = Saturday.
        var weekday: Int64 { (days + 4).floorModulo(7) }
        /// 1 … 366.
        var dayOfYear: Int64 { days - UTCTime.daysFromCivil(year: year, month: 1, day: 1) + 1 }
    }

    // MARK: Calendar (``CivilCalendar``)

    @inline(__always)
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    @inline(__always)
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        CivilCalendar.date(days: days)
    }

    @inline(__always)
    static func daysIn(month: Int64, year: Int64) -> Int64 { CivilCalendar.daysIn(month: month, year: year) }

    // MARK: Digits

    /// The decimal number in `text[start..<start+width]`, or nil if any byte is not a digit or
    /// the text is too short.
    @inline(__always)
    static func digits(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ width: Int) -> Int64? {
        guard start + width <= text.count else { return nil }
        var value: Int64 = 0
        for index in start..<(start + width) {
            let digit = text[index] &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// Writes `value` (non-negative) as exactly `width` digits, zero-padded.
    @inline(__always)
    static func put(_ value: Int64, _ width: Int, _ output: UnsafeMutablePointer<UInt8>) {
        var rest = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            output[index] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}

extension Int64 {
    /// Division rounding towards minus infinity.
    @inline(__always)
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of ``floorDivided(by:)``: in 0..<divisor for a positive divisor.
    @inline(__always)
    func floorModulo(_ divisor: Int64) -> Int64 { self - floorDivided(by: divisor) * divisor }
}
