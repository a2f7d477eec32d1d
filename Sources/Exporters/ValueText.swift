import AegisSources
import AegisAudit

/// Text forms of cache values shared by the writers.
enum ValueText {
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal (control characters escaped, everything else verbatim UTF-8).
    static func jsonString(_ text: String) -> String { JSONText.string(text) }

    /// A JSON number for a double (null for NaN and infinities, which JSON cannot hold).
    static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? String(value) : "null"
    }
}
