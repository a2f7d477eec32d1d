/// The cache's timestamp text, `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (always UTC), shown shorter.
enum UTCTimestampText {
    /// `2026-11-18 02:14:05Z` (or `02:14:05.25Z` with a fraction), or nil when `text` is not a
    /// cache timestamp.
    static func display(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 30, bytes.last == UInt8(ascii: "Z") else { return nil }
        let pattern = Array("dddd-dd-ddTdd:dd:dd".utf8)
        for (index, expected) in pattern.enumerated() {
            let byte = bytes[index]
            if expected == UInt8(ascii: "d") {
                guard (0x30...0x39).contains(byte) else { return nil }
            } else if byte != expected {
                return nil
            }
        }
        var fraction = bytes[19..<(bytes.count - 1)]
        if !fraction.isEmpty {
            guard fraction.first == UInt8(ascii: "."), fraction.count > 1,
                fraction.dropFirst().allSatisfy({ (0x30...0x39).contains($0) })
            else { return nil }
            while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
            if fraction.count == 1 { fraction = [] }
        }
        return String(decoding: bytes[0..<10], as: UTF8.self) + " " + String(decoding: bytes[11..<19], as: UTF8.self)
            + String(decoding: fraction, as: UTF8.self) + "Z"
    }
}
