internal import CSQLite

/// `time_add(ts, seconds)`: `ts` (cache-form text or integer nanoseconds) shifted by `seconds`
/// (negative to go back, fractional down to a microsecond), in the cache form. NULL for NULL,
/// for text that is not a timestamp, and when the result falls outside the years 0000–9999;
/// a `seconds` that is not a number is an error.
enum TimeAddFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let timeValue = arguments[0]!, shiftValue = arguments[1]!
        if SQLFunctionValues.isNull(timeValue) || SQLFunctionValues.isNull(shiftValue) {
            return sqlite3_result_null(context)
        }
        let shift: Int64?
        switch SQLFunctionValues.number(shiftValue) {
        case .integer(let seconds):
            let (micros, overflow) = seconds.multipliedReportingOverflow(by: UTCTime.microsecondsPerSecond)
            shift = overflow ? nil : micros
        case .real(let seconds):
            let micros = (seconds * 1e6).rounded()
            shift = micros.isFinite && abs(micros) < 9e18 ? Int64(micros) : nil
        case nil:
            return SQLFunctionValues.resultError(
                context,
                "time_add: the shift must be a number of seconds, not "
                    + SQLFunctionValues.quoted(SQLFunctionValues.string(shiftValue)))
        }
        guard let shift, let microseconds = UTCTime.microseconds(timeValue) else {
            return sqlite3_result_null(context)
        }
        let (shifted, overflow) = microseconds.addingReportingOverflow(shift)
        UTCTime.resultCacheForm(context, overflow ? nil : shifted)
    }
}
