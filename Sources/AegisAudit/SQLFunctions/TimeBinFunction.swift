internal import CSQLite

/// `time_bin(ts, seconds)`: `ts` (cache-form text or integer nanoseconds) floored to a multiple
/// of `seconds` since the epoch, in the cache form `YYYY-MM-DDTHH:MM:SS.ffffffZ` (fixed width,
/// so bins sort and group as text). `seconds` may be fractional, down to a microsecond; zero,
/// negative or non-numeric widths are errors. NULL for NULL and for text that is not a
/// timestamp.
enum TimeBinFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let timeValue = arguments[0]!, widthValue = arguments[1]!
        if SQLFunctionValues.isNull(timeValue) || SQLFunctionValues.isNull(widthValue) {
            return sqlite3_result_null(context)
        }
        guard let width = binWidth(widthValue) else {
            return SQLFunctionValues.resultError(
                context,
                "time_bin: the bin width must be a positive number of seconds (at least 0.000001), not "
                    + SQLFunctionValues.quoted(SQLFunctionValues.string(widthValue)))
        }
        guard let microseconds = UTCTime.microseconds(timeValue) else { return sqlite3_result_null(context) }
        UTCTime.resultCacheForm(context, microseconds.floorDivided(by: width) * width)
    }

    /// The width in microseconds, or nil when it is not a positive number.
    private static func binWidth(_ value: OpaquePointer) -> Int64? {
        switch SQLFunctionValues.number(value) {
        case .integer(let seconds):
            let (width, overflow) = seconds.multipliedReportingOverflow(by: UTCTime.microsecondsPerSecond)
            return seconds > 0 && !overflow ? width : nil
        case .real(let seconds):
            let width = (seconds * 1e6).rounded()
            return width >= 1 && width < 9e18 ? Int64(width) : nil
        case nil:
            return nil
        }
    }
}
