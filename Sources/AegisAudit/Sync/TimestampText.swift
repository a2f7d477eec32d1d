/// Normalises PostgreSQL's ISO timestamp output to the cache's one form.
///
/// `2026-11-20 10:30:45.12+00` (timestamptz in a UTC session) and `2026-11-20 10:30:45.12`
/// (timestamp without time zone, taken as UTC) both become `2026-11-20T10:30:45.120000Z`:
/// fixed width, so text order is time order, and readable by SQLite's date functions.
/// Anything else (`infinity`, BC dates, years past 9999) is kept verbatim.
enum TimestampText {
    /// Length of the normalised form.
    static let length = 27

    /// Writes the normalised form of `input` to `output` (27 bytes) and returns true, or returns
    /// false when `input` is not a plain UTC timestamp.
    static func normalise(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Bool {
        let count = input.count
        guard count >= 19, input[4] == 0x2D, input[7] == 0x2D, input[10] == 0x20, input[13] == 0x3A,
            input[16] == 0x3A
        else { return false }
        for position in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !isDigit(input[position]) {
            return false
        }
        for position in 0..<19 { output[position] = input[position] }
        output[10] = UInt8(ascii: "T")
        output[19] = UInt8(ascii: ".")
        var read = 19, digits = 0
        if read < count, input[read] == UInt8(ascii: ".") {
            read += 1
            guard read < count, isDigit(input[read]) else { return false }
            while read < count, isDigit(input[read]) {
                guard digits < 6 else { return false }
                output[20 + digits] = input[read]
                digits += 1
                read += 1
            }
        }
        while digits < 6 {
            output[20 + digits] = UInt8(ascii: "0")
            digits += 1
        }
        output[26] = UInt8(ascii: "Z")
        let rest = count - read
        if rest == 0 { return true }  // timestamp without time zone, taken as UTC
        // A UTC session prints the offset as +00 (or +00:00 / +00:00:00 in some versions).
        guard rest >= 3, input[read] == UInt8(ascii: "+") || input[read] == UInt8(ascii: "-") else { return false }
        for position in (read + 1)..<count where input[position] != UInt8(ascii: "0") && input[position] != 0x3A {
            return false
        }
        return true
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
