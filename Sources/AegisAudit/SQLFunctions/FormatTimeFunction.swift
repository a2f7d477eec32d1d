internal import CSQLite

/// `format_time(ts, format[, zone])`: the instant `ts` (cache-form text or integer nanoseconds)
/// written by a strftime-like `format` in UTC, or in `zone` (``DisplayZone``: `+05:30`,
/// `Europe/Paris`); NULL when an argument is NULL or `ts` is not a timestamp.
///
/// Conversions: `%Y` year (4 digits), `%y` (2), `%m` month, `%d` day, `%e` day padded with a
/// space, `%H` hour, `%M` minute, `%S` second, `%f` microseconds (6 digits), `%j` day of the
/// year, `%F` = `%Y-%m-%d`, `%T` = `%H:%M:%S`, `%s` seconds since the epoch, `%u` weekday
/// 1–7 from Monday, `%w` weekday 0–6 from Sunday, `%a`/`%A` weekday name, `%b`/`%B` month
/// name (English), `%Z` the zone (`UTC`, `+05:30`, `Europe/Paris`), `%z` its offset at that
/// instant (`+0000`, `+0100`), `%%` a percent sign. Any other conversion is an error naming it.
enum FormatTimeFunction {
    static func call(
        _ context: OpaquePointer, _ argumentCount: Int32, _ arguments: UnsafeMutablePointer<OpaquePointer?>
    ) {
        let timeValue = arguments[0]!, formatValue = arguments[1]!
        if SQLFunctionValues.isNull(timeValue) || SQLFunctionValues.isNull(formatValue)
            || (argumentCount > 2 && SQLFunctionValues.isNull(arguments[2]!))
        {
            return sqlite3_result_null(context)
        }
        guard let format = SQLFunctionValues.text(formatValue, context) else { return }
        var zone = CachedZone.utc
        if argumentCount > 2 {
            if let cached = AuxiliaryCache.withCached(context, argument: 2, as: CachedZone.self, { $0 }) {
                zone = cached
            } else {
                guard let bytes = SQLFunctionValues.text(arguments[2]!, context) else { return }
                let text = String(decoding: bytes, as: UTF8.self)
                guard let parsed = DisplayZone(text) else {
                    return SQLFunctionValues.resultError(
                        context,
                        "format_time: unknown time zone '\(text)' (an IANA name such as Europe/Paris, or an offset such as +05:30)"
                    )
                }
                zone = CachedZone(parsed)
                AuxiliaryCache.store(context, zone, argument: 2)
            }
        }
        var microseconds = UTCTime.microseconds(timeValue)
        var offset = 0
        if let instant = microseconds, zone.zone != .utc {
            offset = zone.zone.offsetSeconds(atEpochSeconds: instant.floorDivided(by: UTCTime.microsecondsPerSecond))
            let shifted = instant + Int64(offset) * UTCTime.microsecondsPerSecond
            microseconds = (UTCTime.earliest...UTCTime.latest).contains(shifted) ? shifted : nil
        }
        let offsetBytes = Array(DisplayZone.offsetText(offset, separator: "").utf8)
        // Each conversion takes two format bytes and writes at most 20 (or the zone's name).
        let capacity = format.count * (10 + zone.name.count) + 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let rendered = render(
                format, microseconds.map(UTCTime.Fields.init), zoneName: zone.name, zoneOffset: offsetBytes,
                into: buffer.baseAddress!)
            switch rendered {
            case .success(let length):
                if microseconds == nil { return sqlite3_result_null(context) }
                SQLFunctionValues.resultText(context, buffer.baseAddress!, length)
            case .failure(let message):
                SQLFunctionValues.resultError(context, message.text)
            }
        }
    }

    /// A zone argument parsed once per statement.
    final class CachedZone {
        let zone: DisplayZone
        let name: [UInt8]
        init(_ zone: DisplayZone) {
            self.zone = zone
            name = Array(zone.description.utf8)
        }
        nonisolated(unsafe) static let utc = CachedZone(.utc)
    }

    struct FormatError: Error { let text: String }

    /// Writes `format` for `time` to `output`; with no time, only checks the format (so a bad
    /// format is an error even on rows whose timestamp is unreadable).
    static func render(
        _ format: UnsafeBufferPointer<UInt8>, _ time: UTCTime.Fields?, zoneName: [UInt8] = Array("UTC".utf8),
        zoneOffset: [UInt8] = Array("+0000".utf8), into output: UnsafeMutablePointer<UInt8>
    ) -> Result<Int, FormatError> {
        var length = 0
        var index = 0
        let fields = time ?? UTCTime.Fields(0)
        while index < format.count {
            let byte = format[index]
            index += 1
            guard byte == UInt8(ascii: "%") else {
                output[length] = byte
                length += 1
                continue
            }
            guard index < format.count else {
                return .failure(FormatError(text: "format_time: the format ends with a lone %"))
            }
            let conversion = format[index]
            index += 1
            let out = output + length
            switch conversion {
            case UInt8(ascii: "Y"): length += put(fields.year, 4, out)
            case UInt8(ascii: "y"): length += put(fields.year % 100, 2, out)
            case UInt8(ascii: "m"): length += put(fields.month, 2, out)
            case UInt8(ascii: "d"): length += put(fields.day, 2, out)
            case UInt8(ascii: "e"):
                length += put(fields.day, 2, out)
                if fields.day < 10 { out[0] = 0x20 }
            case UInt8(ascii: "H"): length += put(fields.hour, 2, out)
            case UInt8(ascii: "M"): length += put(fields.minute, 2, out)
            case UInt8(ascii: "S"): length += put(fields.second, 2, out)
            case UInt8(ascii: "f"): length += put(fields.microsecond, 6, out)
            case UInt8(ascii: "j"): length += put(fields.dayOfYear, 3, out)
            case UInt8(ascii: "F"):
                length += put(fields.year, 4, out)
                out[4] = 0x2D
                length += 1 + put(fields.month, 2, out + 5)
                out[7] = 0x2D
                length += 1 + put(fields.day, 2, out + 8)
            case UInt8(ascii: "T"):
                length += put(fields.hour, 2, out)
                out[2] = 0x3A
                length += 1 + put(fields.minute, 2, out + 3)
                out[5] = 0x3A
                length += 1 + put(fields.second, 2, out + 6)
            case UInt8(ascii: "s"): length += putSigned(fields.epochSeconds, out)
            case UInt8(ascii: "u"): length += put(fields.weekday == 0 ? 7 : fields.weekday, 1, out)
            case UInt8(ascii: "w"): length += put(fields.weekday, 1, out)
            case UInt8(ascii: "a"): length += copy(weekdays[Int(fields.weekday)].prefix(3), out)
            case UInt8(ascii: "A"): length += copy(weekdays[Int(fields.weekday)][...], out)
            case UInt8(ascii: "b"): length += copy(months[Int(fields.month) - 1].prefix(3), out)
            case UInt8(ascii: "B"): length += copy(months[Int(fields.month) - 1][...], out)
            case UInt8(ascii: "Z"): length += copy(zoneName, out)
            case UInt8(ascii: "z"): length += copy(zoneOffset, out)
            case UInt8(ascii: "%"):
                out[0] = conversion
                length += 1
            default:
                let shown =
                    conversion < 0x80 ? String(UnicodeScalar(conversion)) : "\\x\(String(conversion, radix: 16))"
                return .failure(FormatError(text: "format_time: unknown conversion %\(shown) in the format"))
            }
        }
        return .success(length)
    }

    private static let weekdays: [String.UTF8View] = [
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    ].map(\.utf8)
    private static let months: [String.UTF8View] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ].map(\.utf8)

    @inline(__always)
    private static func put(_ value: Int64, _ width: Int, _ output: UnsafeMutablePointer<UInt8>) -> Int {
        UTCTime.put(value, width, output)
        return width
    }

    private static func putSigned(_ value: Int64, _ output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        if value < 0 {
            output[0] = UInt8(ascii: "-")
            length = 1
        }
        let magnitude = value.magnitude
        var digits = 1
        var scan = magnitude / 10
        while scan > 0 {
            digits += 1
            scan /= 10
        }
        UTCTime.put(Int64(magnitude), digits, output + length)
        return length + digits
    }

    private static func copy(_ bytes: [UInt8], _ output: UnsafeMutablePointer<UInt8>) -> Int {
        for (index, byte) in bytes.enumerated() { output[index] = byte }
        return bytes.count
    }

    private static func copy(_ text: Substring.UTF8View, _ output: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        for byte in text {
            output[length] = byte
            length += 1
        }
        return length
    }
}
